import { expect, test, type Locator } from '@playwright/test';
import { part } from './helpers';

/** Opens a live cell's code, replaces it and runs it. */
async function runCode(cell: Locator, code: string) {
  const details = cell.locator('details.live-code');
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
  const editor = cell.locator('.cm-content');
  await expect(editor).toBeVisible();
  await editor.fill(code);
  await cell.locator('[data-action="live-run"]').click();
}

test('a live cell reacts to its slider and to the variant', async ({ page }) => {
  await page.goto('#/hw1?cout=8');
  const cell = page.locator('[data-live="conv-params"]');
  await expect(cell.locator('[data-slider="cout"] + output')).toHaveText('8');
  const standard = cell.locator('[data-output="counts"] tr[data-row="0"] td[data-col="Weights"]');
  await expect(standard).toHaveText('216');
  await cell.locator('[data-slider="cin"]').fill('10');
  await expect(standard).toHaveText('720');
  // Another variant starts the controls again from its own values.
  await page.goto('#/hw1?cout=4');
  await expect(standard).toHaveText('108');
  await expect(cell.locator('[data-slider="cin"] + output')).toHaveText('3');
});

test('an error shows in the cell with its line; an endless loop stops at the limit; other cells keep working', async ({ page }) => {
  await page.goto('#/hw1/1a');
  const cell = page.locator('[data-live="conv-params"]');
  await expect(cell.locator('[data-output="counts"]')).toBeVisible();

  await runCode(cell, "display('first');\nconst shape = params.nothing;\ndisplay(shape.k);");
  const error = cell.locator('[data-live-error]');
  await expect(error).toHaveAttribute('data-line', '3');
  await expect(error).toContainText("Line 3: TypeError: Cannot read properties of undefined (reading 'k')");
  // What ran before the error is still shown.
  await expect(cell.locator('.live-output')).toContainText('first');

  await runCode(cell, "const n = slider('n', { min: 1, max: 5, value: 2 });\ndisplay(`n = ${n}`);\nif (n === 4) { while (true) {} }");
  await expect(cell.locator('.live-output')).toContainText('n = 2');
  await cell.locator('[data-slider="n"]').fill('4');
  await expect(error).toContainText('stopped: the code took longer than 5 s (an endless loop?)', { timeout: 20_000 });
  // Stopped means stopped: nothing starts the same endless run again by itself (read once, no retry).
  await page.waitForTimeout(1500);
  expect(await cell.getAttribute('data-running')).toBe('false');
  // The slider stays, so the reader can move back to a value that works (in a fresh worker).
  await cell.locator('[data-slider="n"]').fill('3');
  await expect(cell.locator('.live-output')).toContainText('n = 3');
  await expect(error).toHaveCount(0);

  // Meanwhile the other live cells and the parts still work.
  const gauss = page.locator('[data-live="gaussian-noise-mc"]');
  await gauss.scrollIntoViewIfNeeded();
  await expect(gauss.locator('[data-output="in-band"]')).toBeVisible();
  await expect(gauss.locator('[data-live-error]')).toHaveCount(0);

  // Reset restores the notebook's code.
  await cell.locator('[data-action="live-reset"]').click();
  await expect(cell.locator('[data-output="counts"] tr[data-row="0"] td[data-col="Weights"]')).toHaveText('108');
});

test('a live cell that reads an answer re-runs when the student changes it', async ({ page }) => {
  await page.goto('#/hw1/1a');
  const cell = page.locator('[data-live="conv-params"]');
  await runCode(cell, "const claim = Number(answers['1a']);\ndisplay(claim === standardConvParams(params.k, params.cin, params.cout) ? 'your 1a matches' : `1a is ${answers['1a'] ?? 'empty'}`);");
  await expect(cell.locator('.live-output')).toContainText('1a is empty');
  await part(page, '1a').locator('[data-answer-input]').fill('100');
  await expect(cell.locator('.live-output')).toContainText('1a is 100');
  await part(page, '1a').locator('[data-answer-input]').fill('108');
  await expect(cell.locator('.live-output')).toContainText('your 1a matches');
});
