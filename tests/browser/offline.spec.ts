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
