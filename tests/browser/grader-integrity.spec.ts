import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

async function download(page: Page, action: 'download-submission' | 'export-csv'): Promise<string> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-action="${action}"]`).click()]);
  return readFileSync((await dl.path())!, 'utf8');
}

test('grader mode: a huge answer is shown truncated with "show all", the newer of two files is graded, flags are counted, the CSV is spreadsheet-safe', async ({ page }) => {
  await page.goto('#/hw1');
  await page.locator('[data-student-id]').fill('zoe');
  await page.locator('.student-id button[type="submit"]').click();
  const zoe = JSON.parse(await download(page, 'download-submission'));
  const huge = 'All work and no play. '.repeat(2_000); // 44,000 characters
  const newer = { ...zoe, parts: { ...zoe.parts, '2a': { input: huge } }, submittedAt: '2026-11-30T10:00:00.000Z' };
  const older = { ...zoe, submittedAt: '2026-11-29T10:00:00.000Z' };
  const formula = { ...zoe, studentId: '-1+HYPERLINK("http://evil","x")' };

  await page.goto('#/grade');
  await page.locator('[data-grader-files]').setInputFiles([
    { name: 'older.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(older)) },
    { name: 'newer.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(newer)) },
    { name: 'formula.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(formula)) },
  ]);
  await expect(page.locator('[data-file-error="older.json"]')).toContainText('an older submission for student "zoe"');
  await expect(page.locator('[data-file-error="older.json"]')).toContainText('the newer newer.json');
  await expect(page.locator('[data-grade-table] tbody tr')).toHaveCount(2);

  const csv = (await download(page, 'export-csv')).trim().split('\n');
  expect(csv[0]).toMatch(/,total,flags$/);
  // Zoe: two flags (the huge answer, two files); the formula id is written as text.
  expect(csv.find((l) => l.startsWith('zoe,'))).toMatch(/,2$/);
  expect(csv.some((l) => l.startsWith(`"'-1+HYPERLINK(""http://evil"",""x"")",`))).toBe(true);

  await page.locator('[data-student="zoe"] [data-action="review"]').click();
  await expect(page.locator('[data-review-flags]')).toContainText('The answer to 2a is 44,000 characters long');
  await expect(page.locator('[data-review-flags]')).toContainText('handed in 2 files; this newest one is graded, not older.json');
  const p2a = page.locator('[data-review-part][data-part="2a"]');
  await expect(p2a.locator('[data-truncated-answer]')).toContainText('Showing the first 20,000 of 44,000 characters.');
  expect((await p2a.locator('[data-truncated-answer] pre').textContent())!.length).toBe(20_000);
  await p2a.screenshot({ path: 'tests/browser/screenshots/grader-long-answer.png' });
  await p2a.locator('[data-action="show-all"]').click();
  await expect(p2a.locator('[data-truncated-answer]')).toHaveCount(0);
  await expect(p2a.locator('.student-text')).toContainText('All work and no play.');
});
