// Benchmark, not a test (npm run bench): trains the reference CNN of issue 6 (src/nn/referenceModel.ts)
// in headless Chromium on every TF.js backend, stock wasm and wasm with GradBook's kernels included,
// and the same model in PyTorch on this CPU (scripts/bench_torch.py, 2 threads), then prints a table
// and, last, one JSON line:
//   {"bench":"train","best_backend":...,"img_per_s":...,"torch_img_per_s":...,"ratio":...}
// Usage: node scripts/bench.mjs [--port N] [--seconds 5] [--backends wasm,webgl,...]
// Without --port the server takes a free port; it prints the address.
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkPort } from './ports.mjs';
import { startPreview } from './preview-server.mjs';
import { chromium } from 'playwright-core';
import { chromiumLaunch } from '../tests/browser/chromium.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const port = checkPort(arg('port', '0'));
const seconds = Number(arg('seconds', '5'));
// backend:model; model 'gradbook' = src/nn's explicit-backward layers (the training cell's path),
// 'layers' = tf.layers with tf.grad, 'layers-stock' = the same without GradBook's tf.layers fast paths,
// 'convnet' = the training cell's default ConvNet (2 blocks of 16 with batchnorm) on the same batch.
const backends = arg('backends', 'wasm-stock:layers,wasm:gradbook,wasm:layers,wasm-st:gradbook,webgl:gradbook,webgpu:gradbook,cpu:gradbook').split(',');
// A fresh folder per run: runs in the same checkout never share (or leave behind) a build.
const outDir = mkdtempSync(join(tmpdir(), 'gradbook-bench-build-'));
process.on('exit', () => rmSync(outDir, { recursive: true, force: true }));
// Slow backends (cpu, and webgpu/webgl on a software rasterizer) get one warm-up step and are cut
// off after `seconds` at the first step past it.
// A third field names experiment switches joined by '+' (e.g. wasm:gradbook:ownconv, see the worker).
const profileSteps = Number(arg('profile', '0'));
const plan = (entry) => {
  const [backend, model = 'gradbook', flags = ''] = entry.split(':');
  // wasm warms up for 2 s as well: V8 compiles a module's hot functions with its optimizing tier in
  // the background, and in the first worker of a page that compile (TF.js's 4 MB module) ran into the
  // timed steps (the first wasm row 4,679 img/s, later ones with the same code 6,200-6,563).
  const wasm = backend.startsWith('wasm');
  return { backend, model, flags: flags ? flags.split('+') : [], profileSteps, warmup: wasm ? 5 : 2, warmupSeconds: wasm ? 2 : 0, minSteps: 2, maxSteps: 2000, maxSeconds: seconds };
};

// PyTorch's OpenMP threads spin while they wait; on a 2-core machine with anything else running that
// can cost it 10x (measured: 204 img/s spinning, 2,302 passive, same minute). Each PyTorch turn
// therefore runs twice, as shipped and with OMP_WAIT_POLICY=PASSIVE, and the faster counts.
function torchBench(passive) {
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const env = passive ? { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' } : process.env;
  const r = spawnSync(python, ['scripts/bench_torch.py', '--threads', '2', '--max-seconds', String(seconds)], { encoding: 'utf8', env });
  const line = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  try {
    return { ...JSON.parse(line), passive };
  } catch {
    const why = (r.stderr ?? '').trim().split('\n').pop() || `exit ${r.status}`;
    console.error(`PyTorch benchmark failed (${why}); Debian's PyTorch: apt-get install -y python3-torch`);
    return null;
  }
}

console.error(`building the app with the benchmark page into ${outDir} ...`);
execFileSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
  stdio: 'inherit',
  env: { ...process.env, GRADBOOK_BENCH: '1' },
});

// PyTorch first, while nothing of ours runs; again at the end; the better of the two counts.
const load = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
const loadBefore = load();
console.error('PyTorch ...');
const torchRuns = [torchBench(false), torchBench(true)];

const { base, stop: stopServer } = await startPreview({ outDir, port });
const userDataDir = mkdtempSync(join(tmpdir(), 'gradbook-bench-'));
const cleanup = () => {
  stopServer();
  rmSync(userDataDir, { recursive: true, force: true });
};
process.on('exit', cleanup);

