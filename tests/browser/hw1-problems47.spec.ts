import { expect, test } from '@playwright/test';
import { part, answer, submit } from './helpers';

const A_EXAMPLE = '0 1 1 0 0 0\n1 0 1 1 0 0\n1 1 0 1 0 0\n0 1 1 0 1 0\n0 0 0 1 0 1\n0 0 0 0 1 0';
const A_ROAD = [
  '0 1 0 0 1 1 0 0',
  '1 0 1 0 0 1 0 0',
  '0 0 0 1 0 0 1 0',
  '0 0 1 0 0 0 1 1',
  '1 0 0 0 0 0 0 0',
  '1 1 0 0 1 0 1 0',
  '0 0 1 1 0 1 0 1',
  '0 0 0 1 0 0 1 0',
].join('\n');

test('problem 4: message counts and sizes, right and wrong', async ({ page }) => {
  await page.goto('#/hw1/4a');
  await expect(await answer(page, '4a', 'n^2 - n')).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '4a', 'n^2')).toHaveAttribute('data-verdict', 'incorrect');
  await expect(await answer(page, '4b', 'p')).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '4c', '2n')).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '4d', 'p/n')).toHaveAttribute('data-verdict', 'incorrect');
  await expect(await answer(page, '4e', '2n(n-1)')).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '4f', 'p/n')).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '4f', 'p')).toHaveAttribute('data-verdict', 'incorrect');
});

test('ring all-reduce simulator (a live cell): step, then play to the end where every worker holds the sum', async ({ page }) => {
  await page.goto('#/hw1/4a');
  const w = page.locator('[data-live="ring-allreduce"]');
  await w.scrollIntoViewIfNeeded();
  await expect(w.locator('[data-slider="n"]')).toBeVisible({ timeout: 20_000 });
  await w.locator('[data-slider="n"]').fill('3');
  await w.locator('[data-slider="p"]').fill('7');
  const step = w.locator('[data-slider="step"]');
  await expect(step).toHaveAttribute('max', '4', { timeout: 20_000 });
  await step.fill('1');
  await expect(w.locator('[data-output="status"]')).toContainText('reduce-scatter 1/2');
  // Each of the 3 workers sends one chunk and receives one: 3 senders, 3 receivers highlighted.
  const grid = w.locator('[data-output="grid"]');
  await expect(grid.locator('td[data-marks~="warn"]')).toHaveCount(3);
  await expect(grid.locator('td[data-marks~="accent"]')).toHaveCount(3);
  await expect(w.locator('[data-output="transfers"]')).toContainText('W2 → W0');
  expect((await w.locator('[data-output="transfers"]').innerText()).trim().split('\n')).toHaveLength(3);
  await w.locator('[data-play="step"]').click();
  await expect(w.locator('[data-output="all-hold"]')).toHaveClass(/good/, { timeout: 10_000 });
  await expect(step).toHaveValue('4');
  await expect(grid.locator('td[data-col="holds Σ?"]', { hasText: '✓' })).toHaveCount(3);
  await expect(grid.locator('td[data-marks~="good"]')).toHaveCount(9);
  // Counted by the simulators, equal to the formulas for n = 3.
  const counted = (row: number) => w.locator(`[data-output="schemes"] tr[data-row="${row}"] td[data-col="Messages (counted)"]`);
  await expect(counted(0)).toHaveText('6 ✓');
  await expect(counted(1)).toHaveText('6 ✓');
  await expect(counted(2)).toHaveText('12 ✓');
  await expect(w.locator('[data-output="schemes"] tr[data-row="2"] td[data-col="Numbers sent"]')).toHaveText('28');
  await step.fill('0');
  await expect(w.locator('[data-output="status"]')).toContainText('Start:');
  await expect(w.locator('[data-output="all-hold"]')).toHaveCount(0);
  // The time plot loads once on screen; a bad α gives a message instead of a plot.
  await w.locator('[data-output="time"]').scrollIntoViewIfNeeded();
  await expect(w.locator('[data-plot="ready"]')).toBeVisible({ timeout: 30_000 });
  await w.locator('[data-control="alpha"]').fill('-1');
  await expect(w.locator('[data-output="time-error"]')).toContainText('≥ 0');
});

