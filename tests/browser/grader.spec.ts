import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { answer, LOOPING_DROPOUT, param, part, RIGHT_POOL, WRONG_POOL } from './helpers';

async function useStudent(page: Page, id: string) {
  await page.locator('[data-student-id]').fill(id);
  await page.locator('.student-id button[type="submit"]').click();
  // After answering, switching to another variant asks first.
  const confirm = page.locator('[data-action="confirm-switch"]');
  if (await confirm.count()) await confirm.click();
}

/** Presses the button for `action` and returns the text of the file it downloads. */
async function download(page: Page, action: 'download-submission' | 'export-csv'): Promise<string> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-action="${action}"]`).click()]);
  return readFileSync((await dl.path())!, 'utf8');
}

test('submissions are downloaded, re-graded in grader mode (bad files named), reviewed and exported', async ({ page }) => {
  await page.goto('#/hw1');
  // Alice answers 1a wrong, then "edits the file" to claim it was correct.
  await useStudent(page, 'alice');
  await expect(await answer(page, '1a', '1')).toHaveAttribute('data-verdict', 'incorrect');
  const alice = JSON.parse(await download(page, 'download-submission'));
  expect(alice.studentId).toBe('alice');
  expect(alice.parts['1a'].input).toBe('1');
  alice.parts['1a'].verdict = 'correct';
  alice.parts['1a'].message = 'Correct';

  // Bob answers 1a right for his own variant.
  await useStudent(page, 'bob');
  await expect(page.locator('[data-notebook]')).not.toHaveAttribute('data-seed', String(alice.seed));
  const right = (await param(page, 'k')) ** 2 * (await param(page, 'cin')) * (await param(page, 'cout'));
  await expect(await answer(page, '1a', String(right))).toHaveAttribute('data-verdict', 'correct');
  const bob = await download(page, 'download-submission');
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
  const csv = (await download(page, 'export-csv')).trim().split('\n');
  expect(csv[0]).toMatch(/^student_id,seed,1a,1b,.*,total,flags$/);
  expect(csv).toHaveLength(3);
  expect(csv[1]).toMatch(new RegExp(`^alice,${alice.seed},0\\.5,`));
  expect(csv[2]).toMatch(new RegExp(`^bob,\\d+,1,`));
});

test('a student restores their work from a submission file', async ({ page }) => {
  await page.goto('#/hw1');
  await useStudent(page, 'dora');
  await part(page, '1a').locator('[data-answer-input]').fill('42');
  const text = await download(page, 'download-submission');
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

test('code cells are run again in grader mode (a loop stopped, a claimed pass ignored), shown on the review page, and the CSV equals npm run grade', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('#/hw1-layers/5f');
  const p5f = part(page, '5f');
  await p5f.locator('.cm-content').fill(RIGHT_POOL);
  await p5f.locator('[data-action="check"]').click();
  await expect(p5f.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'correct', { timeout: 20_000 });
  const base = JSON.parse(await download(page, 'download-submission'));
  expect(base.code['5f'].source).toBe(RIGHT_POOL);
  expect(base.parts['5f']).toBeUndefined();

  const mia = { ...base, studentId: 'mia' };
  // Ned's code is wrong; his file was edited to claim every check passed.
  const ned = { ...base, studentId: 'ned', code: { '5f': { ...base.code['5f'], source: WRONG_POOL, verdict: 'correct', message: 'All 3 checks pass.' } } };
  const ola = { ...base, studentId: 'ola', code: { ...base.code, '5d': { source: LOOPING_DROPOUT } } };
  const files = [mia, ned, ola].map((s) => ({ name: `${s.studentId}.json`, text: JSON.stringify(s, null, 2) }));

  await page.goto('#/grade');
  await page.locator('[data-grader-files]').setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'application/json', buffer: Buffer.from(f.text) })));
  await expect(page.locator('[data-grader-notebook]')).toHaveValue('hw1-layers');
  await expect(page.locator('[data-code-runs]')).toHaveAttribute('data-code-runs', 'done', { timeout: 60_000 });
  await expect(page.locator('[data-student="mia"] [data-cell="5f"]')).toHaveText('2');
  await expect(page.locator('[data-student="ned"] [data-cell="5f"]')).toHaveText('0');
  await expect(page.locator('[data-student="ned"] [data-flagged]')).toBeVisible();
  await expect(page.locator('[data-student="ola"] [data-cell="5d"]')).toHaveText('0');
  await expect(page.locator('[data-student="ola"] [data-cell="5f"]')).toHaveText('2');

  const browserCsv = await download(page, 'export-csv');
  expect(browserCsv.split('\n')[0]).toBe('student_id,seed,5a,5b,5c,5d,5e,5f,5g,total,flags');
  const dir = mkdtempSync(join(tmpdir(), 'gradbook-grader-spec-'));
  for (const f of files) writeFileSync(join(dir, f.name), f.text);
  const cliCsv = execFileSync('node', ['scripts/grade.mjs', '--notebook', 'notebooks/hw1c-layers.md', ...files.map((f) => join(dir, f.name))], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  expect(browserCsv).toBe(cliCsv);

  await page.locator('[data-student="ola"] [data-action="review"]').click();
  const r5d = page.locator('[data-review-code-part][data-part="5d"]');
  await expect(r5d.locator('[data-code-error="timeout"]')).toHaveText('stopped: took longer than 10 s (infinite loop?)');
  await page.locator('a', { hasText: 'All students' }).click();
  await page.locator('[data-student="ned"] [data-action="review"]').click();
  const r5f = page.locator('[data-review-code-part][data-part="5f"]');
  await expect(r5f.locator('[data-review-code] .tok-keyword').first()).toBeVisible();
  await expect(r5f.locator('[data-check-row="fail"]')).toContainText('dx vs numerical gradient');
  await expect(r5f.locator('[data-check-row="pass"]')).toHaveCount(2);
  await expect(r5f).toContainText('the file claimed “correct”');
  await expect(r5f.locator('[data-reported]')).toContainText('All 3 checks pass.');
  await r5f.scrollIntoViewIfNeeded();
  await r5f.screenshot({ path: 'tests/browser/screenshots/grader-review-code.png' });
});

test('the review page shows a submission\'s training run', async ({ page }) => {
  await page.goto('#/hw1-train');
  const sub = JSON.parse(await download(page, 'download-submission'));
  sub.studentId = 'pia';
  sub.training = {
    '4a': { backend: 'webgl', testAccuracy: 0.9715, steps: 780, epochs: 5, seconds: 41.3, imgPerS: 2410, stopped: false, settings: { depth: 2, width: 16, batch: 64 }, message: 'Held-out accuracy 97.15% …', savedAt: '2026-11-29T05:00:00.000Z' },
  };
  await page.goto('#/grade');
  await page.locator('[data-grader-files]').setInputFiles({ name: 'pia.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(sub)) });
  await expect(page.locator('[data-grader-notebook]')).toHaveValue('hw1-train');
  await page.locator('[data-student="pia"] [data-action="review"]').click();
  const t = page.locator('[data-review-training][data-part="4a"]');
  await expect(t.locator('[data-train-accuracy]')).toHaveText('97.15%');
  await expect(t.locator('[data-train-backend]')).toHaveText('webgl');
  await expect(t).toContainText('2,410 images/s');
  await expect(t).toContainText('41.3 s');
  await expect(t).toContainText('depth 2, width 16, batch 64');
  await t.screenshot({ path: 'tests/browser/screenshots/grader-review-training.png' });
});
