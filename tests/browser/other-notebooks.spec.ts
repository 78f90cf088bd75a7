import { expect, test, type Page } from '@playwright/test';
import { answer, choose } from './helpers';

/** The widget has rendered text with digits, no NaN, no error box, and its plots (if any) are ready. */
async function widgetShowsNumbers(page: Page, name: string) {
  const w = page.locator(`[data-widget="${name}"]`);
  await w.scrollIntoViewIfNeeded();
  await expect(w.locator('.loading').first()).toHaveCount(0, { timeout: 20_000 });
  const text = await w.innerText();
  expect(text, name).toMatch(/\d/);
  expect(text, name).not.toMatch(/NaN|Infinity|undefined/);
  await expect(w.locator('.cell-error')).toHaveCount(0);
  const plots = w.locator('[data-plot]');
  for (let i = 0; i < (await plots.count()); i++) await expect(plots.nth(i)).toHaveAttribute('data-plot', 'ready', { timeout: 20_000 });
}

/** The live cell has run: digits, no NaN, no error, and its plots (if any) are drawn. */
async function liveShowsNumbers(page: Page, id: string) {
  const cell = page.locator(`[data-live="${id}"]`);
  await cell.scrollIntoViewIfNeeded();
  await expect(cell.locator('.live-output [data-output]').first()).toBeVisible({ timeout: 20_000 });
  const text = await cell.locator('.live-output').innerText();
  expect(text, id).toMatch(/\d/);
  expect(text, id).not.toMatch(/NaN|Infinity|undefined/);
  await expect(cell.locator('[data-live-error]')).toHaveCount(0);
  const plots = cell.locator('[data-plot]');
  for (let i = 0; i < (await plots.count()); i++) await expect(plots.nth(i)).toHaveAttribute('data-plot', 'ready', { timeout: 20_000 });
}

test('the home page lists homeworks 2, 3 and 4', async ({ page }) => {
  await page.goto('#/');
  await expect(page.locator('[data-notebook="hw2"]')).toContainText('Homework 2');
  await expect(page.locator('[data-notebook="hw3"]')).toContainText('Homework 3');
  await expect(page.locator('[data-notebook="hw4"]')).toContainText('Homework 4');
});

test('hw2: ResNet-152 parameter count and Adam bytes, right and wrong; the memory widget', async ({ page }) => {
  await page.goto('#/hw2?nc=10&gib=16');
  await expect(await answer(page, '2a', '58164298')).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '2a', '60192808')).toHaveAttribute('data-verdict', 'incorrect');
  await expect(await answer(page, '2b', '16')).toHaveAttribute('data-verdict', 'correct');
  await expect(await choose(page, '1a', 'b')).toHaveAttribute('data-verdict', 'correct');
  await widgetShowsNumbers(page, 'gpu-memory');
  const w = page.locator('[data-widget="gpu-memory"]');
  await expect(w.locator('[data-value="params"]')).toHaveText('58,164,298');
  // The widget's largest batch for Adam is the key of 2f.
  const maxBatch = (await w.locator('[data-optimizer="adam"] [data-max-batch]').innerText()).replace(/,/g, '');
  await expect(await answer(page, '2f', maxBatch)).toHaveAttribute('data-verdict', 'correct');
  // ResNet-152 is too big to build in the tab; the course's CNN is measured with TF.js.
  await expect(w.locator('[data-action="measure"]')).toBeDisabled();
  await w.locator('[data-input="model"]').selectOption('pytorch-cnn');
  await w.locator('[data-action="measure"]').click();
  // The measurement shows its progress; wait for its end, not for a guessed time.
  const measured = w.locator('[data-measured]');
  await expect(measured).toHaveAttribute('data-state', 'running');
  await expect(measured).toHaveAttribute('data-state', /done|error/, { timeout: 30_000 });
  await expect(measured.locator('.cell-error')).toHaveCount(0);
  await expect(w.locator('[data-value="measured-params"]')).toHaveText('288,554');
  await expect(w.locator('[data-value="params"]')).toHaveText('288,554');
  await expect(w.locator('[data-measured-optimizer]')).toHaveCount(3);
  // Bad input ends in a message, not NaN.
  await w.locator('[data-input="classes"]').fill('-3');
  await expect(w.locator('[data-error]')).toContainText('whole number');
});

