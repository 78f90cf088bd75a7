import { defineConfig } from '@playwright/test';
import { chromiumLaunch } from './tests/browser/chromium.mjs';

const port = Number(process.env.GRADBOOK_PORT ?? 4173);
// Separate build folders let several test runs (one per port) share a checkout.
const outDir = process.env.GRADBOOK_PORT ? `dist-${port}` : 'dist';
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
  },
  webServer: {
    // --bypass-lock: builds for other ports may run in the same checkout at the same time.
    command: `npx vite build --bypass-lock --outDir ${outDir} --emptyOutDir && npx vite preview --bypass-lock --outDir ${outDir} --port ${port} --strictPort`,
    url: baseURL,
    reuseExistingServer: false,
    timeout: 180_000,
  },
});
