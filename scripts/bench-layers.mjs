#!/usr/bin/env node
// Benchmark for the float64 layer references and the code-cell checks: how long one "Run checks"
// takes per task (a right answer, so every check runs), a student's naive conv among them, and the
// course's batchnorm claim that the simplified backward is about 2x faster than the staged one.
// Not a test: it prints the times.   node scripts/bench-layers.mjs
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { root, sourceServer } from './source-loader.mjs';

const server = await sourceServer();
const ref = await server.ssrLoadModule('/src/core/reference/index.ts');
const { createRng } = await server.ssrLoadModule('/src/core/rng.ts');
const { CODE_TASKS, runCodeChecks, TASK_FUNCTIONS } = await server.ssrLoadModule('/src/grading/codeChecks.ts');
const { compileStudentCode } = await server.ssrLoadModule('/src/worker/studentCode.ts');
const { referenceAnswers } = await server.ssrLoadModule('/tests/unit/grading/referenceAnswers.ts');

const best = (fn, runs) => {
  let t = Infinity;
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    fn();
    t = Math.min(t, performance.now() - t0);
  }
  return t;
};

// Batchnorm backward, N, D = 100, 500 (the course's size).
const rng = createRng(24);
const affine = (shape, scale = 1, shift = 0) => ref.map(ref.randn(shape, rng), (v) => scale * v + shift);
const x = affine([100, 500], 5, 12);
const { cache } = ref.batchnormForward(x, affine([500]), affine([500]), { mode: 'train' });
const dout = affine([100, 500]);
const tGraph = best(() => ref.batchnormBackward(dout, cache), 30);
const tAlt = best(() => ref.batchnormBackwardAlt(dout, cache), 30);
console.log(`batchnorm backward (100×500), best of 30: staged ${tGraph.toFixed(2)} ms, simplified ${tAlt.toFixed(2)} ms, speed-up ${(tGraph / tAlt).toFixed(2)}×`);

// One "Run checks" per task with a right answer (the references; the fixtures where a student's code exists).
const fixture = (f) => readFileSync(resolve(root, 'tests/unit/grading/fixtures/code', f), 'utf8');
const right = { ...referenceAnswers, ...compileStudentCode(fixture('maxpool-right.js'), TASK_FUNCTIONS.maxpool) };
const naiveConv = { ...right, ...compileStudentCode(fixture('conv-naive.js'), TASK_FUNCTIONS.conv) };
const seeds = 10;
const timeTask = (label, task, fns) => {
  const times = [];
  for (let s = 0; s < seeds; s++) {
    const t0 = performance.now();
    const r = runCodeChecks(task, fns, 1000 + 7919 * s);
    times.push(performance.now() - t0);
    if (!r.allPassed) console.log(`  ${label}: seed ${s} FAILED ${r.rows.filter((x) => !x.pass).map((x) => x.check).join('; ')}`);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(34)} median ${times[seeds >> 1].toFixed(0).padStart(5)} ms, worst ${times[seeds - 1].toFixed(0).padStart(5)} ms (cell limit 10,000 ms)`);
};
console.log(`Run checks, ${seeds} seeds each:`);
for (const task of CODE_TASKS) timeTask(task, task, right);
timeTask('conv (a naive student loop)', 'conv', naiveConv);
await server.close();
