// Screenshots of pages for a human look: node scripts/screenshots.mjs <url-hash>... (needs `npm run preview` running)
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { chromiumLaunch } from '../tests/browser/chromium.mjs';

const base = process.env.GRADBOOK_URL ?? 'http://localhost:4173/';
const out = 'tests/browser/screenshots';
mkdirSync(out, { recursive: true });
const browser = await chromium.launch(chromiumLaunch);
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
await browser.close();
