import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openGradedClass } from './pages';

/** A generated class of `count` loaded into grader mode for hw1; returns the folder of its files. */
async function loadClass(page: Page, count: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'gradbook-class-'));
  execFileSync('node', ['scripts/make-class.mjs', '--notebook', 'notebooks/hw1-conv-dropout-graphs.md', '--count', String(count), '--out', dir]);
  await page.goto('#/grade?nb=hw1');
  await page.locator('[data-grader-files]').setInputFiles(readdirSync(dir).map((f) => join(dir, f)));
  await expect(page.locator('[data-grade-table] tbody tr')).toHaveCount(count);
  return dir;
}

/** Every student's total as the table shows it. */
async function totals(page: Page): Promise<Record<string, number>> {
  return page.locator('[data-grade-table] tbody tr').evaluateAll((rows) =>
    Object.fromEntries(rows.map((r) => [r.getAttribute('data-student')!, Number.parseFloat(r.querySelector('[data-total]')!.textContent!)])),
  );
}

test('a class of 200: statistics per part, a wrong-answer group accepted for the exact students who gave it, Canvas export', async ({ page }) => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'gradbook-class-'));
  execFileSync('node', ['scripts/make-class.mjs', '--notebook', 'notebooks/hw1-conv-dropout-graphs.md', '--count', '200', '--out', dir]);
  const files = readdirSync(dir).map((f) => join(dir, f));
  expect(files).toHaveLength(200);

  await page.goto('#/grade?nb=hw1');
  await expect(page.locator('[data-grader]')).toBeVisible();
  const t0 = Date.now();
  await page.locator('[data-grader-files]').setInputFiles(files);
  await expect(page.locator('[data-grade-table] tbody tr')).toHaveCount(200);
  await expect(page.locator('[data-stats-row]')).toHaveCount(29);
  // Reported, not asserted: wall time depends on the machine's load.
  console.log(`statistics shown ${Date.now() - t0} ms after the files were given`);

  const row4a = page.locator('[data-stats-row="4a"]');
  await expect(row4a.locator('[data-stat-full]')).toHaveText(/\d+%/);
  await row4a.locator('[data-action="show-part-stats"]').click();
  const panel = page.locator('[data-part-stats="4a"]');
  await expect(panel.locator('.js-plotly-plot')).toBeVisible();
  // The most common wrong answer first; equivalent spellings are one group.
  const group = panel.locator('[data-wrong-group]').first();
  await expect(group).toHaveAttribute('data-wrong-group', '(n*(n-1))/2');
  const students = (await group.locator('[title]').getAttribute('title'))!.split(', ');
  expect(Number((await group.locator('[data-group-count]').textContent())!.replace(/\D/g, ''))).toBe(students.length);
  await page.screenshot({ path: 'tests/browser/screenshots/grader-stats.png' });
  await page.locator('[data-stats-panel]').screenshot({ path: 'tests/browser/screenshots/grader-stats-panel.png' });

  const before = await totals(page);
  // Half credit for the halved count: a bad number is refused first.
  await group.locator('[data-accept-points]').fill('3');
  await expect(group.locator('[data-action="accept-group"]')).toBeDisabled();
  await group.locator('[data-accept-points]').fill('0.5');
  await group.locator('[data-accept-note]').fill('counted each edge once');
  await group.locator('[data-action="accept-group"]').click();
  await expect(panel.locator('[data-decision="(n*(n-1))/2"]')).toContainText('for 0.5 / 1');
  await expect(panel.locator('[data-wrong-group="(n*(n-1))/2"]')).toHaveCount(0);
  const after = await totals(page);
  const expected = { ...before };
  for (const s of students) expected[s] = Math.round((before[s] + 0.5) * 100) / 100;
  expect(after).toEqual(expected);

  // The decision is saved with the grading work.
  await page.reload();
  await expect(page.locator('[data-grade-table] tbody tr')).toHaveCount(200);
  expect(await totals(page)).toEqual(expected);

  await page.locator('[data-export-format]').selectOption('canvas');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-csv"]').click()]);
  const csv = readFileSync((await dl.path())!, 'utf8').trimEnd().split('\n');
  expect(csv[0]).toBe('Student,ID,SIS User ID,SIS Login ID,Section,"Homework 1: separable convolutions, dropout, distributed training and graphs"');
  expect(csv).toHaveLength(202);
  const someone = students[0];
  expect(csv).toContain(`${someone},,${someone},${someone},,${expected[someone]}`);

  const [dec] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-decisions"]').click()]);
  expect(JSON.parse(readFileSync((await dec.path())!, 'utf8'))).toMatchObject({ notebookId: 'hw1', decisions: [{ partId: '4a', answer: '(n*(n-1))/2', points: 0.5 }] });

  // The feedback page of one of them says why they got the half point.
  await page.locator(`[data-student="${someone}"] [data-action="review"]`).click();
  const [fb] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="download-feedback"]').click()]);
  const html = readFileSync((await fb.path())!, 'utf8');
  expect(html).toContain('Accepted answer (0.5 / 1): counted each edge once.');
  const saved = join(dir, 'feedback.html');
  await fb.saveAs(saved);
  await page.goto(`file://${saved}`);
  await expect(page.locator('section[data-part="4a"]')).toContainText('0.5 / 1');
  await page.screenshot({ path: 'tests/browser/screenshots/feedback-page.png' });
});

