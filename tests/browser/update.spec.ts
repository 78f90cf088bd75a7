import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { preview } from 'vite';
import { answer, part } from './helpers';

// The config blocks service workers for every other spec; this one is about them.
test.use({ serviceWorkers: 'allow' });

// The build the config made for this run (see playwright.config.ts).
const built = process.env.GRADBOOK_PORT ? `dist-${process.env.GRADBOOK_PORT}` : 'dist';

/**
 * Deployment `n`, made from the build without another Vite build: index.html changes (it says which
 * deployment it is) and the service worker's precache manifest gives it a new revision, which is
 * what Workbox compares. sw.js changes with it, so the browser installs the new worker.
 */
function deploy(site: string, n: number) {
  const html = path.join(site, 'index.html');
  const page = readFileSync(html, 'utf8').replace(/\n *<meta name="gradbook-deployment"[^>]*>/, '');
  writeFileSync(html, page.replace('<head>', `<head>\n    <meta name="gradbook-deployment" content="${n}" />`));
  const sw = path.join(site, 'sw.js');
  const before = readFileSync(sw, 'utf8');
  const after = before.replace(/(\{url:"index\.html",revision:")[^"]+"/, `$1deployment-${n}"`);
  expect(after, 'the precache entry of index.html in sw.js').not.toBe(before);
  writeFileSync(sw, after);
}

const deployment = (page: Page) => page.locator('meta[name="gradbook-deployment"]');

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
    // A fake clock that runs on its own, so that an hour in an open tab can be skipped.
    await page.clock.install();
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

    // Deployed while the tab of the first visit is open (a page the worker does not control): the
    // page asks for news now and then, and offers the new version; until the student chooses, the
    // page stays the deployment they started with.
    deploy(site, 2);
    await page.clock.fastForward('01:00:00');
    // Polled from here: an assertion that waits inside the page never saw the banner appear while
    // the page ran on the fake clock (a plain wait did); asking now and then does.
    await expect.poll(() => reload.count(), { intervals: [500], timeout: 30_000 }).toBe(1);
    await expect(reload).toBeVisible();
    await expect(offer).toContainText('A new version is available');
    await expect(deployment(page)).toHaveCount(0);
    await reload.click();
    await expect(deployment(page)).toHaveAttribute('content', '2');
    await expect(part(page, '1b').locator('[data-answer-input]')).toHaveValue('3.9e1');
    await expect(part(page, '1b').locator('[data-verdict]')).toHaveAttribute('data-verdict', 'correct');
    await expect(reload).toHaveCount(0);

    // Deployed before the page is opened again (the browser finds the new worker on opening it).
    deploy(site, 3);
    await page.reload();
    await expect(part(page, '1a')).toBeVisible();
    // Polled, as above (the page still runs on the fake clock).
    await expect.poll(() => reload.count(), { intervals: [500], timeout: 30_000 }).toBe(1);
    await expect(deployment(page)).toHaveAttribute('content', '2');
    await reload.click();
    await expect(deployment(page)).toHaveAttribute('content', '3');
    await expect(part(page, '1b').locator('[data-verdict]')).toHaveAttribute('data-verdict', 'correct');
  } finally {
    await server.close();
    rmSync(site, { recursive: true, force: true });
  }
});
