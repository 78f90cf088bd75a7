/**
 * Grader-only tests: extra checks of code cells that live with the grader, in the course's
 * grader/<notebook-id>.json (never in notebooks/, so never in a student's build). The file is data,
 * not code, and runs through the same sandboxes as the cell's own checks (withGraderCases in
 * codeChecks.ts). Each part holds a list of cases of three kinds:
 *
 *   { "graderTests": "hw1c-layers",
 *     "parts": { "5f": [
 *       // "call" (the default): one of the student's functions on fixed data, one output compared.
 *       { "name": "3×3 pool, stride 1", "call": "maxPoolForward",
 *         "args": [[[[...]]], { "poolHeight": 3, "poolWidth": 3, "stride": 1 }],
 *         "output": "out", "expected": [[[[...]]]], "tolerance": 1e-7 },
 *       // "backward": the student's forward, then backward with dout; each gradient (dx, or dx/dw/db,
 *       // dx/dgamma/dbeta) against the float64 reference ("reference") or centered differences of
 *       // the student's own forward ("numerical"). Arrays may be drawn: { "randn": [shape], "scale", "shift" }
 *       // from "seed" (the same inputs for every student); no "dout": standard normal.
 *       { "kind": "backward", "name": "3×3 pool, stride 1", "against": "reference", "seed": 3,
 *         "args": [{ "randn": [2, 3, 7, 7] }, { "poolHeight": 3, "poolWidth": 3, "stride": 1 }] },
 *       // "seeds": the cell's own checks again, on inputs drawn from each seed.
 *       { "kind": "seeds", "name": "more draws", "seeds": [101, 202] } ] } }
 */
import { z } from 'zod';
import { codeCells, type GraderBackwardCase, type GraderCase, type Notebook } from '../notebook/types';
import { BACKWARD_SPECS, backwardInputs, isCodeTask, TASK_FUNCTIONS } from './codeChecks';
import { readJsonFile } from './decisions';

type Nested = number | Nested[];
const nested: z.ZodType<Nested> = z.lazy(() => z.union([z.number().finite(), z.array(nested).max(100_000)]));

const callCase = z.object({
  kind: z.literal('call'),
  name: z.string().min(1).max(200),
  call: z.string(),
  args: z.array(z.unknown()).max(10),
  output: z.string().max(50).optional(),
  expected: z.array(nested),
  tolerance: z.number().positive().default(1e-7),
});

const backwardCase = z.object({
  kind: z.literal('backward'),
  name: z.string().min(1).max(200),
  args: z.array(z.unknown()).max(10),
  dout: z.array(nested).optional(),
  against: z.enum(['reference', 'numerical']),
  seed: z.number().int().nonnegative().default(0),
  tolerance: z.number().positive().default(1e-7),
});

// Each seed is a full run of the cell's checks (seconds for naive loops), inside the run's time limit.
const seedsCase = z.object({
  kind: z.literal('seeds'),
  name: z.string().min(1).max(200),
  seeds: z.array(z.number().int().nonnegative()).min(1).max(5),
});

// Files written before there were kinds hold calls only: a case without "kind" is a call.
const caseSchema = z.preprocess(
  (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) && !('kind' in v) ? { ...v, kind: 'call' } : v),
  z.discriminatedUnion('kind', [callCase, backwardCase, seedsCase]),
);

const fileSchema = z.object({
  graderTests: z.string(),
  parts: z.record(z.string(), z.array(caseSchema).max(50)),
});

export type GraderTests = Record<string, GraderCase[]>;

/** Whether a dropped or read JSON file is a grader-tests file (rather than a submission). */
export function graderTestsNotebookId(text: string): string | null {
  try {
    const v = JSON.parse(text) as { graderTests?: unknown } | null;
    return typeof v?.graderTests === 'string' ? v.graderTests : null;
  } catch {
    return null;
  }
}

/** The file's cases by code cell, checked against the notebook; throws one line saying what is wrong. */
export function parseGraderTests(text: string, file: string, nb: Notebook): GraderTests {
  const parsed = readJsonFile(text, file, fileSchema, 'a grader-tests file');
  if (parsed.data.graderTests !== nb.id) throw new Error(`${file}: these grader tests are for notebook "${parsed.data.graderTests}", not "${nb.id}"`);
  const cells = new Map(codeCells(nb).map((c) => [c.id, c]));
  for (const [partId, cases] of Object.entries(parsed.data.parts)) {
    const cell = cells.get(partId);
    if (!cell) throw new Error(`${file}: part ${partId} is not a code cell of ${nb.id}`);
    const fns = isCodeTask(cell.task) ? TASK_FUNCTIONS[cell.task] : [];
    for (const c of cases) {
      const where = `${file}: part ${partId}, "${c.name}"`;
      if (c.kind === 'call' && !fns.includes(c.call)) throw new Error(`${where} calls ${c.call}; the cell's code defines ${fns.join(', ') || 'no known functions'}`);
      if (c.kind === 'backward') checkBackwardCase(where, cell.task, c);
    }
  }
  return parsed.data.parts as GraderTests;
}

/**
 * A backward case is tried on the reference when the file is read, so a wrong shape or a missing
 * option is the grader's one-line error now, not a failed check in every student's grade later.
 */
function checkBackwardCase(where: string, task: string, c: GraderBackwardCase): void {
  const spec = isCodeTask(task) ? BACKWARD_SPECS[task] : undefined;
  if (!spec) throw new Error(`${where}: the cell's task ${task} has no backward pass to check`);
  if (c.against === 'reference' && !spec.comparable) throw new Error(`${where}: ${spec.backward} cannot be compared with the reference (the student's own mask differs from it); use "against": "numerical"`);
  try {
    backwardInputs(spec, c);
  } catch (e) {
    throw new Error(`${where}: ${spec.forward}'s reference cannot run on these arguments (${(e as Error).message})`);
  }
}

/** The notebook as grading sees it: its code cells carry the grader's cases. */
export function withGraderTests(nb: Notebook, tests: GraderTests): Notebook {
  return { ...nb, cells: nb.cells.map((c) => (c.kind === 'code' && tests[c.id]?.length ? { ...c, graderCases: tests[c.id] } : c)) };
}