test('an accepted group can be undone; part-first grading: one part for every student in a row, from the keyboard', async ({ page }) => {
  await loadClass(page, 12);
  // An accepted group can be taken back: every total returns to what it was.
  const before = await totals(page);
  await page.locator('[data-stats-row="4a"] [data-action="show-part-stats"]').click();
  const group = page.locator('[data-part-stats="4a"] [data-wrong-group]').first();
  await group.locator('[data-action="accept-group"]').click();
  await expect.poll(() => totals(page)).not.toEqual(before);
  await page.locator('[data-part-stats="4a"] [data-action="remove-decision"]').click();
  await expect.poll(() => totals(page)).toEqual(before);

  await page.locator('[data-stats-row="2a"] [data-action="grade-by-part"]').click();
  const view = page.locator('[data-part-first="2a"]');
  await expect(view.locator('[data-part-first-position]')).toHaveText('1 of 12');
  const left = Number((await view.locator('[data-part-first-left]').textContent())!.split(' ')[0]);
  const first = (await view.locator('[data-part-first-student]').textContent())!;
  // 3 is more than the part's 2 points: ignored. Then 2 points, and on to the next student.
  await page.keyboard.press('3');
  await expect(view.locator('[data-manual-points]')).toHaveValue('');
  await page.keyboard.press('2');
  await expect(view.locator('[data-manual-points]')).toHaveValue('2');
  await expect(view.locator('[data-part-first-left]')).toHaveText(`${left - 1} to grade`);
  await page.keyboard.press('j');
  await expect(view.locator('[data-part-first-position]')).toHaveText('2 of 12');
  // Typing a comment does not move on.
  await view.locator('[data-manual-comment]').fill('j k u 1');
  await expect(view.locator('[data-part-first-position]')).toHaveText('2 of 12');
  await page.locator('a', { hasText: '← All students' }).click();
  await expect(page.locator(`[data-student="${first}"] [data-cell="2a"]`)).toHaveText('2');
});

test('after the notebook changed, the grader sees whose points change before accepting', async ({ page }) => {
  await loadClass(page, 5);
  await expect(page.locator('[data-regrade-diff]')).toHaveCount(0);
  // Stand-in for an edited notebook: the saved grades were accepted for another copy, where s0001 had 1 more point on 1a.
  const stored = await page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('gradbook-grader');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const store = open.result.transaction('work', 'readwrite').objectStore('work');
          const get = store.get('grader/hw1');
          get.onsuccess = () => {
            const w = get.result;
            const was = w.accepted.points.s0001['1a'];
            w.accepted = { contentHash: 'older', points: { ...w.accepted.points, s0001: { ...w.accepted.points.s0001, '1a': was === 1 ? 0 : 1 } } };
            store.put(w, 'grader/hw1').onsuccess = () => resolve(String(was));
          };
        };
      }),
  );
  await page.reload();
  const banner = page.locator('[data-regrade-diff]');
  await expect(banner).toContainText('1 student’s points change');
  await expect(banner.locator('[data-regrade-student]')).toHaveCount(1);
  await expect(banner.locator('[data-regrade-student="s0001"] [data-regrade-delta]')).toHaveText(stored === '1' ? '+1' : '-1');
  await page.locator('[data-action="accept-regrade"]').click();
  await expect(banner).toHaveCount(0);
  await page.reload();
  await expect(page.locator('[data-grade-table] tbody tr')).toHaveCount(5);
  await expect(page.locator('[data-regrade-diff]')).toHaveCount(0);
});

test('an LMS export says which submissions it leaves out: one without a student id cannot be placed', async ({ page }) => {
  await openGradedClass(page);
  const note = page.locator('[data-export-left-out]');
  await expect(note).toHaveCount(0);
  await page.locator('[data-export-format]').selectOption('moodle');
  await expect(note).toHaveText('1 submission has no student id and is left out of the moodle file (the LMS could not place it)');
  await page.locator('[data-export-format]').selectOption('long');
  await expect(note).toHaveCount(0);
});
