/**
 * Grader-only tests (grader/<notebook-id>.json): never in the student's build; on the grade page,
 * dropped with the submissions, they run in the code sandbox after the cell's own checks, and the
 * page's CSV equals `npm run grade --grader-tests`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { buildSubmission } from '../../src/grading/submission';
import { parseNotebook } from '../../src/notebook/parse';
import { studentSeed } from '../../src/notebook/variants';
import { RIGHT_POOL } from './helpers';

const GRADER_FILE = 'grader/hw1-layers.json';
const graderText = readFileSync(GRADER_FILE, 'utf8');
const graderData = JSON.parse(graderText) as { parts: Record<string, { name: string; args: number[][][][][] }[]> };
// The build the tests run against (playwright.config.ts).
const outDir = process.env.GRADBOOK_PORT ? `dist-${process.env.GRADBOOK_PORT}` : 'dist';

test('the built student site holds none of the grader-only tests', () => {
  const js = readdirSync(join(outDir, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(join(outDir, 'assets', f), 'utf8'))
    .join('\n');
  // The notebook the tests are for is in the build (so the scan looks in the right place) ...
  // (booleans: a failure must not print megabytes of bundle).
  expect(js.includes('deterministic 2×2/stride-2 input')).toBe(true);
  // ... without the grader's cases: their names or their data.
  const [c] = graderData.parts['5f'];
  for (const s of [c.name, JSON.stringify(c.name).slice(1, -1), String(c.args[0][0][0][0][0]), String(c.args[0][0][1][2][3])]) expect(js.includes(s), s).toBe(false);
  // Nor the other parts' cases (the backward checks of 5e).
  for (const other of Object.values(graderData.parts).flat()) expect(js.includes(other.name), other.name).toBe(false);
});

test('dropped with the submissions, grader-only tests fail code the student checks pass; the CSV equals the command\'s', async ({ page }) => {
  test.setTimeout(180_000);
  const nb = parseNotebook(readFileSync('notebooks/hw1c-layers.md', 'utf8'), 'notebooks/hw1c-layers.md');
  // Passes the cell's own checks (stride 2 only) but ignores the stride it is given.
  const stride2 = RIGHT_POOL.replaceAll('const { poolHeight: ph, poolWidth: pw, stride } = param;', 'const { poolHeight: ph, poolWidth: pw } = param; const stride = 2;');
  const T = '2026-12-01T10:00:00.000Z';
  const files = [['amy', RIGHT_POOL], ['bo', stride2]].map(([id, source]) => {
    const record = { notebookId: nb.id, version: nb.version, seed: studentSeed(nb.id, id, nb.variants.salt), overrides: {}, parts: { '5f': { input: source, updatedAt: T } }, updatedAt: T };
    return { name: `${id}.json`, text: JSON.stringify(buildSubmission(nb, record, id, new Date(T))) };
  });

  await page.goto('#/grade');
  const drop = [...files, { name: 'hw1-layers.json', text: graderText }];
  await page.locator('[data-grader-files]').setInputFiles(drop.map((f) => ({ name: f.name, mimeType: 'application/json', buffer: Buffer.from(f.text) })));
  await expect(page.locator('[data-grader-notebook]')).toHaveValue('hw1-layers');
  await expect(page.locator('[data-grader-tests-from]')).toHaveText('Grader-only checks from hw1-layers.json.');
  await expect(page.locator('[data-code-runs]')).toHaveAttribute('data-code-runs', 'done', { timeout: 90_000 });
  // Two students, not three: the grader's file is not a submission.
  await expect(page.locator('[data-student]')).toHaveCount(2);
  await expect(page.locator('[data-student="amy"] [data-cell="5f"]')).toHaveText('2');
  await expect(page.locator('[data-student="bo"] [data-cell="5f"]')).toHaveText('0');

  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-csv"]').click()]);
  const browserCsv = readFileSync((await dl.path())!, 'utf8');
  const dir = mkdtempSync(join(tmpdir(), 'gradbook-grader-tests-'));
  for (const f of files) writeFileSync(join(dir, f.name), f.text);
  const cliCsv = execFileSync('node', ['scripts/grade.mjs', '--notebook', 'notebooks/hw1c-layers.md', '--grader-tests', GRADER_FILE, ...files.map((f) => join(dir, f.name))], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  expect(browserCsv).toBe(cliCsv);

  await page.locator('[data-student="bo"] [data-action="review"]').click();
  const r5f = page.locator('[data-review-code-part][data-part="5f"]');
  await expect(r5f.locator('[data-check-row="fail"]')).toHaveText(/grader-only: 3×3 window, stride 1, one image/);
  await expect(r5f.locator('[data-check-row="pass"]')).toHaveCount(3);
  await r5f.scrollIntoViewIfNeeded();
  await r5f.screenshot({ path: 'tests/browser/screenshots/grader-only-review.png' });
});
