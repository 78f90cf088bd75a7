// Screenshots of pages for a human look: node scripts/screenshots.mjs <url-hash>[@selector]...
// With GRADBOOK_URL (a running `npm start` or `npm run preview`) it shoots that server; otherwise it
// builds the app and serves it itself on a free port, so it never depends on a fixed one.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumLaunch } from '../tests/browser/chromium.mjs';
import { startPreview } from './preview-server.mjs';

let base = process.env.GRADBOOK_URL;
let stopServer = () => {};
if (!base) {
  const outDir = mkdtempSync(join(tmpdir(), 'gradbook-screenshots-'));
  process.on('exit', () => rmSync(outDir, { recursive: true, force: true }));
  console.error('building the app (set GRADBOOK_URL to shoot a running server instead) ...');
  execFileSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], { stdio: 'inherit' });
  ({ base, stop: stopServer } = await startPreview({ outDir }));
}
const out = 'tests/browser/screenshots';
mkdirSync(out, { recursive: true });
const browser = await chromium.launch(chromiumLaunch);
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  for (const [i, hash] of process.argv.slice(2).entries()) {
    const [h, selector] = hash.split('@');
    await page.goto(base + h);
    await page.waitForTimeout(1200);
    const file = `${out}/${i}-${h.replace(/[^a-z0-9]+/gi, '_')}.png`;
    if (selector) await page.locator(selector).first().screenshot({ path: file });
    else await page.screenshot({ path: file, fullPage: true });
    console.log(file);
  }
} finally {
  await browser.close();
  await stopServer();
}
