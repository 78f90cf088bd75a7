import { expect, test } from '@playwright/test';
import { openGradedClass, openReview, openSettled, PAGES } from './pages';

// A phone: nothing scrolls sideways, and every control a finger aims at is at least 44 px.
test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

const TARGETS = "button, select, input:not([type='checkbox']):not([type='radio']):not([type='range']):not([type='file']), .topbar a, .parts-menu a";

async function smallTargets(page: import('@playwright/test').Page) {
  return page.evaluate((sel) => {
    const small: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(sel)) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || el.closest('.cm-editor, .js-plotly-plot')) continue;
      if (r.height < 44 || r.width < 44) small.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
    return small;
  }, TARGETS);
}

const pageWidth = (page: import('@playwright/test').Page) => page.evaluate(() => document.scrollingElement!.scrollWidth);

for (const hash of PAGES) {
  test(`${hash} fits 390 px with 44 px tap targets`, async ({ page }) => {
    await openSettled(page, hash);
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    expect(await smallTargets(page)).toEqual([]);
  });
}

test('the grade page with a class loaded (statistics, exports) fits 390 px', async ({ page }) => {
  await openGradedClass(page);
  await expect(page.locator('[data-action="export-csv"]')).toBeVisible();
  expect(await pageWidth(page)).toBeLessThanOrEqual(390);
  expect(await smallTargets(page)).toEqual([]);
});

test('a review page fits 390 px', async ({ page }) => {
  await openReview(page);
  expect(await pageWidth(page)).toBeLessThanOrEqual(390);
  expect(await smallTargets(page)).toEqual([]);
});

test('a 6×6 matrix grid fits the phone and its cells can be typed in', async ({ page }) => {
  await page.goto('#/hw1/7b');
  const grid = page.locator('[data-part="7b"] .matrix-grid');
  await expect(grid.locator('input')).toHaveCount(36);
  const box = (await grid.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  await grid.locator('input').first().fill('1');
  await expect(page.locator('[data-part="7b"] textarea[data-answer-input]')).toHaveValue(/^1/);
});
