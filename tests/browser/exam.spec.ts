/**
 * Exam notebooks: the built site holds none of the exam's keys or reference answers; a student's
 * answers are checked for form and saved; the grader grades them with the notebook's own file.
 * Practice notebooks with `attempts:` allow that many checks per part and record them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { parseNotebook } from '../../src/notebook/parse';
import { answerParts } from '../../src/notebook/types';
import { param, part } from './helpers';

const EXAM = 'notebooks/exam-demo.md';
const examText = readFileSync(EXAM, 'utf8');
// The build the tests run against (playwright.config.ts).
const outDir = process.env.GRADBOOK_PORT ? `dist-${process.env.GRADBOOK_PORT}` : 'dist';

async function download(page: Page): Promise<string> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="download-submission"]').click()]);
  return readFileSync((await dl.path())!, 'utf8');
}

test('the built student site holds none of an exam\'s keys or reference answers', () => {
  const nb = parseNotebook(examText, EXAM);
  const secrets = [...answerParts(nb).flatMap((p) => [p.key, p.reference?.trim()]).filter((s): s is string => Boolean(s && s.length > 3))];
  expect(secrets.length).toBeGreaterThanOrEqual(5);
  const js = readdirSync(join(outDir, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(join(outDir, 'assets', f), 'utf8'))
    .join('\n');
  // The exam is in the build (so the scan looks in the right place) ...
  expect(js).toContain('Write $X^\\\\top X$ for the');
  // ... without its keys and reference, as written or as the JSON string the bundle holds.
  for (const s of secrets) {
    expect(js, s).not.toContain(s);
    expect(js, s).not.toContain(JSON.stringify(s).slice(1, -1));
  }
  expect(js).not.toContain('Whenever one input is dropped');
});

test('an exam answer is checked for form and saved; the grader grades it with the notebook file', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('#/exam-demo');
  await page.locator('[data-student-id]').fill('zoe');
  await page.locator('.student-id button[type="submit"]').click();
  const [xa, yt] = [await param(page, 'xa'), await param(page, 'yt')];
  const p1b = part(page, '1b');
  await p1b.locator('[data-answer-input]').fill('zero point four');
  await p1b.locator('[data-action="check"]').click();
  await expect(p1b.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'invalid');
  await p1b.locator('[data-answer-input]').fill(String((2 * yt) / (3 * xa)));
  await p1b.locator('[data-action="check"]').click();
  await expect(p1b.locator('[data-saved]')).toBeVisible();
  await expect(p1b.locator('[data-verdict]')).toHaveCount(0);
  // Wrong on purpose: still only "saved".
  const p1c = part(page, '1c');
  await p1c.locator('[data-answer-input]').fill('1');
  await p1c.locator('[data-action="check"]').click();
  await expect(p1c.locator('[data-saved]')).toBeVisible();
  // A written part shows no reference after submitting: the copy has none.
  const p1f = part(page, '1f');
  await p1f.locator('[data-answer-input]').fill('Each weight must explain the target alone.');
  await p1f.locator('[data-action="submit"]').click();
  await expect(p1f.locator('[data-action="submit"]')).toHaveText('Submitted');
  await expect(p1f.locator('[data-reference]')).toHaveCount(0);
  const sub = await download(page);

  await page.goto('#/grade');
  await page.locator('[data-grader-files]').setInputFiles([{ name: 'zoe.json', mimeType: 'application/json', buffer: Buffer.from(sub) }]);
  await expect(page.locator('[data-grader-notebook]')).toHaveValue('exam-demo');
  await expect(page.locator('[data-exam-needs-keys]')).toBeVisible();
  await page.locator('[data-grader-files]').setInputFiles([{ name: 'exam-demo.md', mimeType: 'text/markdown', buffer: Buffer.from(examText) }]);
  await expect(page.locator('[data-keys-from="exam-demo.md"]')).toBeVisible();
  await expect(page.locator('[data-student="zoe"] [data-cell="1b"]')).toHaveText('2');
  await expect(page.locator('[data-student="zoe"] [data-cell="1c"]')).toHaveText('0');
  await expect(page.locator('[data-student="zoe"] [data-flagged]')).toHaveCount(0);
  await page.locator('[data-student="zoe"] [data-action="review"]').click();
  await expect(page.locator('[data-review-part][data-part="1f"]')).toContainText('Whenever one input is dropped');
});

test('a practice notebook with attempts: 3 allows three checks per part and records them', async ({ page }) => {
  await page.goto('#/quiz-demo');
  const p1a = part(page, '1a');
  await expect(p1a.locator('[data-attempts-left]')).toHaveText('3 of 3 checks left');
  for (const [guess, left] of [['78400', 2], ['not a number', 2], ['78500', 1], ['78401', 0]] as const) {
    await p1a.locator('[data-answer-input]').fill(guess);
    await p1a.locator('[data-action="check"]').click();
    await expect(p1a.locator('[data-attempts-left]')).toHaveAttribute('data-attempts-left', String(left));
  }
  await expect(p1a.locator('[data-action="check"]')).toBeDisabled();
  await expect(p1a.locator('[data-attempts-left]')).toHaveText('no checks left (3 used)');
  await page.reload();
  await expect(p1a.locator('[data-action="check"]')).toBeDisabled();
  const sub = JSON.parse(await download(page));
  expect(sub.parts['1a']).toMatchObject({ input: '78401', attempts: 3, verdict: 'incorrect' });
});