test('problem 7: matrix parts right and wrong, and the 7a reference after submitting', async ({ page }) => {
  await page.goto('#/hw1/7b');
  await expect(await answer(page, '7b', A_EXAMPLE)).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '7b', A_EXAMPLE.replace(/1 0$/, '1 1'))).toHaveAttribute('data-verdict', 'incorrect');
  await expect(await answer(page, '7b2', '2 0 0 0 0 0\n0 3 0 0 0 0\n0 0 3 0 0 0\n0 0 0 3 0 0\n0 0 0 0 2 0\n0 0 0 0 0 1')).toHaveAttribute(
    'data-verdict',
    'correct',
  );
  await expect(await answer(page, '7d', '2 1 1 2 0 0\n1 3 2 1 1 0\n1 2 3 1 1 0\n2 1 1 3 0 1\n0 1 1 0 2 0\n0 0 0 1 0 1')).toHaveAttribute(
    'data-verdict',
    'correct',
  );
  await expect(await answer(page, '7e', A_ROAD)).toHaveAttribute('data-verdict', 'correct');
  const diag = (d: number[]) => d.map((v, i) => d.map((_, j) => (i === j ? v : 0)).join(' ')).join('\n');
  await expect(await answer(page, '7f', diag([3, 2, 3, 3, 2, 3, 4, 2]))).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '7f2', diag([3, 2, 3, 3, 2, 3, 4, 2]))).toHaveAttribute('data-verdict', 'incorrect');
  await expect(await answer(page, '7c', 'abc')).toHaveAttribute('data-verdict', 'invalid');
  await expect(part(page, '7a').locator('[data-reference]')).toHaveCount(0);
  await expect(await submit(page, '7a', 'Expand $D^{-1/2}(D-A)D^{-1/2}$.')).toContainText('Diagonal matrices commute');
  // The road network is drawn with its feasible flow, conserved at every inner intersection.
  const road = page.locator('[data-widget="road-flow"]');
  await expect(road.locator('[data-conserved]')).toHaveAttribute('data-conserved', 'true');
  await expect(road.locator('[data-balance="c"]')).toHaveText('0');
  await expect(road.locator('[data-edge]')).toHaveCount(22);
});

test('graph editor: adding a node and an edge updates the matrices; isolated nodes get a note, not NaN', async ({ page }) => {
  await page.goto('#/hw1/7a');
  const w = page.locator('[data-widget="graph-matrices"]');
  const values = async (name: string) => JSON.parse((await w.locator(`[data-matrix="${name}"]`).getAttribute('data-values')) ?? '[]') as number[][];
  // The widget loads on demand, next to Monte Carlo widgets busy sampling: allow time.
  await expect(w.locator('[data-graph-summary]')).toContainText('6 nodes, 7 undirected edges', { timeout: 20_000 });
  await expect(w.locator('[data-identity-check]')).toHaveAttribute('data-identity-check', 'holds');
  // Add a node in an empty corner: node 7, isolated.
  const svg = w.locator('[data-graph-svg]');
  const box = (await svg.boundingBox())!;
  await svg.click({ position: { x: box.width * 0.08, y: box.height * 0.88 } });
  await expect(w.locator('[data-graph-summary]')).toContainText('7 nodes, 7 undirected edges');
  await expect(w.locator('[data-node="7"]')).toBeVisible();
  await expect(w.locator('[data-zero-degree]')).toContainText('Node 7 has degree 0');
  await expect(w.locator('[data-identity-check]')).toHaveAttribute('data-identity-check', 'differs');
  await expect(w).not.toContainText('NaN');
  expect((await values('A')).length).toBe(7);
  // Connect 6–7: A, D and the Laplacians update.
  await w.locator('[data-mode="edge"]').check();
  await w.locator('[data-node="6"]').click();
  await w.locator('[data-node="7"]').click();
  await expect(w.locator('[data-graph-summary]')).toContainText('7 nodes, 8 undirected edges');
  await expect(w.locator('[data-zero-degree]')).toHaveCount(0);
  await expect(w.locator('[data-identity-check]')).toHaveAttribute('data-identity-check', 'holds');
  const A = await values('A');
  expect(A[5][6]).toBe(1);
  expect(A[6][5]).toBe(1);
  expect((await values('D'))[5][5]).toBe(2);
  expect((await values('L'))[6][6]).toBe(1);
  expect((await values('Lsym'))[5][6]).toBeCloseTo(-1 / Math.sqrt(2), 5);
  await expect(w.locator('[data-spectrum]')).toHaveAttribute('data-in-zero-two', 'true');
  // Clicking the same pair again removes the edge.
  await w.locator('[data-node="6"]').click();
  await w.locator('[data-node="7"]').click();
  await expect(w.locator('[data-graph-summary]')).toContainText('7 nodes, 7 undirected edges');
  // Directed: in- and out-degree matrices; the road network loads with 22 segments.
  await w.locator('[data-load="road"]').click();
  await expect(w.locator('[data-graph-summary]')).toContainText('8 nodes, 22 directed edges');
  expect((await values('Dout')).map((r, i) => r[i])).toEqual([3, 3, 2, 3, 1, 4, 4, 2]);
  expect((await values('Din')).map((r, i) => r[i])).toEqual([3, 2, 3, 3, 2, 3, 4, 2]);
  await w.locator('[data-mode="delete"]').check();
  await w.locator('[data-node="h"]').click();
  await expect(w.locator('[data-graph-summary]')).toContainText('7 nodes, 18 directed edges');
  await expect(w).not.toContainText('NaN');
});
