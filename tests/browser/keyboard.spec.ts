import { expect, test } from '@playwright/test';
import { part, RIGHT_POOL } from './helpers';
import { settle } from './pages';

test('the first Tab reaches the skip link, which lands on the parts menu; the menu jumps to any part', async ({ page }) => {
  await page.goto('#/hw1');
  await expect(page.locator('[data-parts-menu]')).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.locator('[data-skip-link]')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-parts-menu]')).toBeFocused();
  // From the menu, part 3c is a few presses away (it was about 70 from the top before).
  let presses = 0;
  while (!(await page.evaluate(() => document.activeElement?.textContent === '3c')) && presses < 40) {
    await page.keyboard.press('Tab');
    presses++;
  }
  expect(presses).toBeLessThan(15);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/hw1\/3c/);
  await expect(part(page, '3c').locator('[data-answer-input]').first()).toBeFocused();
});

test('Ctrl+Enter checks the answer being typed; Enter alone in a matrix box adds a line', async ({ page }) => {
  await page.goto('#/hw1/1a');
  const input = part(page, '1a').locator('[data-answer-input]');
  await input.focus();
  await page.keyboard.type('1');
  await page.keyboard.press('Control+Enter');
  await expect(part(page, '1a').locator('[data-verdict]')).toHaveAttribute('data-verdict', 'incorrect');
  const matrix = part(page, '7b').locator('textarea[data-answer-input]');
  await matrix.focus();
  await page.keyboard.type('0 1');
  await page.keyboard.press('Enter');
  await page.keyboard.type('1 0');
  await expect(matrix).toHaveValue('0 1\n1 0');
  await page.keyboard.press('Meta+Enter');
  await expect(part(page, '7b').locator('[data-verdict]')).toBeVisible();
});

test('Shift+Enter in a code editor runs its checks', async ({ page }) => {
  await page.goto('#/hw1-layers/5f');
  const editor = part(page, '5f').locator('.cm-content');
  await expect(editor).toBeVisible({ timeout: 30_000 });
  await editor.fill(RIGHT_POOL);
  await editor.focus();
  await page.keyboard.press('Shift+Enter');
  await expect(part(page, '5f').locator('[data-verdict]')).toHaveAttribute('data-verdict', 'correct', { timeout: 60_000 });
});

test('plot toolbars stay out of the tab order until asked for', async ({ page }) => {
  await page.goto('#/hw1-lab');
  const plot = page.locator('.plot').first();
  await plot.scrollIntoViewIfNeeded();
  await expect(plot).toHaveAttribute('data-plot', 'ready');
  await expect(plot.locator('.modebar-btn').first()).toBeAttached();
  const tabbable = () => plot.locator('.modebar-btn').evaluateAll((bs) => bs.filter((b) => (b as HTMLElement).tabIndex >= 0).length);
  expect(await tabbable()).toBe(0);
  await plot.locator('[data-action="plot-tools"]').focus();
  await page.keyboard.press('Enter');
  await expect(plot.locator('.modebar-btn').first()).toBeFocused();
  expect(await tabbable()).toBeGreaterThan(3);
  // The text alternative: the plotted numbers as a table, on demand.
  await plot.locator('[data-plot-table] summary').click();
  await expect(plot.locator('[data-plot-table] table').first()).toBeVisible();
});

test('a whole notebook can be worked with the keyboard alone', async ({ page }) => {
  await page.goto('#/hw1');
  await settle(page);
  // Tab from the top to the end: every stop is visible and shows a focus ring, and every part's
  // answer box is reached on the way, in page order.
  const parts = await page.locator('[data-part]:has([data-answer-input])').evaluateAll((ps) => ps.map((p) => p.getAttribute('data-part')));
  const seen: string[] = [];
  for (let i = 0; i < 2000; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return {
        part: el.matches('[data-answer-input], [data-answer-input] *') ? el.closest('[data-part]')?.getAttribute('data-part') : null,
        visible: r.width > 0 && r.height > 0,
        ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
        inPlot: Boolean(el.closest('.modebar')),
      };
    });
    if (!stop) break;
    expect(stop.visible).toBe(true);
    expect(stop.ring).toBe(true);
    expect(stop.inPlot).toBe(false);
    if (stop.part && seen.at(-1) !== stop.part) seen.push(stop.part);
  }
  expect(seen).toEqual(parts);
  // And an answer typed and checked by keyboard alone gets its verdict.
  await part(page, '1b').locator('[data-answer-input]').focus();
  await page.keyboard.type('39');
  await page.keyboard.press('Enter');
  await expect(part(page, '1b').locator('[data-verdict]')).toHaveAttribute('data-verdict', 'correct');
});
