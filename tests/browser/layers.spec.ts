import { expect, test, type Page } from '@playwright/test';
import { LOOPING_DROPOUT, part, RIGHT_POOL, WRONG_POOL } from './helpers';

// Code cells of the hw1-layers notebook and the TF.js layer self-test on every backend.

async function runCode(page: Page, id: string, code: string) {
  const p = part(page, id);
  const editor = p.locator('.cm-content');
  await expect(editor).toBeVisible();
  await editor.fill(code);
  await p.locator('[data-action="check"]').click();
}

test('a code cell rejects a wrong max-pool backward with its relative error, accepts a right one, and keeps it after reload', async ({ page }) => {
  await page.goto('#/hw1-layers/5f');
  await runCode(page, '5f', WRONG_POOL);
  const p = part(page, '5f');
  await expect(p.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'incorrect', { timeout: 15_000 });
  await expect(p.locator('[data-check-row="fail"]')).toHaveCount(1);
  await expect(p.locator('[data-check-row="fail"]')).toContainText('dx vs numerical gradient');
  await expect(p.locator('[data-check-row="fail"] [data-rel-error]')).toHaveText(/^\d\.\d\de[+-]\d+$/);
  await expect(p.locator('[data-check-row="pass"]')).toHaveCount(2);
  await p.screenshot({ path: 'tests/browser/screenshots/layers-code-cell-fail.png' });

  await runCode(page, '5f', RIGHT_POOL);
  await expect(p.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'correct', { timeout: 15_000 });
  await expect(p.locator('[data-check-row="fail"]')).toHaveCount(0);
  await expect(p.locator('[data-message]')).toContainText('All 3 checks pass');
  await p.screenshot({ path: 'tests/browser/screenshots/layers-code-cell-pass.png' });

  await page.waitForTimeout(300);
  await page.reload();
  await expect(part(page, '5f').locator('.cm-content')).toContainText('bu = 0, bv = 0');
  await expect(part(page, '5f').locator('[data-verdict]')).toHaveAttribute('data-verdict', 'correct');
});

test('an infinite loop is stopped and a syntax error names its line', async ({ page }) => {
  await page.goto('#/hw1-layers/5d');
  await runCode(page, '5d', LOOPING_DROPOUT);
  const p = part(page, '5d');
  await expect(p.locator('[data-code-error="timeout"]')).toHaveText('stopped: took longer than 5 s (infinite loop?)', { timeout: 15_000 });
  await expect(p.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'incorrect');
  // The page stayed responsive: the button works again.
  await expect(p.locator('[data-action="check"]')).toBeEnabled();

  await runCode(page, '5d', 'function dropoutForward(x, param) {\n  const out = zeros(x.shape);\n  return out +;\n}');
  await expect(p.locator('[data-code-error="syntax"]')).toContainText('SyntaxError');
  await expect(p.locator('[data-code-error="syntax"]')).toContainText('(line 3)');
  await expect(p.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'invalid');

  await runCode(page, '5d', 'function dropoutForward(x, param) {\n  const out = zeros(x.shape);\n  return out.nope.deeper;\n}\nfunction dropoutBackward(d, c) { return d; }');
  await expect(p.locator('[data-check-table]')).toContainText("TypeError", { timeout: 15_000 });
  await expect(p.locator('[data-check-table]')).toContainText('(line 3)');
});

for (const backend of ['cpu', 'wasm', 'webgl', 'webgpu']) {
  test(`layer self-test on ${backend}: every layer passes (or, on a GPU backend, names its missing kernel)`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto('#/hw1-layers');
    const w = page.locator('[data-widget="layer-playground"]');
    await w.scrollIntoViewIfNeeded();
    await w.locator('[data-lp="backend"]').selectOption(backend);
    await w.locator('[data-action="run-selftest"]').click();
    const table = w.locator(`[data-selftest="${backend}"]`);
    const error = w.locator('[data-lp-error]');
    await expect(table.or(error)).toBeVisible({ timeout: 80_000 });
    if (await error.isVisible()) {
      // The backend cannot start in this browser (e.g. no WebGPU adapter): the page says so.
      console.log(`${backend}: ${await error.innerText()}`);
      test.skip(true, `${backend} unavailable: ${await error.innerText()}`);
    }
    const rows = table.locator('tbody tr');
    const n = await rows.count();
    expect(n).toBeGreaterThan(0);
    const summary: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = rows.nth(i);
      const state = await r.getAttribute('data-selftest-row');
      summary.push(`${state}: ${(await r.innerText()).replace(/\s+/g, ' ')}`);
    }
    console.log(`${backend}:\n  ${summary.join('\n  ')}`);
    // cpu and wasm (with GradBook's training kernels) have every kernel: every layer must pass.
    // The GPU backends may still name a kernel their build lacks.
    const allowed = backend === 'cpu' || backend === 'wasm' ? /^pass:/ : /^(pass|missing-kernel):/;
    for (const line of summary) expect(line, line).toMatch(allowed);
  });
}

test('the implementations widget runs a layer and shows output and dx heatmaps with the backend', async ({ page }) => {
  await page.goto('#/hw1-layers');
  const w = page.locator('[data-widget="layer-playground"]');
  await w.locator('[data-lp="backend"]').selectOption('cpu');
  await w.locator('[data-action="run-layer"]').click();
  await expect(w.locator('[data-lp-backend]')).toHaveText('cpu', { timeout: 30_000 });
  await expect(w.locator('[data-heatmap]')).toHaveCount(3);
  await w.screenshot({ path: 'tests/browser/screenshots/layers-playground.png' });
});
