import { readFileSync } from 'node:fs';
import { parseNotebook } from '../../../src/notebook/parse';
import { answerSpecFor } from '../../../src/grading/partSpec';
import { describeKey } from '../../../src/grading/partSpec';
import { resolveVariant, studentSeed } from '../../../src/notebook/variants';
import { answerParts, type Notebook } from '../../../src/notebook/types';
import { buildSubmission, type Submission } from '../../../src/grading/submission';
import type { AnswersRecord } from '../../../src/notebook/answers';

export const demoPath = 'tests/unit/grading/fixtures/grade-demo.md';
export const demo: Notebook = parseNotebook(readFileSync(demoPath, 'utf8'), demoPath);

/** The correct input for every auto part of a student's variant. */
export function correctInputs(nb: Notebook, seed: number | null): Record<string, string> {
  const { params } = resolveVariant(nb, seed, {});
  const out: Record<string, string> = {};
  for (const p of answerParts(nb)) {
    const spec = answerSpecFor(p, params);
    if (!spec) out[p.id] = 'Because the depthwise step never mixes channels.';
    else if (spec.kind === 'expression') out[p.id] = `n*${params.cin}`;
    else out[p.id] = describeKey(spec);
  }
  return out;
}

export function submissionFor(nb: Notebook, studentId: string, inputs: Record<string, string>, seed?: number | null): Submission {
  const s = seed === undefined ? studentSeed(nb.id, studentId, nb.variants.salt) : seed;
  const t = '2026-11-29T05:00:00.000Z';
  const record: AnswersRecord = {
    notebookId: nb.id,
    version: nb.version,
    seed: s,
    overrides: {},
    parts: Object.fromEntries(Object.entries(inputs).map(([id, input]) => [id, { input, updatedAt: t }])),
    updatedAt: t,
  };
  return buildSubmission(nb, record, studentId, new Date(t));
}
