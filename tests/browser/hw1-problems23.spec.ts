import { expect, test, type Locator, type Page } from '@playwright/test';
import { part, answer, choose, submit } from './helpers';

async function submitText(page: Page, id: string, text: string) {
  await expect(await submit(page, id, text)).toBeVisible();
}

const attr = async (loc: Locator, name: string) => Number(await loc.getAttribute(name));

/** The closed form of an MC widget lies in its band, checked from the numbers the page shows. */
async function expectInBand(widget: Locator) {
  // Generous timeouts: the page mounts several widgets and loads plotly (~3.5 MB) on demand.
  await expect(widget.locator('[data-in-band]')).toHaveAttribute('data-in-band', 'true', { timeout: 30_000 });
  const band = (await widget.locator('[data-in-band]').innerText()).match(/\[(-?[\d.e+-]+), (-?[\d.e+-]+)\]/);
  expect(band).not.toBeNull();
  const closed = await attr(widget.locator('[data-closed-form]'), 'data-closed-form');
  expect(closed).toBeGreaterThanOrEqual(Number(band![1]) * (1 - 1e-5));
  expect(closed).toBeLessThanOrEqual(Number(band![2]) * (1 + 1e-5));
}

/** Plots load plotly only once on screen: scroll there, then the chart is drawn. */
async function expectPlot(widget: Locator) {
  await widget.locator('[data-plot]').first().scrollIntoViewIfNeeded();
  await expect(widget.locator('[data-plot="ready"] .main-svg').first()).toBeVisible({ timeout: 30_000 });
}

test('problem 2: parts 2a-2d answered right and wrong', async ({ page }) => {
  await page.goto('#/hw1/2a');
  await expect(part(page, '2a')).toBeVisible();
  await submitText(page, '2a', 'Row by row: $E z_i = p(Xw)_i$ and $\\operatorname{Var} z_i = p(1-p)\\sum_j X_{ij}^2 w_j^2$.');
  await expect(part(page, '2a').locator('[data-reference]')).toContainText('Only the mean and variance');

  await expect(await answer(page, '2b', '1/p')).toHaveAttribute('data-verdict', 'incorrect');
  await expect(await answer(page, '2b', 'p')).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '2b2', 'sqrt(p(1-p))')).toHaveAttribute('data-verdict', 'incorrect');
  await expect(await answer(page, '2b2', 'sqrt(1-p)/sqrt(p)')).toHaveAttribute('data-verdict', 'correct');

  await expect(await choose(page, '2c', 'a')).toHaveAttribute('data-verdict', 'incorrect');
  await expect(await choose(page, '2c', 'c')).toHaveAttribute('data-verdict', 'correct');

  await expect(await answer(page, '2d', 'sqrt((1-p)/p)')).toHaveAttribute('data-verdict', 'incorrect');
  await expect(await answer(page, '2d', '1/sqrt((1-p)/p)')).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '2d', 'sqrt(p/(1-p')).toHaveAttribute('data-verdict', 'invalid');
  await submitText(page, '2d2', 'Both rescale each feature to a common norm.');
  await expect(part(page, '2d2').locator('[data-reference]')).toContainText('batch');
});

test('problem 3: choices (A) and (B) right and wrong, work submitted', async ({ page }) => {
  await page.goto('#/hw1/3a');
  await expect(await choose(page, '3a', 'b')).toHaveAttribute('data-verdict', 'incorrect');
  await expect(await choose(page, '3a', 'd')).toHaveAttribute('data-verdict', 'incorrect');
  await expect(await choose(page, '3a', 'a')).toHaveAttribute('data-verdict', 'correct');
  await expect(await choose(page, '3b', 'a')).toHaveAttribute('data-verdict', 'incorrect');
  await expect(await choose(page, '3b', 'e')).toHaveAttribute('data-verdict', 'incorrect');
  await expect(await choose(page, '3b', 'd')).toHaveAttribute('data-verdict', 'correct');
  await submitText(page, '3c', 'Mean $\\mu$, variance $\\sigma^2$ per entry.');
  await expect(part(page, '3c').locator('[data-reference]')).toContainText('(A)');
});

