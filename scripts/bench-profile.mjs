#!/usr/bin/env node
// Profile, not a test (npm run bench:profile): per-kernel time of one training step of the reference
// CNN (src/nn/referenceModel.ts, GradBook's layers) on TF.js's wasm backend in Node, from tf.profile
// over a number of steps, and in the same run PyTorch's profiler table for the same model and batch
// (scripts/bench_torch.py --profile), so each change is aimed at the largest gap. The two runs
// alternate (GradBook, PyTorch, GradBook, PyTorch ...) because this machine is shared and noisy;
// the step times printed are medians over the rounds.
// Usage: node scripts/bench-profile.mjs [--steps 20] [--rounds 2] [--threads 2]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { sourceServer } from './source-loader.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const steps = Number(arg('steps', '20'));
const rounds = Number(arg('rounds', '2'));
// PyTorch gets as many threads as GradBook's wasm backend runs (1 in Node: the single-threaded SIMD
// build), so that the two tables compare kernels, not thread counts.
const threadsArg = arg('threads', null);
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const median = (a) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];

const server = await sourceServer();
const tf = await import('@tensorflow/tfjs');
const { useBackend } = await server.ssrLoadModule('/src/nn/backend.ts');
const { referenceBatch, REFERENCE_BATCH, ReferenceNet } = await server.ssrLoadModule('/src/nn/referenceModel.ts');
await useBackend('wasm');
const wasm = await import('@tensorflow/tfjs-backend-wasm');
const threads = threadsArg ?? String(wasm.getThreadsCount());
const { x, y } = referenceBatch(REFERENCE_BATCH, 1);
const labels = tf.tidy(() => tf.argMax(y, 1).toInt());
const net = new ReferenceNet(1);
for (let i = 0; i < 5; i++) await net.trainStep(x, labels);

function gradbookRound() {
  return (async () => {
    // Plain timing first (the profiler's bookkeeping costs time of its own).
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let i = 0; i < steps; i++) await net.trainStep(x, labels);
    const stepMs = (performance.now() - t0) / steps;
    const c = process.cpuUsage(c0);
    const cpuMs = (c.user + c.system) / 1000 / steps;
    const byKernel = new Map();
    const info = await tf.profile(async () => {
      for (let i = 0; i < steps; i++) await net.trainStep(x, labels);
    });
    for (const k of info.kernels) {
      const e = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
      e.ms += k.kernelTimeMs;
      e.calls += 1;
      byKernel.set(k.name, e);
    }
    return { stepMs, cpuMs, byKernel };
  })();
}

function torchRound() {
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const r = spawnSync(python, ['scripts/bench_torch.py', '--threads', threads, '--profile', String(steps)], {
    encoding: 'utf8',
    env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' },
  });
  if (r.status !== 0) return { error: (r.stderr || '').trim().split('\n').pop() };
  const lines = r.stdout.trim().split('\n');
  const json = JSON.parse(lines.pop());
  return { stepMs: (json.seconds / json.steps) * 1000, cpuMs: (json.cpu_seconds / json.steps) * 1000, table: lines.join('\n') };
}

console.error(`load average before: ${load()}`);
const gb = [];
const pt = [];
for (let k = 0; k < rounds; k++) {
  gb.push(await gradbookRound());
  pt.push(torchRound());
}
const last = gb[gb.length - 1];
const kernels = [...last.byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms);
const total = kernels.filter(([n]) => !n.endsWith('__op')).reduce((s, [, e]) => s + e.ms, 0) / steps;
const gbStep = median(gb.map((r) => r.stepMs));
const ptOk = pt.filter((r) => !r.error);
const ptStep = ptOk.length ? median(ptOk.map((r) => r.stepMs)) : null;
console.log(`Reference CNN, batch ${REFERENCE_BATCH}, Adam; Node ${process.version}, wasm threads ${wasm.getThreadsCount()}; ${steps} steps x ${rounds} alternating rounds; load average ${load()}`);
console.log(`GradBook (src/nn on wasm): ${gbStep.toFixed(2)} ms/step (rounds: ${gb.map((r) => r.stepMs.toFixed(1)).join(', ')}), ${total.toFixed(2)} ms of kernels a step (profiled)`);
console.log(`PyTorch ${threads} thread(s): ${ptStep == null ? `not run (${pt[0]?.error}; apt-get install -y python3-torch)` : `${ptStep.toFixed(2)} ms/step (rounds: ${ptOk.map((r) => r.stepMs.toFixed(1)).join(', ')})`}`);
// CPU time per step (all threads of the process) moves far less with the machine's load than wall
// time; with one thread each it is the fairer ratio on a busy machine.
const gbCpu = median(gb.map((r) => r.cpuMs));
const ptCpu = ptOk.length ? median(ptOk.map((r) => r.cpuMs)) : null;
if (ptStep) {
  console.log(`ratio GradBook img/s / PyTorch img/s: wall time ${(ptStep / gbStep).toFixed(3)}; CPU time ${(ptCpu / gbCpu).toFixed(3)} (${gbCpu.toFixed(2)} vs ${ptCpu.toFixed(2)} CPU ms/step)`);
}
console.log('\nGradBook kernels, per training step:');
console.log(`${'kernel'.padEnd(34)} ${'ms/step'.padStart(8)} ${'calls/step'.padStart(10)} ${'share'.padStart(6)}`);
for (const [name, e] of kernels) {
  if (name.endsWith('__op')) continue; // op-level records (customGrad ops) enclose their kernels
  const ms = e.ms / steps;
  if (ms < 0.01) continue;
  console.log(`${name.padEnd(34)} ${ms.toFixed(2).padStart(8)} ${(e.calls / steps).toFixed(0).padStart(10)} ${((100 * ms) / total).toFixed(0).padStart(5)}%`);
}
if (ptOk.length) {
  console.log('\nPyTorch profiler (last round), per training step:');
  console.log(ptOk[ptOk.length - 1].table);
}
net.dispose();
tf.dispose([x, y, labels]);
await server.close();
