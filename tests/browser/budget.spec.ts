import { expect, test, type Route } from '@playwright/test';
// @ts-expect-error: a plain ES module script without type declarations
import { deferredChunks, measure, table } from '../../scripts/bundle-budget.mjs';

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

test('a part link is shown and typed into while KaTeX and the expression library are held back; a Check waits for them', async ({ page }) => {
  const deferred = deferredChunks(outDir) as string[];
  // Both exist as chunks of their own: if a rename or a static import folds them into the page, this says so.
  expect(deferred.map((f) => f.replace(/-[\w-]{8}\.js$/, '')).sort()).toEqual(['assets/katex', 'assets/safeMath']);
  const held: Route[] = [];
  let release = false;
  await page.route(
    (url) => deferred.some((f) => url.pathname.endsWith(`/${f}`)),
    (route) => (release ? route.continue() : void held.push(route)),
  );
  await page.goto('#/hw1/1a');
  const part = page.locator('[data-part="1a"]');
  await part.locator('[data-answer-input]').fill('12');
  await expect(part.locator('[data-answer-input]')).toHaveValue('12');
  // The prose is there, its math as TeX source until KaTeX arrives.
  await expect(page.locator('.prose [data-tex-loading]').first()).toBeVisible();
  await part.locator('[data-action="check"]').click();
  await expect(part.locator('[data-checker-loading]')).toBeVisible();
  expect(held.length).toBeGreaterThan(0);
  release = true;
  for (const r of held) await r.continue();
  await expect(part.locator('[data-verdict]')).toBeVisible();
  await expect(part.locator('[data-checker-loading]')).toHaveCount(0);
  await expect(part.locator('[data-answer-input]')).toHaveValue('12');
  await expect(page.locator('.prose .katex-mathml').first()).toBeAttached();
  await expect(page.locator('[data-tex-loading]')).toHaveCount(0);
});
