import { expect, test, type Page } from '@playwright/test';
import { part } from './helpers';
import { NOTEBOOK_IDS, settle } from './pages';

test.describe.configure({ mode: 'parallel' });

// Visits every page a student or grader can reach and fails on anything the browser reports as
// broken: a console error (the page's or a worker's), an uncaught exception, a request that failed
// or was answered with an HTTP error, and an asset answered with an HTML page (a wrong asset URL
// gets the app's index.html from a static host: the wasm binary once came back that way and only
// a CompileError in the console told).

/** Starts listening on `page`; the returned list fills with one line per problem. */
function watchForProblems(page: Page): string[] {
  const problems: string[] = [];
  const onConsole = (where: string) => (m: { type(): string; text(): string }) => {
    if (m.type() === 'error') problems.push(`console error (${where}): ${m.text().slice(0, 300)}`);
  };
  page.on('console', onConsole('page'));
  page.on('worker', (w) => w.on('console', onConsole(`worker ${w.url().split('/').pop()}`)));
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message.slice(0, 300)}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    else if (r.request().resourceType() !== 'document' && /text\/html/.test(r.headers()['content-type'] ?? '')) {
      problems.push(`asset answered with an HTML page: ${r.url()}`);
    }
  });
  return problems;
}

/** Brings every lazy widget, live cell and plot on the page to life (pages.ts), then lets requests settle. */
async function scrollThrough(page: Page) {
  await settle(page);
  await page.waitForLoadState('networkidle');
}

test('the notebooks folder has notebooks to visit', () => {
  expect(NOTEBOOK_IDS.length).toBeGreaterThanOrEqual(7);
});

const pages = [
  { name: 'home', hash: '#/', ready: '[data-notebook]' },
  ...NOTEBOOK_IDS.map((id) => ({ name: `notebook ${id}`, hash: `#/${id}`, ready: '[data-part]' })),
  { name: 'a part link with a variant', hash: '#/hw1/1b?seed=42', ready: '[data-part="1b"]' },
  { name: 'the grader page', hash: '#/grade', ready: 'main' },
];

for (const p of pages) {
  test(`no console error or failed request: ${p.name} (${p.hash})`, async ({ page }) => {
    const problems = watchForProblems(page);
    await page.goto(p.hash);
    await expect(page.locator(p.ready).first()).toBeVisible();
    await scrollThrough(page);
    expect(problems).toEqual([]);
  });
}

test('no console error or failed request: a short training run with the automatic backend', async ({ page }) => {
  const problems = watchForProblems(page);
  await page.addInitScript(() => localStorage.setItem('gradbook/train-max-steps', '4'));
  await page.goto('#/hw1-train/4a');
  const cell = part(page, '4a');
  const input = (k: string) => cell.locator(`[data-train-input="${k}"]`);
  await input('depth').fill('1');
  await input('width').fill('8');
  await input('epochs').fill('1');
  await expect(input('backend')).toHaveValue('auto');
  await cell.locator('[data-action="train"]').click();
  // The run times the backends (wasm first: its binaries must load), then trains and scores.
  await expect(cell).toHaveAttribute('data-training', /done|error/, { timeout: 80_000 });
  await expect(cell.locator('.cell-error')).toHaveCount(0);
  await expect(cell.locator('.train-results')).toContainText('Held-out accuracy');
  await page.waitForLoadState('networkidle');
  expect(problems).toEqual([]);
});