test('hw3: dropout order, init variance and ResNeXt answers; all widgets show numbers', async ({ page }) => {
  await page.goto('#/hw3?n=100&ch=256&paths=32');
  await expect(await choose(page, '1a', 'a')).toHaveAttribute('data-verdict', 'correct');
  await expect(await choose(page, '1c', 'a')).toHaveAttribute('data-verdict', 'incorrect');
  await expect(await answer(page, '2a', '(n+1)/(3n)')).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '4a', '212992')).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '4b', '70144')).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '4b', '212992')).toHaveAttribute('data-verdict', 'incorrect');
  for (const name of ['dropout-order', 'residual-gradients']) await widgetShowsNumbers(page, name);
  for (const id of ['init-variance', 'resnext']) await liveShowsNumbers(page, id);
  const d = page.locator('[data-widget="dropout-order"]');
  await expect(d.locator('[data-value="max-diff"]')).toHaveText(/^0(\.0+)?$/);
  await d.locator('[data-input="activation"]').selectOption('sigmoid');
  await expect(d.locator('[data-agree]')).toHaveAttribute('data-agree', 'false');
  expect(Number(await d.locator('[data-value="max-diff"]').innerText())).toBeGreaterThan(0.1);
  const totals = page.locator('[data-live="resnext"] [data-output="blocks"] tfoot td');
  await expect(totals.nth(1)).toHaveText('212,992');
  await expect(totals.nth(3)).toHaveText('70,144');
  // The init-variance cell's table: exact values for width 100, and a depth slider that adds layers to the plot.
  const init = page.locator('[data-live="init-variance"]');
  await expect(init.locator('[data-output="variances"] tr[data-row="0"] td[data-col="Exact v_l"]')).toHaveText('0.3367');
  await init.locator('[data-slider="n"]').fill('10');
  await expect(init.locator('[data-output="variances"] tr[data-row="0"] td[data-col="Exact v_l"]')).toHaveText('0.3667');
});

test('hw4: AlexNet cells and the MLE prior, right and wrong; the table and the Gaussian demo', async ({ page }) => {
  await page.goto('#/hw4?nc=1000&n0=30&n1=20');
  await expect(await answer(page, '1a', '290400')).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '1d', '223948800')).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '1d', '111974400')).toHaveAttribute('data-verdict', 'incorrect');
  await expect(await choose(page, '1g', 'f')).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '2c', 'Nk/N')).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '2d', '0.4')).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '2d', '0.6')).toHaveAttribute('data-verdict', 'incorrect');
  await widgetShowsNumbers(page, 'gaussian-classifier');
  await liveShowsNumbers(page, 'alexnet');
  const alex = page.locator('[data-live="alexnet"]');
  const fc1 = alex.getByRole('row', { name: /Fully Connected Layer 1/ }).locator('td[data-col="Weights"]');
  await expect(fc1).toHaveText('37,748,736');
  await alex.locator('[data-control="biases"]').check();
  await expect(fc1).toHaveText('37,752,832');
  // Bad input ends in a message, not NaN.
  await alex.locator('[data-control="classes"]').fill('-3');
  await expect(alex.locator('[data-output="error"]')).toContainText('whole number');
  await expect(page.locator('[data-widget="gaussian-classifier"] [data-value="fitted-acc"]')).toHaveText(/\d+\.\d%/);
});

test('hw2: the edge experiment trains a CNN and an MLP on the page and reports accuracies', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('#/hw2');
  const w = page.locator('[data-widget="edge-bias"]');
  await w.scrollIntoViewIfNeeded();
  await w.locator('[data-action="train"]').click();
  await expect(w.locator('[data-table="edge"] tr[data-n="450"]')).toBeVisible({ timeout: 170_000 });
  const cnn = await w.locator('tr[data-n="450"] [data-value="cnn"]').innerText();
  const mlp = await w.locator('tr[data-n="450"] [data-value="mlp"]').innerText();
  expect(cnn).toMatch(/^\d+\.\d%$/);
  expect(mlp).toMatch(/^\d+\.\d%$/);
  // With 450 images the CNN should find the edges well above chance (1/3).
  expect(parseFloat(cnn)).toBeGreaterThan(60);
  await expect(w.locator('[data-filter]')).toHaveCount(4);
  // The epoch-by-epoch overfitting curve of the smallest set: confidence on seen images rises.
  const summary = await w.locator('[data-overfit-summary]').innerText();
  const [from, to] = [...summary.matchAll(/from (\d\.\d+) to (\d\.\d+)/g)][0].slice(1).map(Number);
  expect(to).toBeGreaterThan(from);
  await w.locator('[data-overfit-summary]').scrollIntoViewIfNeeded();
  await expect(w.locator('.js-plotly-plot')).toHaveCount(2);
  await widgetShowsNumbers(page, 'edge-bias');
});
