#!/usr/bin/env node
// Benchmark, not a test: CPU ms per ReferenceNet training step on wasm (Node, 1 thread) with and without
// GradBook's own forward convolutions (Winograd for 3x3 stride 1, conv_c1 for one input channel;
// off: XNNPACK's), alternating in one process so that the load of this shared machine hits both
// alike. Usage: node scripts/bench-conv-ab.mjs [rounds, default 5]
import { sourceServer } from './source-loader.mjs';
const server = await sourceServer();
const tf = await import('@tensorflow/tfjs');
const { useBackend } = await server.ssrLoadModule('/src/nn/backend.ts');
const K = await server.ssrLoadModule('/src/nn/wasm/kernels.ts');
const { referenceBatch, REFERENCE_BATCH, ReferenceNet } = await server.ssrLoadModule('/src/nn/referenceModel.ts');
await useBackend('wasm');
const { x, y } = referenceBatch(REFERENCE_BATCH, 1);
const labels = tf.tidy(() => tf.argMax(y, 1).toInt());
const net = new ReferenceNet(1);
for (let i = 0; i < 5; i++) await net.trainStep(x, labels);
const res = { on: [], off: [] };
for (let r = 0; r < Number(process.argv[2] ?? 5); r++) for (const mode of ['off', 'on']) {
  K.setWinogradDisabled(mode === 'off');
  K.setConvC1Disabled(mode === 'off');
  for (let i = 0; i < 2; i++) await net.trainStep(x, labels);
  const c0 = process.cpuUsage();
  for (let i = 0; i < 20; i++) await net.trainStep(x, labels);
  const c = process.cpuUsage(c0);
  res[mode].push((c.user + c.system) / 1000 / 20);
}
const med = (a) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];
console.log('off', res.off.map((v) => v.toFixed(2)).join(' '), 'median', med(res.off).toFixed(2));
console.log('on ', res.on.map((v) => v.toFixed(2)).join(' '), 'median', med(res.on).toFixed(2));
console.log('load', (await import('node:fs')).readFileSync('/proc/loadavg', 'utf8'));
process.exit(0);
