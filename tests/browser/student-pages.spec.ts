import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { answerSpecFor, describeKey } from '../../src/grading/partSpec';
import { buildSubmission } from '../../src/grading/submission';
import { parseNotebook } from '../../src/notebook/parse';
import { answerParts } from '../../src/notebook/types';
import { resolveVariant, studentSeed } from '../../src/notebook/variants';
import { answer, part } from './helpers';

const NOTEBOOKS = ['hw1', 'hw1-lab', 'hw1-layers', 'hw1-train', 'hw2', 'hw3', 'hw4'];

test('an empty written answer asks for an answer instead of revealing the reference', async ({ page }) => {
  await page.goto('#/hw1/2a');
  const p = part(page, '2a');
  await p.locator('[data-action="submit"]').click();
  await expect(p.locator('[data-needs-text]')).toContainText('Write your answer first');
  await p.locator('[data-answer-input]').fill('   \n ');
  await p.locator('[data-action="submit"]').click();
  await expect(p.locator('[data-needs-text]')).toBeVisible();
  await expect(p.locator('[data-reference]')).toHaveCount(0);
  await p.locator('[data-answer-input]').fill('The noise adds $p(1-p)\\|x\\|^2$ to the loss.');
  await expect(p.locator('[data-needs-text]')).toHaveCount(0);
  await p.locator('[data-action="submit"]').click();
  await expect(p.locator('[data-reference]')).toBeVisible();
});

test('every notebook asks for the student id, and no page shows a directive fence', async ({ page }) => {
  for (const id of NOTEBOOKS) {
    await page.goto(`#/${id}`);
    await expect(page.locator(`article[data-notebook="${id}"] [data-part]`).first()).toBeVisible();
    await expect(page.locator('[data-student-id]')).toBeVisible();
    const text = await page.locator('article').innerText();
    expect(text.split('\n').filter((line) => /^\s*:{2,}/.test(line) || line.includes(':::')), `${id} shows a directive marker`).toEqual([]);
  }
});

test('switching variant after answering warns first and links back to the earlier answers', async ({ page }) => {
  await page.goto('#/hw1/1a');
  await expect(page.locator('[data-variant-reason]')).toContainText('type your student id');
  await expect(await answer(page, '1a', '108')).toHaveAttribute('data-verdict', 'correct');
  await page.locator('[data-student-id]').fill('alice-123');
  await page.getByRole('button', { name: 'Use my variant' }).click();
  const warning = page.locator('[data-switch-warning]');
  await expect(warning).toContainText('You have answered 1 part with the original values');
  await page.locator('[data-action="cancel-switch"]').click();
  await expect(page.locator('article[data-notebook="hw1"]')).toHaveAttribute('data-seed', '');
  await expect(part(page, '1a').locator('[data-answer-input]')).toHaveValue('108');

  await page.locator('[data-student-id]').fill('alice-123');
  await page.getByRole('button', { name: 'Use my variant' }).click();
  await page.locator('[data-action="confirm-switch"]').click();
  await expect(page.locator('article[data-notebook="hw1"]')).not.toHaveAttribute('data-seed', '');
  await expect(page.locator('[data-variant-reason]')).toHaveText('drawn from your student id');
  await expect(part(page, '1a').locator('[data-answer-input]')).toHaveValue('');
  const back = page.locator('[data-left-behind]');
  await expect(back).toContainText('Your 1 earlier answer is saved with the original values');
  await back.locator('[data-action="return-to-variant"]').click();
  await expect(page.locator('article[data-notebook="hw1"]')).toHaveAttribute('data-seed', '');
  await expect(page.locator('[data-variant-reason]')).toContainText('set by the link');
  await expect(part(page, '1a').locator('[data-answer-input]')).toHaveValue('108');
});

test('a bad seed with an id set says what is shown; "Link copied" goes away', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.addInitScript(() => localStorage.setItem('gradbook:student-id', 'bob-456'));
  await page.goto('#/hw1?seed=abc');
  await expect(page.locator('[data-route-error]')).toContainText('seed=abc is not a whole number ≥ 0; showing your own variant (');
  await expect(page.locator('[data-route-error]')).not.toContainText('original values');
  await expect(page.locator('[data-variant]')).toContainText('Variant ');
  await expect(page.locator('[data-variant-reason]')).toHaveText('drawn from your student id');
  const copy = page.locator('[data-variant] [data-action="copy-link"]').first();
  await copy.click();
  await expect(copy).toHaveText('Link copied');
  await expect(copy).toHaveText('Copy link to this variant', { timeout: 5000 });
});

