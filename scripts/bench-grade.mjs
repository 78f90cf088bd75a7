#!/usr/bin/env node
// Benchmark for the batch grading command: generates N submissions (default 1,000) for a notebook,
// half of each student's answers right for their own variant, then times
// `node scripts/grade.mjs` with one and with two threads. Not a test: it prints the times.
// In a notebook with code cells, every maxpool and dropout cell gets a right implementation (the
// test fixtures), so each submission costs real sandboxed runs of the checks.
//   node scripts/bench-grade.mjs [--notebook notebooks/hw1-conv-dropout-graphs.md] [--count 1000]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, sourceServer } from './source-loader.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(name) ? args[args.indexOf(name) + 1] : def);
const notebookFile = opt('--notebook', 'notebooks/hw1-conv-dropout-graphs.md');
const count = Number(opt('--count', '1000'));

const server = await sourceServer();
const { parseNotebook } = await server.ssrLoadModule('/src/notebook/parse.ts');
const { answerParts, codeCells } = await server.ssrLoadModule('/src/notebook/types.ts');
const { resolveVariant, studentSeed } = await server.ssrLoadModule('/src/notebook/variants.ts');
const { answerSpecFor, describeKey } = await server.ssrLoadModule('/src/grading/partSpec.ts');
const { buildSubmission } = await server.ssrLoadModule('/src/grading/submission.ts');

const nb = parseNotebook(readFileSync(notebookFile, 'utf8'), notebookFile);
const fixtureCode = {
  maxpool: readFileSync(join(root, 'tests/unit/grading/fixtures/code/maxpool-right.js'), 'utf8'),
  dropout: readFileSync(join(root, 'tests/unit/grading/fixtures/code/dropout-right.js'), 'utf8'),
};
const codeParts = codeCells(nb).filter((c) => fixtureCode[c.task]);
const dir = mkdtempSync(join(tmpdir(), 'gradbook-bench-'));
const files = [];
const t0 = performance.now();
for (let i = 0; i < count; i++) {
  const id = `s${String(i).padStart(5, '0')}`;
  const seed = nb.variants.perStudent ? studentSeed(nb.id, id, nb.variants.salt) : null;
  const { params } = resolveVariant(nb, seed, {});
  const parts = {};
  answerParts(nb).forEach((p, j) => {
    let input = 'My reasoning: the depthwise step never mixes channels, $K^2 C_{in}$.';
    try {
      const spec = answerSpecFor(p, params);
      if (spec) input = (i + j) % 2 === 0 ? (spec.kind === 'expression' ? String(spec.key) : describeKey(spec)) : '42';
    } catch {
      input = '1';
    }
    parts[p.id] = { input, verdict: 'correct', updatedAt: '2026-11-29T05:00:00.000Z' };
  });
  for (const c of codeParts) parts[c.id] = { input: fixtureCode[c.task], verdict: 'correct', updatedAt: '2026-11-29T05:00:00.000Z' };
  const rec = { notebookId: nb.id, version: nb.version, seed, overrides: {}, parts, updatedAt: '2026-11-29T05:00:00.000Z' };
  const f = join(dir, `${id}.json`);
  writeFileSync(f, JSON.stringify(buildSubmission(nb, rec, id, new Date('2026-11-29T05:00:00Z'))));
  files.push(f);
}
await server.close();
console.log(`generated ${count} submissions (${nb.id}, ${answerParts(nb).length} parts, ${codeParts.length} code cells with code) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const results = {};
// /usr/bin/time also gives CPU seconds, which say more than wall time on a busy machine.
const timer = existsSync('/usr/bin/time') ? ['/usr/bin/time', ['-f', 'TIME %e %U %S']] : null;
for (const workers of [1, 2]) {
  const cmd = [join(root, 'scripts/grade.mjs'), '--notebook', notebookFile, '--workers', String(workers), ...files];
  const t = performance.now();
  const r = timer ? spawnSync(timer[0], [...timer[1], 'node', ...cmd], { encoding: 'utf8', maxBuffer: 64 << 20 }) : spawnSync('node', cmd, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const s = (performance.now() - t) / 1000;
  results[workers] = r.stdout;
  const cpu = /TIME ([\d.]+) ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  console.log(
    `grade.mjs --workers ${workers}: ${count} submissions in ${s.toFixed(2)} s wall` +
      (cpu ? ` (${(Number(cpu[2]) + Number(cpu[3])).toFixed(2)} s CPU)` : '') +
      `, ${r.stdout.trim().split('\n').length - 1} rows`,
  );
}
console.log(`load average while measuring: ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores`);
console.log(results[1] === results[2] ? 'one and two threads give the same CSV' : 'MISMATCH between one and two threads');
rmSync(dir, { recursive: true, force: true });
