import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { submit } from './helpers';

/** Presses the button for `action` and returns the text of the file it downloads. */
async function download(page: Page, action: string): Promise<string> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-action="${action}"]`).click()]);
  return readFileSync((await dl.path())!, 'utf8');
}

test("a grader ticks hw1 2a's rubric: the points follow, and the long CSV and feedback page carry the items and the comment", async ({ page }) => {
  // The student writes a derivation and downloads the submission.
  await page.goto('#/hw1');
  await page.locator('[data-student-id]').fill('dana');
  await page.locator('.student-id button[type="submit"]').click();
  await expect(await submit(page, '2a', 'Since $\\mathbb E R_{ij} = p$ the mean is $pX\\tilde w$; the variance of each row gives the penalty.')).toBeVisible();
  const file = await download(page, 'download-submission');

  await page.goto('#/grade?nb=hw1');
  await page.locator('[data-grader-files]').setInputFiles([{ name: 'dana.json', mimeType: 'application/json', buffer: Buffer.from(file) }]);
  await page.locator('[data-student="dana"] [data-action="review"]').click();
  const p2a = page.locator('[data-review-part][data-part="2a"]');
  const rubric = p2a.locator('[data-rubric]');
  await expect(rubric.locator('[data-rubric-item]')).toHaveCount(3);
  const points = p2a.locator('[data-manual-points]');
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
  await p2a.locator('[data-manual-comment]').fill('Say why the mask entries are independent.');
  await rubric.screenshot({ path: 'tests/browser/screenshots/grader-rubric.png' });

  const feedback = await download(page, 'download-feedback');
  expect(feedback).toMatch(/☑ <b>\+1<\/b> <p>Uses .*to turn the mean/);
  expect(feedback).toMatch(/☐ <b>\+1<\/b> <p>Uses .*to get the penalty/);
  expect(feedback).toMatch(/☐ <b>-1<\/b> <p>Moves the expectation/);
  expect(feedback).toContain('Say why the mask entries are independent.');

  await page.locator('a', { hasText: 'All students' }).click();
  await expect(page.locator('[data-student="dana"] [data-cell="2a"]')).toHaveText('1');
  await page.locator('[data-export-format]').selectOption('long');
  const long = await download(page, 'export-csv');
  const row = long.split('\n').find((l) => l.startsWith('dana,') && l.includes(',2a,text,'));
  expect(row).toContain(',2a,text,1,2,graded,');
  expect(row).toContain('[1] Uses $\\mathbb E R_{ij} = p$ to turn the mean of the prediction into $pX\\tilde{\\mathbf w}$ — Say why the mask entries are independent.');
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
  expect(moodle[1]).toContain(',,dana,,1,"2a: [1] Uses $\\mathbb E R_{ij} = p$');
  expect(moodle[1]).toContain('— Say why the mask entries are independent."');
});