test('verdicts do not repeat their label; placeholders fit their boxes and differ by part', async ({ page }) => {
  await page.setViewportSize({ width: 380, height: 800 });
  await page.goto('#/hw1');
  await expect(await answer(page, '1a', '108')).toHaveAttribute('data-verdict', 'correct');
  await expect(part(page, '1a').locator('[data-verdict]')).not.toContainText(/Correct\W+Correct/i);
  await expect(await answer(page, '1a', '5')).toHaveAttribute('data-verdict', 'incorrect');
  await expect(part(page, '1a').locator('[data-verdict]')).not.toContainText(/Not yet\W+Not correct yet/i);
  const textPlaceholders = await page.locator('[data-part] textarea[data-answer-input]').evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).placeholder));
  expect(new Set(textPlaceholders).size).toBeGreaterThan(2);
  // Each one-line box is wide enough for its placeholder, measured in the box's own font.
  const clipped = await page.locator('[data-part] input[placeholder]').evaluateAll((els) => {
    const ctx = document.createElement('canvas').getContext('2d')!;
    return els
      .map((el) => {
        const input = el as HTMLInputElement;
        const style = getComputedStyle(input);
        ctx.font = style.font;
        const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return { placeholder: input.placeholder, need: ctx.measureText(input.placeholder).width, room };
      })
      .filter((x) => x.need > x.room + 1);
  });
  expect(clipped).toEqual([]);
});

test('a matrix part marks the wrong entries and states its credit rule', async ({ page }) => {
  await page.goto('#/hw1/7b2');
  const p = part(page, '7b2');
  await expect(p.locator('.part-header')).toContainText('partial credit by rows');
  await expect(await answer(page, '7b2', '2 0 0 0 0 0\n0 3 0 0 0 0\n0 0 3 0 0 0\n0 0 0 2 0 0\n0 0 0 0 2 0\n0 0 0 0 0 1')).toHaveAttribute('data-verdict', 'incorrect');
  await expect(p.locator('[data-wrong]')).toHaveCount(1);
  await expect(p.locator('input[aria-label="row 4, column 4"]')).toHaveAttribute('data-wrong', 'true');
  await expect(p.locator('[data-message]')).toContainText('1 entry is off, in 1 of 6 rows');
});

test('the grade table keeps student and total on screen, sorts by any column and folds parts into problems', async ({ page }) => {
  const file = 'notebooks/hw1-conv-dropout-graphs.md';
  const nb = parseNotebook(readFileSync(file, 'utf8'), file);
  const t = '2026-11-29T05:00:00.000Z';
  // Ann answers every auto part right, Cy none; Bo the first half.
  const files = ['ann', 'bo', 'cy'].map((studentId, who) => {
    const seed = studentSeed(nb.id, studentId, nb.variants.salt);
    const { params } = resolveVariant(nb, seed, {});
    const auto = answerParts(nb).filter((p) => p.answerKind !== 'text');
    const inputs = auto.map((p, i) => [p.id, who === 0 || (who === 1 && i < auto.length / 2) ? describeKey(answerSpecFor(p, params)!) : '1']);
    const parts = Object.fromEntries(inputs.map(([id, input]) => [id, { input, updatedAt: t }]));
    const s = buildSubmission(nb, { notebookId: nb.id, version: nb.version, seed, overrides: {}, parts, updatedAt: t }, studentId, new Date(t));
    return { name: `${studentId}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(s)) };
  });
  await page.goto('#/grade');
  await page.locator('[data-grader-files]').setInputFiles(files);
  const table = page.locator('[data-grade-table]');
  await expect(table.locator('tbody tr')).toHaveCount(3);
  const viewport = page.viewportSize()!;
  for (const cell of [table.locator('[data-student="cy"] [data-total]'), table.locator('[data-student="cy"] td').first()]) {
    const box = (await cell.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
  }
  const order = () => table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-student')));
  await table.locator('[data-sort="total"]').click();
  await expect.poll(order).toEqual(['ann', 'bo', 'cy']);
  await table.locator('[data-sort="total"]').click();
  await expect.poll(order).toEqual(['cy', 'bo', 'ann']);
  await table.locator('[data-sort="student"]').click();
  await expect.poll(order).toEqual(['ann', 'bo', 'cy']);
  await page.locator('[data-action="group-problems"]').check();
  const problems = new Set(answerParts(nb).map((p) => /^\d+/.exec(p.id)![0]));
  await expect(table.locator('thead th')).toHaveCount(problems.size + 3);
  await expect(table.locator('thead')).toContainText('Problem 7');
  await table.locator('[data-sort="1"]').click();
  await expect.poll(order).toEqual(['ann', 'bo', 'cy']);
});
