import { readdirSync, readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { answer } from './helpers';

/** Every notebook's id, read from notebooks/*.md, so a new notebook is checked without editing a test. */
export const NOTEBOOK_IDS = readdirSync('notebooks')
  .filter((f) => f.endsWith('.md'))
  .map((f) => /^id:\s*(\S+)/m.exec(readFileSync(`notebooks/${f}`, 'utf8'))?.[1])
  .filter((id): id is string => Boolean(id));

/** Every page a student or grader sees: home, each notebook, a part link, the grade page. */
export const PAGES = ['#/', ...NOTEBOOK_IDS.map((id) => `#/${id}`), '#/hw1/1a', '#/grade'];

/**
 * Opens a page and brings every lazy thing on it to life: widgets, editors and plots load as they
 * come near the screen, so the page is scrolled through before it is judged.
 */
export async function openSettled(page: Page, hash: string) {
  await page.goto(hash);
  await expect(page.locator('main :is(article, .home, [data-grader])').first()).toBeVisible();
  await settle(page);
}

export async function settle(page: Page) {
  const step = page.viewportSize()!.height * 0.8;
  // A live cell's plot appears only once its worker has answered, perhaps after the scroll went
  // past it, so a second pass brings those plots on screen too.
  for (let pass = 0; pass < 2; pass++) {
    // The page grows as widgets replace their placeholders, so its height is read again at each step.
    for (let y = 0; y < (await page.evaluate(() => document.scrollingElement!.scrollHeight)); y += step) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
      await page.waitForTimeout(100);
    }
    await expect(page.locator('[data-live][data-running="true"]')).toHaveCount(0, { timeout: 60_000 });
  }
  // Placeholders shown while a widget, editor or plot loads; hidden ones (a closed panel) never load.
  // On a busy machine a quick scroll can pass a placeholder between two frames: each one left is
  // brought on screen and given its moment before the page is judged.
  const waiting = page.locator('main .loading:visible');
  for (let i = 0; i < 20 && (await waiting.count()) > 0; i++) {
    await waiting.first().scrollIntoViewIfNeeded().catch(() => {});
    await page.waitForTimeout(500);
  }
  await expect(waiting).toHaveCount(0, { timeout: 45_000 });
  // Math shows its TeX source until KaTeX (loaded after the first paint) has typeset it.
  await expect(page.locator('main [data-tex-loading]')).toHaveCount(0, { timeout: 30_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** The grade page of hw1 with one student's submission (1a answered wrong) loaded. */
export async function openGradedClass(page: Page) {
  await page.goto('#/hw1');
  await expect(await answer(page, '1a', '1')).toHaveAttribute('data-verdict', 'incorrect');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="download-submission"]').click()]);
  const text = readFileSync((await dl.path())!, 'utf8');
  await page.goto('#/grade?nb=hw1');
  await page.locator('[data-grader-files]').setInputFiles([{ name: 'student.json', mimeType: 'application/json', buffer: Buffer.from(text) }]);
  await expect(page.locator('[data-action="review"]')).toHaveCount(1);
}

/** A grader's review page: a submission made on the student page, loaded in grader mode. */
export async function openReview(page: Page) {
  await openGradedClass(page);
  // Clicked (tapped, at phone width), so a control laid over the link fails the test.
  await page.locator('[data-action="review"]').first().click();
  await expect(page.locator('[data-review-student]')).toBeVisible();
  await settle(page);
}
