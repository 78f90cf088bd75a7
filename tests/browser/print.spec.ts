import { expect, test } from '@playwright/test';

// The code editor draws only the lines on screen; a printed notebook must carry all of the code.
test('printing a code cell prints its whole code, not the editor', async ({ page }) => {
  await page.goto('#/hw1-layers');
  const cell = page.locator('.code-cell').first();
  await expect(cell.locator('.cm-editor')).toBeVisible({ timeout: 30_000 });
  const printed = cell.locator('.code-print');
  await expect(printed).toBeHidden();
  await page.emulateMedia({ media: 'print' });
  await expect(cell.locator('.cm-editor')).toBeHidden();
  await expect(printed).toBeVisible();
  const code = (await printed.textContent()) ?? '';
  expect(code.split('\n').length).toBeGreaterThan(3);
  for (const b of await cell.locator('button').all()) await expect(b).toBeHidden();
});
