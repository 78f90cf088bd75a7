import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { answer, part } from './helpers';

// The config blocks service workers for every other spec; this one is about them.
test.use({ serviceWorkers: 'allow' });

/** Waits until the service worker has installed (precached) and is active for this site. */
async function swActive(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
}

test('after one visit a part link opens, is answered and checked with the network gone', async ({ page, context }) => {
  await page.goto('#/hw1/1a');
  await expect(part(page, '1a')).toBeVisible();
  await expect(await answer(page, '1b', '3.9e1')).toHaveAttribute('data-verdict', 'correct');
  await swActive(page);

  await context.setOffline(true);
  await page.reload();
  await expect(part(page, '1a')).toBeVisible();
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  // The answer saved online is still there: it lives in IndexedDB, not in the service worker's cache.
  await expect(part(page, '1b').locator('[data-answer-input]')).toHaveValue('3.9e1');
  await expect(await answer(page, '1a', '107')).toHaveAttribute('data-verdict', 'incorrect');
  await expect(await answer(page, '1a', '108')).toHaveAttribute('data-verdict', 'correct');
  // Cached responses keep their COOP/COEP headers, so the page stays cross-origin isolated (threads).
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  // Another notebook, never opened before, comes from the precache too.
  await page.goto('#/hw2');
  await expect(page.locator('main article').first()).toBeVisible();
  await context.setOffline(false);
});

test('the app can be installed: a manifest with name and icons', async ({ page, request }) => {
  await page.goto('#/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = await (await request.get(href!)).json();
  expect(manifest).toMatchObject({ name: 'GradBook', display: 'standalone' });
  for (const icon of manifest.icons as { src: string; type: string }[]) {
    const res = await request.get(icon.src);
    expect(res.ok(), icon.src).toBe(true);
    expect(res.headers()['content-type']).toContain(icon.type);
  }
  expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
});

// The build the browser tests serve (playwright.config.ts); `vite preview` reads its files on each request.
const outDir = process.env.GRADBOOK_PORT ? `dist-${process.env.GRADBOOK_PORT}` : 'dist';

test('a new deployment offers a reload, and the answers saved before it are there after it', async ({ page }) => {
  await page.goto('#/hw1/1a');
  await expect(await answer(page, '1b', '39')).toHaveAttribute('data-verdict', 'correct');
  await swActive(page);
  // The first visit is not taken over mid-way (clientsClaim: false): from the next load on, the
  // installed worker serves the page, and a newer one has to wait for it.
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  const banner = page.locator('[data-update-banner]');
  // The region exists before anything is offered, so a screen reader announces the offer.
  await expect(banner).toHaveAttribute('role', 'status');
  await expect(banner.locator('[data-action="reload-update"]')).toHaveCount(0);

  // A new deployment: the service worker script changes on the server. The browser checks for one
  // on navigations; asking the registration to check is the same thing, sooner.
  const swFile = join(outDir, 'sw.js');
  try {
    appendFileSync(swFile, `\n// redeployed ${Date.now()}\n`);
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())!.update();
    });
    const reload = banner.locator('[data-action="reload-update"]');
    await expect(reload).toBeVisible({ timeout: 30_000 });
    await expect(banner).toContainText('A new version is available');
    // Typing goes on while the offer stands: nothing reloads by itself.
    await part(page, '1a').locator('[data-answer-input]').fill('108');
    await expect(part(page, '1a').locator('[data-answer-input]')).toHaveValue('108');

    const waiting = () => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting !== null);
    expect(await waiting()).toBe(true);
    await Promise.all([page.waitForEvent('load'), reload.click()]);
    await expect(part(page, '1b')).toBeVisible();
    // The waiting worker took over (none is left waiting), and the offer is gone.
    await expect.poll(waiting).toBe(false);
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated');
    await expect(banner.locator('[data-action="reload-update"]')).toHaveCount(0);
    // Saved answers live in IndexedDB, which an update leaves alone: both the checked and the typed one.
    await expect(part(page, '1b').locator('[data-answer-input]')).toHaveValue('39');
    await expect(part(page, '1b').locator('[data-verdict]')).toHaveAttribute('data-verdict', 'correct');
    await expect(part(page, '1a').locator('[data-answer-input]')).toHaveValue('108');
  } finally {
    writeFileSync(swFile, readFileSync(swFile, 'utf8').replace(/\n\/\/ redeployed \d+\n/g, ''));
  }
});
