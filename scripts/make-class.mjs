#!/usr/bin/env node
// Generates a class of submissions with realistic mistakes, for grader analytics tests and timing:
//   node scripts/make-class.mjs --notebook notebooks/hw1-conv-dropout-graphs.md --count 200 --out /tmp/class
// Each student gets their own variant; each auto part is right about 55% of the time, else one of a
// few mistakes students make (a factor of two, an off-by-one, a halved expression, a wrong option,
// one matrix entry off, a stray "42", rounding within tolerance), or left empty. Text parts get a
// sentence. Timestamps say when each part was first answered and last changed. Deterministic.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourceServer } from './source-loader.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(name) ? args[args.indexOf(name) + 1] : def);
const notebookFile = opt('--notebook', 'notebooks/hw1-conv-dropout-graphs.md');
const count = Number(opt('--count', '200'));
const out = opt('--out', null);
if (!out || !(count > 0)) {
  process.stderr.write('usage: node scripts/make-class.mjs --notebook <file.md> --count N --out <dir>\n');
  process.exit(2);
}

const server = await sourceServer();
const load = (p) => server.ssrLoadModule(p);
const { parseNotebook } = await load('/src/notebook/parse.ts');
const { answerParts } = await load('/src/notebook/types.ts');
const { resolveVariant, studentSeed } = await load('/src/notebook/variants.ts');
const { answerSpecFor, describeKey } = await load('/src/grading/partSpec.ts');
const { buildSubmission } = await load('/src/grading/submission.ts');
const { createRng } = await load('/src/core/rng.ts');

const nb = parseNotebook(readFileSync(notebookFile, 'utf8'), notebookFile);
mkdirSync(out, { recursive: true });

const fmt = (x) => String(+x.toPrecision(6));

/** A mistake for this part's key, picked by `r` in [0, 1). */
function mistake(spec, part, r) {
  switch (spec.kind) {
    case 'number':
      return r < 0.5 ? fmt(spec.key * 2) : r < 0.8 ? fmt(spec.key + 1) : '42';
    case 'expression':
      return r < 0.5 ? `(${spec.key})/2` : r < 0.8 ? `2*(${spec.key})` : 'n^2';
    case 'choice': {
      const wrong = part.options.map((o) => o.id).filter((id) => !spec.key.includes(id));
      return wrong[Math.floor(r * wrong.length)] ?? '';
    }
    case 'matrix': {
      const m = spec.key.map((row) => [...row]);
      if (r < 0.6) m[0][0] += 1;
      else return m[0].map((_, j) => m.map((row) => fmt(row[j] ?? 0)).join(' ')).join('\n');
      return m.map((row) => row.map(fmt).join(' ')).join('\n');
    }
  }
  return '';
}

const base = Date.parse('2026-11-20T09:00:00.000Z');
for (let i = 0; i < count; i++) {
  const id = `s${String(i + 1).padStart(4, '0')}`;
  const rng = createRng(`class/${nb.id}/${id}`);
  const seed = nb.variants.perStudent ? studentSeed(nb.id, id, nb.variants.salt) : null;
  const { params } = resolveVariant(nb, seed, {});
  const parts = {};
  let t = base + rng.int(0, 5 * 24 * 60) * 60000;
  for (const p of answerParts(nb)) {
    const roll = rng.uniform(0, 1);
    if (roll > 0.92) continue; // left empty
    let input;
    const spec = answerSpecFor(p, params);
    if (!spec) input = 'The depthwise step filters each channel on its own; the pointwise step mixes them.';
    else if (roll < 0.5) input = spec.kind === 'expression' ? String(spec.key) : describeKey(spec);
    else if (roll < 0.55 && spec.kind === 'number' && !Number.isInteger(spec.key)) input = fmt(spec.key * 1.0002);
    else input = mistake(spec, p, rng.uniform(0, 1));
    const first = t;
    t += rng.int(1, 25) * 60000;
    parts[p.id] = { input, firstAt: new Date(first).toISOString(), updatedAt: new Date(t).toISOString() };
  }
  const record = { notebookId: nb.id, version: nb.version, seed, overrides: {}, parts, updatedAt: new Date(t).toISOString() };
  const s = buildSubmission(nb, record, id, new Date(t + 60000));
  writeFileSync(join(out, `${id}.json`), JSON.stringify(s));
}
await server.close();
process.stderr.write(`wrote ${count} submissions for ${nb.id} to ${out}\n`);
