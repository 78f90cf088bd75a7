import { defineConfig } from '@playwright/test';
import { chromiumLaunch } from './tests/browser/chromium.mjs';

import { checkPort, freePort } from './scripts/ports.mjs';

// GRADBOOK_PORT picks the port (and a build folder of its own, so several test runs can share a
// checkout); without it the main process takes a free port. Playwright loads this file again in
// every worker process: they inherit GRADBOOK_FREE_PORT from the main process, so all agree.
const chosen = process.env.GRADBOOK_PORT;
if (!chosen && !process.env.GRADBOOK_FREE_PORT) {
  process.env.GRADBOOK_FREE_PORT = String(await freePort());
  console.log(`browser tests: serving the build at http://localhost:${process.env.GRADBOOK_FREE_PORT}/`);
}
const port = checkPort(chosen ?? process.env.GRADBOOK_FREE_PORT);
const outDir = chosen ? `dist-${port}` : 'dist';
const baseURL = `http://localhost:${port}/`;

export default defineConfig({
  testDir: 'tests/browser',
  testMatch: '**/*.spec.ts',
  timeout: 90_000,
  // Widgets and plots load lazily; on a busy 2-core machine that can take several seconds.
  expect: { timeout: 15_000 },
  workers: 2,
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions: chromiumLaunch,
    viewport: { width: 1100, height: 900 },
    // Each test's fresh context would install the service worker and precache the whole app (about
    // 6 MB) beside the test: only the offline spec, which is about it, lets it run.
    serviceWorkers: 'block',
  },
  webServer: {
    // --bypass-lock: builds for other ports may run in the same checkout at the same time.
    command: `npx vite build --bypass-lock --outDir ${outDir} --emptyOutDir && npx vite preview --bypass-lock --outDir ${outDir} --port ${port} --strictPort`,
    url: baseURL,
    reuseExistingServer: false,
    timeout: 180_000,
  },
});
