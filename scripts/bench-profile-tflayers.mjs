#!/usr/bin/env node
// Profile, not a test (npm run bench:profile-tflayers): a student's tf.layers model on wasm against
// the src/nn path (issue 15, item 3). Trains the reference CNN (src/nn/referenceModel.ts) three
// ways in one Node process, in alternating rounds: ReferenceNet (GradBook's explicit backward
// passes), buildReferenceModel's trainOnBatch with GradBook's tf.layers fast paths
// (src/nn/layersFastPaths.ts) and the same without them (TF.js's own layers and gradients). Prints
// wall and CPU ms a step (CPU time moves far less with this shared machine's load), the ratios,
// and per-kernel tables (tf.profile, wall time, per step) of the last round.
// Usage: node scripts/bench-profile-tflayers.mjs [--steps 10] [--rounds 3]
import { readFileSync } from 'node:fs';
import { sourceServer } from './source-loader.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const steps = Number(arg('steps', '10'));
const rounds = Number(arg('rounds', '3'));
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const median = (a) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];

const server = await sourceServer();
const tf = await import('@tensorflow/tfjs');
const { useBackend } = await server.ssrLoadModule('/src/nn/backend.ts');
const { setLayersFastPathsEnabled } = await server.ssrLoadModule('/src/nn/layersFastPaths.ts');
const { referenceBatch, REFERENCE_BATCH, ReferenceNet, buildReferenceModel, referenceTrainStep } = await server.ssrLoadModule('/src/nn/referenceModel.ts');
await useBackend('wasm');
const wasm = await import('@tensorflow/tfjs-backend-wasm');
const { x, y } = referenceBatch(REFERENCE_BATCH, 1);
const labels = tf.tidy(() => tf.argMax(y, 1).toInt());
const net = new ReferenceNet(1);
const fast = buildReferenceModel(1);
const stock = buildReferenceModel(1);
const ways = {
  'src/nn (ReferenceNet)': () => net.trainStep(x, labels),
  'tf.layers, fast paths': () => (setLayersFastPathsEnabled(true), referenceTrainStep(fast, x, y)),
  'tf.layers, stock': () => (setLayersFastPathsEnabled(false), referenceTrainStep(stock, x, y)),
};
const names = Object.keys(ways);
for (const f of Object.values(ways)) for (let i = 0; i < 3; i++) await f();
console.error(`load average before: ${load()}`);
const times = Object.fromEntries(names.map((n) => [n, { wall: [], cpu: [] }]));
for (let r = 0; r < rounds; r++) {
  for (const n of names) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) await ways[n]();
    const c = process.cpuUsage(c0);
    times[n].wall.push((performance.now() - t0) / steps);
    times[n].cpu.push((c.user + c.system) / 1000 / steps);
  }
}
console.log(`Reference CNN, batch ${REFERENCE_BATCH}, Adam; Node ${process.version}, wasm threads ${wasm.getThreadsCount()}; ${steps} steps x ${rounds} alternating rounds; load average ${load()}`);
const base = median(times[names[0]].cpu);
for (const n of names) {
  const cpu = median(times[n].cpu);
  console.log(`${n.padEnd(24)} ${cpu.toFixed(1).padStart(6)} CPU ms/step (rounds ${times[n].cpu.map((t) => t.toFixed(1)).join(', ')}), wall ${median(times[n].wall).toFixed(1)} ms; ${(cpu / base).toFixed(2)}x src/nn's CPU time`);
}
for (const n of names) {
  const info = await tf.profile(async () => {
    for (let i = 0; i < steps; i++) await ways[n]();
  });
  const by = new Map();
  let total = 0;
  for (const k of info.kernels) {
    if (k.name.endsWith('__op')) continue; // op-level records enclose their kernels
    const e = by.get(k.name) ?? { ms: 0, calls: 0 };
    e.ms += k.kernelTimeMs;
    e.calls += 1;
    total += k.kernelTimeMs;
    by.set(k.name, e);
  }
  console.log(`\n${n}: ${(total / steps).toFixed(2)} ms of kernels a step (tf.profile, wall), ${(info.kernels.length / steps).toFixed(0)} kernel calls`);
  for (const [k, e] of [...by].sort((a, b) => b[1].ms - a[1].ms)) {
    if (e.ms / steps < 0.05) continue;
    console.log(`  ${k.padEnd(34)} ${(e.ms / steps).toFixed(2).padStart(7)} ${(e.calls / steps).toFixed(0).padStart(4)} calls`);
  }
}
setLayersFastPathsEnabled(true);
net.dispose();
fast.dispose();
stock.dispose();
tf.dispose([x, y, labels]);
await server.close();
