// Benchmark, not a test: builds GradBook, serves it, trains the training cell's default
// configuration (backend "auto") in headless Chromium and prints one JSON line:
//   {"bench":"accuracy","backend":...,"test_accuracy":...,"seconds":...,"img_per_s":...}
// Usage: node scripts/bench-train.mjs [--port N] [--epochs N] [--backend cpu|webgl|...]
// Without --port the server takes a free port; it prints the address.
// The target is test_accuracy >= 0.97 with the defaults.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkPort } from './ports.mjs';
import { startPreview } from './preview-server.mjs';
import { chromium } from 'playwright-core';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const port = checkPort(arg('port', '0'));
// A fresh folder per run: runs in the same checkout never share (or leave behind) a build.
const outDir = mkdtempSync(join(tmpdir(), 'gradbook-bench-train-'));
process.on('exit', () => rmSync(outDir, { recursive: true, force: true }));
const epochs = arg('epochs', null);
const backend = arg('backend', null);

execFileSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { stdio: 'inherit' });
const { base, stop: stopServer } = await startPreview({ outDir, port });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-unsafe-webgpu', '--ignore-gpu-blocklist'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await page.goto(`${base}#/hw1-train/4a`);
  const cell = page.locator('[data-part="4a"]');
  if (epochs) await cell.locator('[data-train-input="epochs"]').fill(epochs);
  if (backend) await cell.locator('[data-train-input="backend"]').selectOption(backend);
  const t0 = Date.now();
  await cell.locator('[data-action="train"]').click();
  // The progress line, when it changed, at most every 5 s.
  let last = '';
  let shownAt = 0;
  for (;;) {
    const phase = await cell.getAttribute('data-training');
    if (phase === 'done' || phase === 'error') break;
    const p = await cell.locator('.train-progress span').first().textContent({ timeout: 500 }).catch(() => null);
    if (p && p !== last && Date.now() - shownAt > 5000) {
      console.error(p.trim());
      last = p;
      shownAt = Date.now();
    }
    await page.waitForTimeout(1000);
  }
  if ((await cell.getAttribute('data-training')) === 'error') {
    throw new Error(await cell.locator('.cell-error').first().textContent());
  }
  const r = cell.locator('.train-results');
  const num = async (a) => Number(await r.getAttribute(a));
  console.log(
    JSON.stringify({
      bench: 'accuracy',
      backend: await r.getAttribute('data-backend'),
      test_accuracy: await num('data-test-accuracy'),
      seconds: Math.round((await num('data-seconds')) * 10) / 10,
      wall_seconds: Math.round((Date.now() - t0) / 100) / 10,
      img_per_s: Math.round(await num('data-img-per-s')),
    }),
  );
} finally {
  await browser.close();
  stopServer();
}
