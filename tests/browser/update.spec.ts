import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { preview } from 'vite';
import { answer, part } from './helpers';

// The config blocks service workers for every other spec; this one is about them.
test.use({ serviceWorkers: 'allow' });

// The build the config made for this run (see playwright.config.ts).
const built = process.env.GRADBOOK_PORT ? `dist-${process.env.GRADBOOK_PORT}` : 'dist';

/**
 * A second deployment made from the first without another Vite build: index.html changes (it says
 * which deployment it is) and the service worker's precache manifest gives it a new revision, which
 * is what Workbox compares. sw.js changes with it, so the browser installs the new worker.
 */
function deployNextVersion(site: string) {
  const html = path.join(site, 'index.html');
  writeFileSync(html, readFileSync(html, 'utf8').replace('<head>', '<head>\n    <meta name="gradbook-deployment" content="2" />'));
  const sw = path.join(site, 'sw.js');
  const before = readFileSync(sw, 'utf8');
  const after = before.replace(/(\{url:"index\.html",revision:")[0-9a-f]+"/, '$1next-deployment"');
  expect(after, 'the precache entry of index.html in sw.js').not.toBe(before);
  writeFileSync(sw, after);
}

test('a new deployment is offered, reloads when asked, and the saved answer and its verdict survive', async ({ page }) => {
  // A site of its own (a copy of the build on a free port, served by `vite preview` with this
  // repo's config, so with the same COOP/COEP headers): its files can change under the page
  // without touching the build the other specs are served from.
  const site = mkdtempSync(path.join(tmpdir(), 'gradbook-deployment-'));
  cpSync(built, site, { recursive: true });
  const server = await preview({
    logLevel: 'silent',
    build: { outDir: site },
    preview: { port: 0, host: 'localhost', strictPort: true },
  });
  try {
    const url = server.resolvedUrls!.local[0];
    await page.goto(`${url}#/hw1/1a`);
    await expect(part(page, '1a')).toBeVisible();
    await expect(await answer(page, '1b', '3.9e1')).toHaveAttribute('data-verdict', 'correct');
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    const offer = page.locator('[data-update-banner]');
    const reload = offer.locator('[data-action="reload-update"]');
    await expect(offer).toBeAttached();
    await expect(reload).toHaveCount(0);

    deployNextVersion(site);
    // Opening the page again makes the browser look for a new service worker; until the student
    // chooses, the page is still the deployment they started with.
    await page.reload();
    await expect(part(page, '1a')).toBeVisible();
    await expect(reload).toBeVisible();
    await expect(offer).toContainText('A new version is available');
    await expect(page.locator('meta[name="gradbook-deployment"]')).toHaveCount(0);

    await reload.click();
    await expect(page.locator('meta[name="gradbook-deployment"]')).toHaveAttribute('content', '2');
    await expect(part(page, '1b').locator('[data-answer-input]')).toHaveValue('3.9e1');
    await expect(part(page, '1b').locator('[data-verdict]')).toHaveAttribute('data-verdict', 'correct');
    await expect(reload).toHaveCount(0);
  } finally {
    await server.close();
    rmSync(site, { recursive: true, force: true });
  }
});
