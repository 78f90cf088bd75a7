/**
 * Grader-only tests: extra checks of code cells that live with the grader, in the course's
 * grader/<notebook-id>.json (never in notebooks/, so never in a student's build). The file is data,
 * not code: each case names one of the student's functions, its arguments and the expected output,
 * and runs through the same sandboxes as the cell's own checks (withGraderCases in codeChecks.ts).
 *
 *   { "graderTests": "hw1c-layers",
 *     "parts": { "5f": [ { "name": "3×3 pool, stride 1", "call": "maxPoolForward",
 *                          "args": [[[[...]]], { "poolHeight": 3, "poolWidth": 3, "stride": 1 }],
 *                          "output": "out", "expected": [[[[...]]]], "tolerance": 1e-7 } ] } }
 */
import { z } from 'zod';
import { codeCells, type GraderCase, type Notebook } from '../notebook/types';
import { isCodeTask, TASK_FUNCTIONS } from './codeChecks';
import { readJsonFile } from './decisions';

type Nested = number | Nested[];
const nested: z.ZodType<Nested> = z.lazy(() => z.union([z.number().finite(), z.array(nested).max(100_000)]));

const caseSchema = z.object({
  name: z.string().min(1).max(200),
  call: z.string(),
  args: z.array(z.unknown()).max(10),
  output: z.string().max(50).optional(),
  expected: z.array(nested),
  tolerance: z.number().positive().default(1e-7),
});

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
      if (!fns.includes(c.call)) throw new Error(`${file}: part ${partId}, "${c.name}" calls ${c.call}; the cell's code defines ${fns.join(', ') || 'no known functions'}`);
    }
  }
  return parsed.data.parts as GraderTests;
}

/** The notebook as grading sees it: its code cells carry the grader's cases. */
export function withGraderTests(nb: Notebook, tests: GraderTests): Notebook {
  return { ...nb, cells: nb.cells.map((c) => (c.kind === 'code' && tests[c.id]?.length ? { ...c, graderCases: tests[c.id] } : c)) };
}
