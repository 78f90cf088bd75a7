import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { submit } from './helpers';

/** Presses the button for `action` and returns the text of the file it downloads. */
async function download(page: Page, action: string): Promise<string> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-action="${action}"]`).click()]);
  return readFileSync((await dl.path())!, 'utf8');
}

test("a grader ticks hw1 3c's rubric: the points follow, and the long CSV and feedback page carry the items and the comment", async ({ page }) => {
  // The student writes a derivation and downloads the submission.
  await page.goto('#/hw1');
  await page.locator('[data-student-id]').fill('dana');
  await page.locator('.student-id button[type="submit"]').click();
  await expect(await submit(page, '3c', 'Each row has mean $\\mu (Xw)_i$, so (A) is $\\mu$; its spread gives the penalty.')).toBeVisible();
  const file = await download(page, 'download-submission');

  await page.goto('#/grade?nb=hw1');
  await page.locator('[data-grader-files]').setInputFiles([{ name: 'dana.json', mimeType: 'application/json', buffer: Buffer.from(file) }]);
  await page.locator('[data-student="dana"] [data-action="review"]').click();
  const p3c = page.locator('[data-review-part][data-part="3c"]');
  const rubric = p3c.locator('[data-rubric]');
  await expect(rubric.locator('[data-rubric-item]')).toHaveCount(3);
  const points = p3c.locator('[data-manual-points]');
  await expect(points).toHaveValue('');

  // Both positive items: 1 + 1 = the part's 2 points; the deduction takes one off; unticking it gives it back.
  await rubric.locator('[data-rubric-item="0"]').check();
  await expect(points).toHaveValue('1');
  await rubric.locator('[data-rubric-item="1"]').check();
  await expect(points).toHaveValue('2');
  await rubric.locator('[data-rubric-item="2"]').check();
  await expect(points).toHaveValue('1');
  await rubric.locator('[data-rubric-item="2"]').uncheck();
  await expect(points).toHaveValue('2');
  await rubric.locator('[data-rubric-item="1"]').uncheck();
  await expect(points).toHaveValue('1');
  await p3c.locator('[data-manual-comment]').fill('Say why the noise entries are independent.');
  await rubric.screenshot({ path: 'tests/browser/screenshots/grader-rubric.png' });

  const feedback = await download(page, 'download-feedback');
  expect(feedback).toMatch(/☑ <b>\+1<\/b> <p>Finds .*so \(A\) is/);
  expect(feedback).toMatch(/☐ <b>\+1<\/b> <p>Finds .*so \(B\) is/);
  expect(feedback).toMatch(/☐ <b>-1<\/b> <p>Moves the expectation/);
  expect(feedback).toContain('Say why the noise entries are independent.');

  await page.locator('a', { hasText: 'All students' }).click();
  await expect(page.locator('[data-student="dana"] [data-cell="3c"]')).toHaveText('1');
  await page.locator('[data-export-format]').selectOption('long');
  const long = await download(page, 'export-csv');
  const row = long.split('\n').find((l) => l.startsWith('dana,') && l.includes(',3c,text,'));
  expect(row).toContain(',3c,text,1,2,graded,');
  expect(row).toContain('[1] Finds $\\mathbb E z_i = \\mu\\,(X\\mathbf w)_i$, so (A) is $\\mu$ — Say why the noise entries are independent.');
  expect(row).not.toContain('Var');

  // The LMS layouts name the assignment as the LMS does; Moodle's feedback column carries the rubric and comment.
  await page.locator('[data-export-format]').selectOption('canvas');
  await page.locator('[data-export-assignment]').fill('HW 1 (4757)');
  const canvas = (await download(page, 'export-csv')).trimEnd().split('\n');
  expect(canvas[0]).toBe('Student,ID,SIS User ID,SIS Login ID,Section,HW 1 (4757)');
  expect(canvas[2]).toMatch(/^dana,,dana,dana,,1$/);
  await page.locator('[data-export-format]').selectOption('moodle');
  await page.locator('[data-export-assignment]').fill('Homework 1');
  const moodle = (await download(page, 'export-csv')).trimEnd().split('\n');
  expect(moodle[0]).toBe('First name,Last name,ID number,Email address,Homework 1 (Real),Homework 1 (Feedback)');
  expect(moodle[1]).toBe(',,dana,,1,"3c: [1] Finds $\\mathbb E z_i = \\mu\\,(X\\mathbf w)_i$, so (A) is $\\mu$ — Say why the noise entries are independent."');
});