test('dropout Monte Carlo: closed form inside the band, plot drawn, exact enumeration equals the closed form', async ({ page }) => {
  await page.goto('#/hw1/2a');
  const widget = page.locator('[data-widget="dropout-tikhonov-mc"]');
  await expect(widget.locator('[data-closed-form]')).toBeVisible({ timeout: 30_000 });
  await expectInBand(widget);
  await expectPlot(widget);
  // Another p and another problem: still inside the band.
  await widget.locator('[data-slider="p"]').fill('0.3');
  await expect(widget.locator('[data-slider="p"] + output')).toHaveText('0.3');
  await expectInBand(widget);
  const before = await attr(widget.locator('[data-closed-form]'), 'data-closed-form');
  await widget.locator('[data-action="new-problem"]').click();
  await expect(widget.locator('[data-closed-form]')).not.toHaveAttribute('data-closed-form', String(before));
  await expectInBand(widget);
  await widget.locator('[data-samples]').selectOption('100000');
  await expectInBand(widget);

  await widget.locator('[data-action="exact"]').click();
  await expect(widget.locator('[data-exact-equal]')).toHaveAttribute('data-exact-equal', 'true');
  await expect(widget.locator('[data-exact-result]')).toContainText('512 masks');
  const exact = await attr(widget.locator('[data-exact]'), 'data-exact');
  const closed = await attr(widget.locator('[data-exact-closed]'), 'data-exact-closed');
  expect(Math.abs(exact - closed)).toBeLessThan(1e-10 * Math.max(1, closed));
  // Changing p makes the old exact result stale, so it is hidden until asked again.
  await widget.locator('[data-slider="p"]').fill('0.5');
  await expect(widget.locator('[data-exact-result]')).toHaveCount(0);
});

test('dropout weights: p·w̃ equals the Tikhonov minimizer; X̃ columns all have norm sqrt(p/(1-p))', async ({ page }) => {
  await page.goto('#/hw1/2b');
  const weights = page.locator('[data-widget="dropout-tikhonov-weights"]');
  await expect(weights.locator('[data-weights-diff]')).toBeVisible({ timeout: 30_000 });
  expect(await attr(weights.locator('[data-weights-diff]'), 'data-weights-diff')).toBeLessThan(1e-9);
  await weights.locator('[data-slider="p"]').fill('0.2');
  await weights.locator('[data-action="new-problem"]').click();
  await expect(weights.locator('[data-weights-diff]')).toContainText('same weights');
  expect(await attr(weights.locator('[data-weights-diff]'), 'data-weights-diff')).toBeLessThan(1e-9);

  const norms = page.locator('[data-widget="dropout-column-norms"]');
  await norms.locator('[data-slider="p"]').fill('0.8');
  await expect(norms.locator('[data-expected-norm]')).toHaveAttribute('data-expected-norm', '2');
  const expected = await attr(norms.locator('[data-expected-norm]'), 'data-expected-norm');
  expect(expected).toBeCloseTo(2, 12);
  const cells = norms.locator('[data-xtilde-norm]');
  await expect(cells).toHaveCount(4);
  for (let j = 0; j < 4; j++) expect(await attr(cells.nth(j), 'data-xtilde-norm')).toBeCloseTo(expected, 10);
  await expectPlot(norms);
});

const closedForm = (cell: Locator) => cell.locator('[data-output="estimates"] tr[data-row="1"] td').last();

/** The live cell says the closed form is in the band, and the numbers it shows agree. */
async function expectLiveInBand(cell: Locator, problem: number) {
  await cell.scrollIntoViewIfNeeded();
  await expect(cell).toHaveAttribute('data-running', 'false', { timeout: 30_000 });
  await expect(cell.locator('[data-output]').first()).toBeVisible();
  await expect(cell.getByText(`problem #${problem}:`)).toBeVisible();
  await expect(cell.locator('[data-output="in-band"]')).toHaveClass(/good/);
  const num = (s: string) => Number(s.replace(/,/g, ''));
  const band = (await cell.locator('[data-output="in-band"]').innerText()).match(/\[(-?[\d.,e+-]+), (-?[\d.,e+-]+)\]/);
  expect(band).not.toBeNull();
  const closed = num(await closedForm(cell).innerText());
  // Shown to 6 significant digits.
  expect(closed).toBeGreaterThanOrEqual(num(band![1]) * (1 - 1e-5));
  expect(closed).toBeLessThanOrEqual(num(band![2]) * (1 + 1e-5));
}

test('Gaussian noise Monte Carlo (a live cell): closed form inside the band for several μ, σ', async ({ page }) => {
  await page.goto('#/hw1/3a');
  const cell = page.locator('[data-live="gaussian-noise-mc"]');
  await expectLiveInBand(cell, 1);
  await expect(closedForm(cell)).toHaveText('425.061');
  await cell.locator('[data-slider="mu"]').fill('-0.5');
  await cell.locator('[data-slider="sigma"]').fill('1.5');
  await expect(cell.locator('[data-slider="sigma"] + output')).toHaveText('1.5');
  // The closed form at μ = 1, σ = 0.5 was 425.061; it moves with the sliders.
  await expect(closedForm(cell)).not.toHaveText('425.061');
  await expectLiveInBand(cell, 1);
  await cell.locator('[data-control="New problem"]').click();
  await expectLiveInBand(cell, 2);
  await expectPlot(cell);
});
