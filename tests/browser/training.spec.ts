import { expect, test } from '@playwright/test';
import { part } from './helpers';
import type { Locator } from '@playwright/test';

/** Fills the training cell's settings (depth, width, dropout, lr, batch, epochs, backend). */
async function fillTrainingForm(cell: Locator, v: { depth: string; width: string; backend: string }): Promise<void> {
  const input = (k: string) => cell.locator(`[data-train-input="${k}"]`);
  await input('depth').fill(v.depth);
  await input('width').fill(v.width);
  await input('dropout').fill('0');
  await input('lr').fill('0.01');
  await input('batch').fill('32');
  await input('epochs').fill('1');
  await input('backend').selectOption(v.backend);
}

// Trains a tiny network for a few steps on the cpu backend (the same layers and worker as the
// real cell) and checks that the loss falls, that the tensor count stays flat across steps, and
// that the results and the saved summary appear.
test('the training cell trains a small CNN on MNIST: loss falls, tensor count flat', async ({ page }) => {
  test.setTimeout(90_000);
  await page.addInitScript(() => localStorage.setItem('gradbook/train-max-steps', '14'));
  await page.goto('#/hw1-train/4a');
  const cell = part(page, '4a');
  await expect(cell).toBeVisible();
  const input = (k: string) => cell.locator(`[data-train-input="${k}"]`);
  // Bad input: a clear message, and Train is disabled.
  await input('depth').fill('9');
  await expect(cell.locator('.cell-error')).toContainText('Depth must be');
  await expect(cell.locator('[data-action="train"]')).toBeDisabled();
  await fillTrainingForm(cell, { depth: '1', width: '8', backend: 'cpu' });
  await cell.locator('[data-action="train"]').click();
  await expect(cell.locator('[data-train-backend]')).toHaveAttribute('data-train-backend', 'cpu', { timeout: 30_000 });
  await expect(cell).toHaveAttribute('data-training', 'done', { timeout: 70_000 });
  const bar = cell.locator('.train-progress');
  const losses = (await bar.getAttribute('data-losses'))!.split(',').map(Number);
  const counts = (await bar.getAttribute('data-tensor-counts'))!.split(',').map(Number);
  expect(losses).toHaveLength(14);
  expect(losses.every(Number.isFinite)).toBe(true);
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  expect(mean(losses.slice(-4))).toBeLessThan(mean(losses.slice(0, 3)) * 0.85);
  // After the first step (which creates Adam's slots) the count must not move.
  expect(new Set(counts.slice(1)).size).toBe(1);
  const results = cell.locator('.train-results');
  await expect(results).toContainText('Held-out accuracy');
  const acc = Number(await results.getAttribute('data-test-accuracy'));
  expect(acc).toBeGreaterThan(0.15);
  await expect(cell.locator('[data-confusion] tbody tr')).toHaveCount(10);
  await expect(cell.locator('.digit-grid.filters canvas')).toHaveCount(8);
  // The summary is saved with the answers and shown after a reload.
  await page.waitForTimeout(400);
  await page.reload();
  await expect(cell.locator('.train-saved')).toContainText('Held-out accuracy');
});

// On wasm in a cross-origin isolated page the training worker runs XNNPACK's thread pool and
// GradBook's own kernels on helper threads (src/nn/wasm/fusedPool.ts): the cell names both thread
// counts, and the network (width 16, depth 2: conv_cn, bpf_cn and the split kernels) still learns.
test('on wasm the training cell trains on every core, GradBook\'s kernels included, and the loss falls', async ({ page }) => {
  test.setTimeout(90_000);
  await page.addInitScript(() => localStorage.setItem('gradbook/train-max-steps', '14'));
  await page.goto('#/hw1-train/4a');
  const cores = await page.evaluate(() => (self.crossOriginIsolated ? Math.min(8, navigator.hardwareConcurrency || 1) : 1));
  const cell = part(page, '4a');
  await expect(cell).toBeVisible();
  await fillTrainingForm(cell, { depth: '2', width: '16', backend: 'wasm' });
  await cell.locator('[data-action="train"]').click();
  const label = cell.locator('[data-train-backend]');
  await expect(label).toHaveAttribute('data-train-backend', 'wasm', { timeout: 30_000 });
  await expect(label).toHaveAttribute('data-train-threads', `${cores},${cores}`);
  if (cores > 1) await expect(label).toContainText(`${cores} threads`);
  await expect(cell).toHaveAttribute('data-training', 'done', { timeout: 70_000 });
  const losses = (await cell.locator('.train-progress').getAttribute('data-losses'))!.split(',').map(Number);
  expect(losses).toHaveLength(14);
  expect(losses.every(Number.isFinite)).toBe(true);
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  expect(mean(losses.slice(-4))).toBeLessThan(mean(losses.slice(0, 3)) * 0.85);
});