const context = await chromium.launchPersistentContext(userDataDir, { ...chromiumLaunch, headless: true });
let results;
let info;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${base}tests/bench/train.html`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready', null, { timeout: 60_000 });
  info = await page.evaluate(() => window.benchInfo());
  results = [];
  for (const b of backends) {
    console.error(`${b} ...`);
    const req = plan(b);
    const [r] = await page.evaluate(([reqs, t]) => window.runTrainBench(reqs, t), [[req], 240_000]);
    results.push({ ...r, flags: req.flags });
  }
} finally {
  await context.close();
  cleanup();
}

console.error('PyTorch again ...');
torchRuns.push(torchBench(false), torchBench(true));
const loadAfter = load();
const torch = torchRuns.filter(Boolean).sort((a, b) => b.img_per_s - a.img_per_s)[0] ?? null;
const torchRate = torch?.img_per_s ?? null;

const fmt = (v, d = 0) => (v == null || Number.isNaN(v) ? '-' : v.toFixed(d));
const rows = results.map((r) => ({
  backend: `${r.flags?.length ? `[${r.flags.join('+')}] ` : ''}${{ wasm: 'wasm+GradBook kernels', 'wasm-st': 'wasm+kernels, 1-thr build', 'wasm-stock': 'wasm, stock TF.js' }[r.backend] ?? r.backend}, ${{ layers: 'tf.layers', 'layers-stock': 'tf.layers, no fast paths', convnet: 'training cell ConvNet' }[r.model] ?? 'src/nn'}`,
  rate: r.ok ? r.imgPerS : null,
  flags: r.flags,
  steps: r.steps,
  secs: r.seconds,
  note: r.ok ? (r.threads != null ? `threads ${r.threads}${r.crossOriginIsolated ? ', isolated' : ''}${r.pool ? `, helpers ${r.pool.ready}/${r.pool.helpers} ready, ${r.poolJobs} jobs` : ''}` : '') : `cannot train: ${String(r.error).slice(0, 90)}`,
}));
rows.push({ backend: `PyTorch ${torch?.torch ?? ''} (cpu)`, rate: torchRate, steps: torch?.steps, secs: torch?.seconds, note: torch ? `${torch.threads} threads, best of ${torchRuns.filter(Boolean).length} runs (${torchRuns.filter(Boolean).map((t) => `${Math.round(t.img_per_s)}${t.passive ? ' passive' : ''}`).join(', ')})` : 'not run' });

console.log(`\nReference CNN, batch 64, Adam 1e-3; ${info.cores} cores, ${info.userAgent.match(/HeadlessChrome\/[\d.]+/)?.[0] ?? info.userAgent}, cross-origin isolated: ${info.crossOriginIsolated}; load average ${loadBefore} before, ${loadAfter} after`);
console.log(['backend, model'.padEnd(38), 'img/s'.padStart(8), 'steps'.padStart(6), 'secs'.padStart(6), 'x PyTorch'.padStart(10), '  note'].join(' '));
for (const r of rows) {
  console.log([r.backend.padEnd(38), fmt(r.rate).padStart(8), fmt(r.steps).padStart(6), fmt(r.secs, 1).padStart(6), (r.rate != null && torchRate ? (r.rate / torchRate).toFixed(3) : '-').padStart(10), `  ${r.note}`].join(' '));
}
for (const r of results.filter((x) => x.kernels)) {
  console.log(`\nkernels per step (tf.profile, wall ms), ${r.backend}:${r.model}${r.flags?.length ? `:${r.flags.join('+')}` : ''}:`);
  for (const k of r.kernels.slice(0, 25)) console.log(`  ${k.name.padEnd(36)} ${k.ms.toFixed(2).padStart(7)} ms ${k.calls.toFixed(1).padStart(6)} calls`);
  console.log(`  ${'total'.padEnd(36)} ${r.kernels.reduce((a, k) => a + k.ms, 0).toFixed(2).padStart(7)} ms`);
}
const best = results.filter((r) => r.ok).sort((a, b) => b.imgPerS - a.imgPerS)[0];
console.log(
  JSON.stringify({
    bench: 'train',
    best_backend: best?.backend ?? null,
    img_per_s: best ? Math.round(best.imgPerS) : null,
    torch_img_per_s: torchRate != null ? Math.round(torchRate) : null,
    ratio: best && torchRate ? Math.round((best.imgPerS / torchRate) * 1000) / 1000 : null,
  }),
);
