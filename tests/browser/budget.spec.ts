import { expect, test } from '@playwright/test';
// @ts-expect-error: a plain ES module script without type declarations
import { measure, table } from '../../scripts/bundle-budget.mjs';

// The build the browser tests serve (playwright.config.ts builds it before any test runs).
const outDir = process.env.GRADBOOK_PORT ? `dist-${process.env.GRADBOOK_PORT}` : 'dist';

test('each route stays within its JavaScript budget (gzipped), and no chunk is oversized', () => {
  const result = measure(outDir) as { problems: string[] };
  console.log(table(result));
  expect(result.problems).toEqual([]);
});

test('the first visit loads only what the page needs: the plot library only once a plot is near', async ({ page }) => {
  const scripts: string[] = [];
  page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));
  await page.goto('#/hw1/1a');
  await expect(page.locator('[data-part="1a"] [data-answer-input]')).toBeEditable();
  expect(scripts.filter((u) => /plotly|CodeEditor|tfjs/.test(u))).toEqual([]);
});
