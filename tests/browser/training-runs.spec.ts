import { expect, test } from '@playwright/test';
import { part } from './helpers';

// A run belongs to the page, not to the cell: leaving the notebook must not stop it or lose its
// curves, and a result that arrives while the student is elsewhere is still saved.
test('a training run keeps going across page switches and its result is saved', async ({ page }) => {
  test.setTimeout(120_000);
  await page.addInitScript(() => localStorage.setItem('gradbook/train-max-steps', '30'));
  await page.goto('#/hw1-train/4a');
  const cell = part(page, '4a');
  const input = (k: string) => cell.locator(`[data-train-input="${k}"]`);
  await input('depth').fill('1');
  await input('width').fill('4');
  await input('dropout').fill('0');
  await input('batch').fill('16');
  await input('epochs').fill('1');
  await input('backend').selectOption('cpu');
  await cell.locator('[data-action="train"]').click();
  await expect(cell.locator('.train-progress')).toBeVisible({ timeout: 30_000 });
  // Away to the home page (the cell unmounts) and back.
  await page.getByRole('navigation').getByRole('link', { name: 'Notebooks' }).click();
  await expect(page.locator('.notebook-list')).toBeVisible();
  await page.waitForTimeout(1500);
  await page.goto('#/hw1-train/4a');
  // The form shows the running configuration, not the defaults.
  await expect(input('width')).toHaveValue('4');
  await expect(cell).toHaveAttribute('data-training', 'done', { timeout: 90_000 });
  const losses = (await cell.locator('.train-progress').getAttribute('data-losses'))!.split(',');
  expect(losses).toHaveLength(30);
  await page.waitForTimeout(400);
  await page.reload();
  await expect(cell.locator('.train-saved')).toContainText('width 4');
});

// The dropout lab's shortcut experiment, cut to a few steps: both runs finish and report accuracy
// on clean and on leaked held-out digits, with the leaked curve plotted.
test('the leaked-label comparison trains both networks and reports clean and leaked accuracy', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto('#/hw1-lab/6i');
  const w = page.locator('.train-compare[data-compare="leak"]');
  await expect(w).toBeVisible({ timeout: 30_000 });
  await w.locator('[data-compare-input="steps"]').fill('0');
  await expect(w.locator('.cell-error')).toContainText('Steps must be');
  await expect(w.locator('[data-action="compare-run"]')).toBeDisabled();
  await w.locator('[data-compare-input="steps"]').fill('5');
  await w.locator('[data-compare-input="backend"]').selectOption('wasm');
  await w.locator('[data-action="compare-run"]').click();
  await expect(w).toHaveAttribute('data-compare-done', 'true', { timeout: 140_000 });
  for (const id of ['no-drop', 'in-drop']) {
    const row = w.locator(`tr[data-run="${id}"]`);
    // Each is a fraction in [0, 1], never missing (an empty attribute would read as 0).
    for (const attr of ['data-test-accuracy', 'data-leaked-accuracy', 'data-misleading-accuracy']) {
      const v = await row.getAttribute(attr);
      expect(v, attr).toMatch(/^(0(\.\d+)?|1)$/);
    }
    await expect(row).toContainText('done');
  }
  await expect(w.locator('.js-plotly-plot')).toHaveCount(2);
});
