import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { answer, part } from './helpers';
import { openGradedClass, openReview, openSettled, PAGES } from './pages';

// Every page in both colour schemes, checked by axe-core against WCAG 2.1 A/AA and axe's best
// practices: any violation fails, with the rule and the elements in the message.
async function violations(page: Page, include?: string[]) {
  const axe = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']);
  for (const selector of include ?? []) axe.include(selector);
  const result = await axe.analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(' | ')}`);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`axe, ${colorScheme}`, () => {
    test.use({ colorScheme });
    for (const hash of PAGES) {
      test(`no violations on ${hash}`, async ({ page }) => {
        // axe over a whole notebook (thousands of KaTeX nodes) takes a minute on a busy 2-core machine.
        test.slow();
        await openSettled(page, hash);
        // A part link shows its whole notebook, checked in full above; here only what the link
        // changes (the highlighted part) and the page around it, so hw1 is not scanned twice.
        const part = /^#\/[^/]+\/([^/?]+)/.exec(hash)?.[1];
        expect(await violations(page, part ? ['header', `[data-part="${part}"]`, '[data-parts-menu]'] : undefined)).toEqual([]);
      });
    }
    test('no violations on the grade page with a class loaded (statistics, table, exports)', async ({ page }) => {
      await openGradedClass(page);
      await expect(page.locator('.stats-panel .js-plotly-plot')).toBeVisible();
      await page.locator('[data-action="show-part-stats"]').first().click();
      await expect(page.locator('[data-part-stats]')).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });
    test('no violations on a review page', async ({ page }) => {
      test.slow();
      await openReview(page);
      expect(await violations(page)).toEqual([]);
    });
  });
}

test('the page follows the system scheme, and a chosen theme is remembered', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('#/hw1');
  const bg = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  const dark = await bg();
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await bg();
  expect(dark).not.toBe(light);
  await page.locator('[data-theme-choice]').selectOption('dark');
  expect(await bg()).toBe(dark);
  await page.reload();
  await expect(page.locator('[data-theme-choice]')).toHaveValue('dark');
  expect(await bg()).toBe(dark);
  // Printing stays light whatever the screen shows.
  await page.emulateMedia({ media: 'print' });
  expect(await bg()).toBe('rgb(255, 255, 255)');
  await expect(page.locator('h1')).toHaveCSS('color', 'rgb(29, 35, 48)');
});

test('each check is announced once, by a live region that was in the page before the first check', async ({ page }) => {
  await page.goto('#/hw1/1a');
  // Screen readers announce changes only inside a live region that already exists: an empty one is
  // there from the start, with nothing inside it that would be announced a second time.
  const region = part(page, '1a').locator('[data-verdict-region]');
  await expect(region).toHaveAttribute('role', 'status');
  await expect(region).toHaveAttribute('aria-live', 'polite');
  await expect(region).toHaveText('');
  await expect(region.locator('[role], [aria-live]')).toHaveCount(0);
  // What appears in the region, as a screen reader is told of it: one record per added content.
  await region.evaluate((el) => {
    const w = window as unknown as { announced: string[] };
    w.announced = [];
    new MutationObserver((records) => {
      // "Loading the checker…" (a check pressed before the expression library arrived) is its own
      // announcement; the verdicts are counted here.
      for (const r of records) for (const n of r.addedNodes) if (n.textContent?.trim() && !n.textContent.includes('Loading the checker')) w.announced.push(n.textContent.trim());
    }).observe(el, { childList: true, subtree: true, characterData: true });
  });
  const announced = () => page.evaluate(() => (window as unknown as { announced: string[] }).announced);

  await expect(await answer(page, '1a', '107')).toHaveAttribute('data-verdict', 'incorrect');
  await expect(region).toContainText('Not yet');
  await expect.poll(announced).toHaveLength(1);
  // The region holds the verdict only, not the part's prompt or input.
  expect((await region.innerText()).trim()).toBe((await region.locator('[data-verdict]').innerText()).trim());
  // The same wrong answer checked again is announced again (the region's text alone would not change).
  await part(page, '1a').locator('[data-action="check"]').click();
  await expect.poll(announced).toHaveLength(2);
  await expect(await answer(page, '1a', '108')).toHaveAttribute('data-verdict', 'correct');
  await expect.poll(announced).toHaveLength(3);
  const [first, again, right] = await announced();
  expect(first).toContain('Not yet');
  expect(again).toBe(first);
  expect(right).toContain('Correct');
});
