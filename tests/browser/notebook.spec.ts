import { expect, test } from '@playwright/test';
import { part, answer, param } from './helpers';

test('home page lists the notebooks with their parts', async ({ page }) => {
  await page.goto('#/');
  const item = page.locator('[data-notebook="hw1"]');
  await expect(item).toContainText('Homework 1');
  await expect(item).toContainText('parts');
  await expect(item.locator('[data-answered]')).toContainText('0 of');
});

test('answers 1a wrong then right, and the answer survives a reload', async ({ page }) => {
  await page.goto('#/hw1/1a');
  await expect(part(page, '1a')).toBeVisible();
  await expect(await answer(page, '1a', '107')).toHaveAttribute('data-verdict', 'incorrect');
  await expect(await answer(page, '1a', '1,080')).toHaveAttribute('data-verdict', 'incorrect');
  await expect(part(page, '1a').locator('[data-message]')).toContainText('factor of 10^1');
  await expect(await answer(page, '1a', 'abc')).toHaveAttribute('data-verdict', 'invalid');
  await expect(await answer(page, '1a', '108')).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '1b', '3.9e1')).toHaveAttribute('data-verdict', 'correct');
  await page.waitForTimeout(300);
  await page.reload();
  await expect(part(page, '1a').locator('[data-answer-input]')).toHaveValue('108');
  await expect(part(page, '1a').locator('[data-verdict]')).toHaveAttribute('data-verdict', 'correct');
  await page.goto('#/');
  await expect(page.locator('[data-notebook="hw1"] [data-answered]')).toContainText('2 of');
});

test('a link with a seed opens that part with a variant whose keys match it', async ({ page }) => {
  await page.goto('#/hw1/1b?seed=12345');
  await expect(part(page, '1b')).toHaveClass(/highlighted/);
  const [cin, cout, k] = [await param(page, 'cin'), await param(page, 'cout'), await param(page, 'k')];
  expect([cin, cout, k]).not.toEqual([3, 4, 3]);
  await expect(await answer(page, '1a', String(k * k * cin * cout))).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '1b', String(k * k * cin + cin * cout))).toHaveAttribute('data-verdict', 'correct');
  await expect(await answer(page, '1b', '39')).toHaveAttribute('data-verdict', 'incorrect');
  // The same link gives the same variant.
  await page.reload();
  expect(await param(page, 'cout')).toBe(cout);
});

test('link parameters override the seed, and invalid ones are repaired with a message', async ({ page }) => {
  await page.goto('#/hw1/1a?cin=8&cout=5');
  await expect(await answer(page, '1a', String(9 * 8 * 5))).toHaveAttribute('data-verdict', 'correct');
  await page.goto('#/hw1/1a?cout=99');
  await expect(page.locator('[data-route-error]')).toContainText('cout=99 is not allowed');
  await expect(page.locator('[data-param="cout"] b')).toHaveText('16');
});

test('broken links show a message and the nearest valid page', async ({ page }) => {
  await page.goto('#/no-such-notebook/1a');
  await expect(page.locator('[data-route-error]')).toContainText('no notebook "no-such-notebook"');
  await expect(page.locator('[data-notebook="hw1"]')).toBeVisible();
  await page.goto('#/hw1/9z');
  await expect(page.locator('[data-route-error]')).toContainText('no part "9z"');
  await expect(part(page, '1a')).toBeVisible();
  await page.goto('#/hw1?seed=abc');
  await expect(page.locator('[data-route-error]')).toContainText('seed=abc');
});

test('moving a live cell slider changes the counts', async ({ page }) => {
  await page.goto('#/hw1');
  const cell = page.locator('[data-live="conv-params"]');
  const weights = (row: number) => cell.locator(`[data-output="counts"] tr[data-row="${row}"] td[data-col="Weights"]`);
  await expect(weights(0)).toHaveText('108');
  await cell.locator('[data-slider="cout"]').fill('8');
  await expect(weights(0)).toHaveText('216');
  await expect(weights(3)).toHaveText('51');
  await expect(cell.locator('[data-output="ratio"]')).toContainText('0.2361');
});

test('a student id gives a personal variant; reset asks before deleting', async ({ page }) => {
  await page.goto('#/hw1');
  await page.locator('[data-student-id]').fill('alice-123');
  await page.getByRole('button', { name: 'Use my variant' }).click();
  await expect(page.locator('[data-variant]')).toContainText('Variant');
  const seedA = await page.locator('[data-notebook="hw1"]').getAttribute('data-seed');
  await page.locator('[data-student-id]').fill('bob-456');
  await page.getByRole('button', { name: 'Change' }).click();
  await expect(page.locator('article[data-notebook="hw1"]')).not.toHaveAttribute('data-seed', seedA!);
  await answer(page, '1a', '5');
  await page.locator('[data-action="reset"]').click();
  await expect(part(page, '1a').locator('[data-answer-input]')).toHaveValue('5');
  await page.locator('[data-action="confirm-reset"]').click();
  await expect(part(page, '1a').locator('[data-answer-input]')).toHaveValue('');
});
