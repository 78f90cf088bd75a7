import { expect, test } from '@playwright/test';
import { part, answer, choose, submit } from './helpers';

test('number parts of the dropout lab: right and wrong', async ({ page }) => {
  await page.goto('#/hw1-lab/6a2');
  await expect(part(page, '6a2')).toBeVisible();
  await expect(await answer(page, '6a2', '1.0784')).toHaveAttribute('data-verdict', 'incorrect');
  await expect(await answer(page, '6a2', '110/101')).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '6a3', '0.1089')).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '6c', '0.2027')).toHaveAttribute('data-verdict', 'incorrect');
  await expect(await answer(page, '6c', '0.3667')).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '6c2', '11/3')).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '6e', '1024')).toHaveAttribute('data-verdict', 'incorrect');
  await expect(await answer(page, '6e', '32')).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '6f2', '100')).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '6f4', '10')).toHaveAttribute('data-verdict', 'incorrect');
  await expect(await answer(page, '6g', '1.1(1-p)/(2-p)')).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '6g', '1.1/(2-p)')).toHaveAttribute('data-verdict', 'incorrect');
  await expect(await answer(page, '6g2', '1.089')).toHaveAttribute('data-verdict', 'incorrect');
  await expect(await answer(page, '6g2', '0.55')).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '6h', '1')).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '6h', 'abc')).toHaveAttribute('data-verdict', 'invalid');
});

test('choice parts of problems 5 and 6', async ({ page }) => {
  await page.goto('#/hw1-lab/5a');
  await expect(await choose(page, '5a', ['a', 'c'])).not.toHaveAttribute('data-verdict', 'correct');
  await expect(await choose(page, '5a', ['b'])).toHaveAttribute('data-verdict', 'correct');
  await expect(await choose(page, '6a', ['a'])).toHaveAttribute('data-verdict', 'incorrect');
  await expect(await choose(page, '6a', ['b'])).toHaveAttribute('data-verdict', 'correct');
});

test('the batch-norm graph and the backward-pass reference after submitting', async ({ page }) => {
  await page.goto('#/hw1-lab/5c');
  const graph = page.locator('[data-widget="bn-graph"]');
  for (const n of ['X', 'gamma', 'beta', 'mu', 'var', 'Z', 'Y']) await expect(graph.locator(`[data-node="${n}"]`)).toBeVisible();
  await expect(graph.locator('[data-edge]')).toHaveCount(9);
  await graph.locator('[data-node="Z"]').click();
  await expect(graph.locator('[data-node-info]')).toHaveAttribute('data-node-info', 'Z');
  const p = part(page, '5c');
  await expect(p).not.toContainText('simplified backward');
  await submit(page, '5c', 'dX = gamma/(N s) (N dY - sum dY - Z sum dY Z)');
  await expect(p).toContainText('simplified backward');
});

test('the sweep runs and plots points that match the closed form', async ({ page }) => {
  await page.goto('#/hw1-lab');
  const sweep = page.locator('[data-widget="dropout-lab-sweep"]');
  await sweep.scrollIntoViewIfNeeded();
  await expect(sweep.locator('.js-plotly-plot')).toBeVisible({ timeout: 30_000 });
  const rows = sweep.locator('[data-sweep-table] tr[data-rate]');
  await expect(rows).toHaveCount(18);
  for (let k = 0; k < 18; k++) {
    const row = rows.nth(k);
    const p = Number(await row.getAttribute('data-rate'));
    const w1 = Number(await row.getAttribute('data-w1'));
    const w2 = Number(await row.getAttribute('data-w2'));
    const closed = (1.1 * (1 - p)) / (2 - p);
    expect(Math.abs(w1 - closed) / closed).toBeLessThan(0.01);
    expect(Math.abs(w2 - 10 * closed) / (10 * closed)).toBeLessThan(0.01);
  }
  expect(Number(await sweep.locator('[data-sweep-error]').getAttribute('data-sweep-error'))).toBeLessThan(0.01);
  // The two points at p = 0: the limit (0.55, 5.5) and the no-dropout answer (1.089, 0.109).
  await expect(sweep.locator('.js-plotly-plot')).toContainText('w1 → 0.55');
  await expect(sweep.locator('.js-plotly-plot')).toContainText('w1 = 1.089');
});

test('a training run: gradient descent reaches the minimum-norm solution and plots', async ({ page }) => {
  await page.goto('#/hw1-lab');
  const w = page.locator('[data-widget="dropout-lab-train"]').first();
  await w.scrollIntoViewIfNeeded();
  await w.locator('[data-action="run"]').click();
  const row = w.locator('tr[data-run="gd"]');
  await expect(row).toBeVisible();
  expect(Number(await row.getAttribute('data-w1'))).toBeCloseTo(110 / 101, 9);
  expect(Number(await row.getAttribute('data-w2'))).toBeCloseTo(11 / 101, 9);
  await expect(w.locator('.js-plotly-plot')).toHaveCount(2, { timeout: 30_000 });
});

test('dropout batch 1 vs 1,024 and Adam: numbers near their closed forms; bad seed gives a message', async ({ page }) => {
  await page.goto('#/hw1-lab');
  const batch = page.locator('[data-widget="dropout-lab-train"] [data-experiment="batch"]');
  await batch.scrollIntoViewIfNeeded();
  await batch.locator('[data-seed]').fill('abc');
  await batch.locator('[data-action="run"]').click();
  await expect(batch.locator('[data-error]')).toContainText('whole number');
  await batch.locator('[data-seed]').fill('3');
  await batch.locator('[data-action="run"]').click();
  const big = batch.locator('tr[data-run="batch1024"]');
  await expect(big).toBeVisible();
  expect(Number(await big.getAttribute('data-w1'))).toBeCloseTo(11 / 30, 1);
  expect(Math.abs(Number(await big.getAttribute('data-w2')) - 11 / 3)).toBeLessThan(0.03);
  await expect(batch.locator('[data-error]')).toHaveCount(0);
  await expect(batch.locator('.js-plotly-plot')).toHaveCount(2, { timeout: 30_000 });

  const adam = page.locator('[data-widget="dropout-lab-train"] [data-experiment="adam"]');
  await adam.scrollIntoViewIfNeeded();
  await adam.locator('[data-action="run"]').click();
  const a0 = adam.locator('tr[data-run="adam0"]');
  await expect(a0).toBeVisible();
  expect(Number(await a0.getAttribute('data-w1'))).toBeCloseTo(1, 6);
  expect(Number(await a0.getAttribute('data-w2'))).toBeCloseTo(1, 6);
  const a5 = adam.locator('tr[data-run="adam5"]');
  expect(Math.abs(Number(await a5.getAttribute('data-w2')) - 11 / 3)).toBeLessThan(0.03);
});
