import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

const part = (page: Page, id: string) => page.locator(`[data-part="${id}"]`);

async function useStudent(page: Page, id: string) {
  await page.locator('[data-student-id]').fill(id);
  await page.locator('.student-id button[type="submit"]').click();
}

async function downloadSubmission(page: Page): Promise<string> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="download-submission"]').click()]);
  return readFileSync((await dl.path())!, 'utf8');
}

const param = async (page: Page, name: string) => Number(await page.locator(`[data-param="${name}"] b`).innerText());

test('submissions are downloaded, re-graded in grader mode (bad files named), reviewed and exported', async ({ page }) => {
  await page.goto('#/hw1');
  // Alice answers 1a wrong, then "edits the file" to claim it was correct.
  await useStudent(page, 'alice');
  await part(page, '1a').locator('[data-answer-input]').fill('1');
  await part(page, '1a').locator('[data-action="check"]').click();
  await expect(part(page, '1a').locator('[data-verdict]')).toHaveAttribute('data-verdict', 'incorrect');
  const alice = JSON.parse(await downloadSubmission(page));
  expect(alice.studentId).toBe('alice');
  expect(alice.parts['1a'].input).toBe('1');
  alice.parts['1a'].verdict = 'correct';
  alice.parts['1a'].message = 'Correct';

  // Bob answers 1a right for his own variant.
  await useStudent(page, 'bob');
  await expect(page.locator('[data-notebook]')).not.toHaveAttribute('data-seed', String(alice.seed));
  const right = (await param(page, 'k')) ** 2 * (await param(page, 'cin')) * (await param(page, 'cout'));
  await part(page, '1a').locator('[data-answer-input]').fill(String(right));
  await part(page, '1a').locator('[data-action="check"]').click();
  await expect(part(page, '1a').locator('[data-verdict]')).toHaveAttribute('data-verdict', 'correct');
  const bob = await downloadSubmission(page);
  expect(JSON.parse(bob).seed).not.toBe(alice.seed);

  await page.locator('nav a[href="#/grade"]').click();
  await expect(page.locator('[data-grader]')).toBeVisible();
  await page.locator('[data-grader-files]').setInputFiles([
    { name: 'alice.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(alice)) },
    { name: 'bob.json', mimeType: 'application/json', buffer: Buffer.from(bob) },
    { name: 'carol.json', mimeType: 'application/json', buffer: Buffer.from(bob.slice(0, 200)) },
  ]);
  await expect(page.locator('[data-file-error="carol.json"]')).toContainText('carol.json: the file is truncated');
  const rows = page.locator('[data-grade-table] tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(page.locator('[data-student="alice"] [data-cell="1a"]')).toHaveText('0');
  await expect(page.locator('[data-student="alice"] [data-flagged]')).toBeVisible();
  await expect(page.locator('[data-student="bob"] [data-cell="1a"]')).toHaveText('1');
  await page.screenshot({ path: 'tests/browser/screenshots/grader-table.png', fullPage: true });

  // The grader's work survives a reload.
  await page.reload();
  await expect(rows).toHaveCount(2);

  await page.locator('[data-student="alice"] [data-action="review"]').click();
  await expect(page.locator('[data-review-student]')).toContainText('alice');
  const p1a = page.locator('[data-review-part][data-part="1a"]');
  await expect(p1a.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'incorrect');
  await expect(p1a).toContainText('the file claimed “correct”');
  await expect(page.locator('[data-review-flags]')).toContainText('disagree with the re-check on 1a');
  // An override counts only once it has a reason.
  await p1a.locator('[data-manual-points]').fill('0.5');
  await expect(p1a).toContainText('Give a reason');
  await p1a.locator('[data-manual-reason]').fill('right method, arithmetic slip');
  await expect(p1a).not.toContainText('Give a reason');
  await expect(page.locator('.katex').first()).toBeVisible();
  await page.screenshot({ path: 'tests/browser/screenshots/grader-review.png', fullPage: false });

  await page.locator('a', { hasText: 'All students' }).click();
  await expect(page.locator('[data-student="alice"] [data-cell="1a"]')).toHaveText('0.5');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-csv"]').click()]);
  const csv = readFileSync((await dl.path())!, 'utf8').trim().split('\n');
  expect(csv[0]).toMatch(/^student_id,seed,1a,1b,.*,total$/);
  expect(csv).toHaveLength(3);
  expect(csv[1]).toMatch(new RegExp(`^alice,${alice.seed},0\\.5,`));
  expect(csv[2]).toMatch(new RegExp(`^bob,\\d+,1,`));
});

test('a student restores their work from a submission file', async ({ page }) => {
  await page.goto('#/hw1');
  await useStudent(page, 'dora');
  await part(page, '1a').locator('[data-answer-input]').fill('42');
  const text = await downloadSubmission(page);
  await page.locator('[data-action="reset"]').click();
  await page.locator('[data-action="confirm-reset"]').click();
  await expect(part(page, '1a').locator('[data-answer-input]')).toHaveValue('');
  await page.locator('[data-submission-file]').setInputFiles({ name: 'dora.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(part(page, '1a').locator('[data-answer-input]')).toHaveValue('42');
  // A broken file is named on the page and changes nothing.
  await page.locator('[data-submission-file]').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(text.slice(0, 30)) });
  await expect(page.locator('[data-submission-message]')).toContainText('bad.json: the file is truncated');
  await expect(part(page, '1a').locator('[data-answer-input]')).toHaveValue('42');
});
