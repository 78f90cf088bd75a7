/**
 * The shape a code run's answer must have before the page believes it. The answer comes out of a
 * sandbox that ran a student's code; the runner wrote it, but the page checks it anyway, so a
 * malformed or oversized answer ends as a clear setup error, never as points or a frozen page.
 */
import { z } from 'zod';
import type { CodeRunResponse } from './codeGrading';

/** Messages carry text from the student's code (an exception's message); a screenful is plenty. */
export const MAX_MESSAGE = 2000;
const text = z.string().transform((s) => (s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE)}… (${s.length - MAX_MESSAGE} more characters)` : s));
const line = z.number().int().positive().nullable();

const reportSchema = z.object({
  task: text,
  rows: z
    .array(z.object({ check: text, output: text, error: z.number().nullable(), threshold: z.number(), pass: z.boolean(), note: text.optional() }))
    .max(200),
  passed: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  allPassed: z.boolean(),
});

const responseSchema = z.union([
  z.object({ ok: z.literal(true), report: reportSchema, ms: z.number() }),
  z.object({ ok: z.literal(false), error: text, line, kind: z.enum(['syntax', 'runtime', 'setup']) }),
]);

/** The runner's answer, or a setup error saying it was not one. */
export function parseCodeRunResponse(data: unknown): CodeRunResponse {
  const parsed = responseSchema.safeParse(data);
  if (!parsed.success) return { ok: false, kind: 'setup', error: 'the code runner sent an answer GradBook cannot read', line: null };
  const r = parsed.data;
  // Counts are recomputed from the rows: the runner's own tally is not taken on trust either.
  if (r.ok) {
    const passed = r.report.rows.filter((row) => row.pass).length;
    const total = r.report.rows.length;
    return { ...r, report: { ...r.report, passed, total, allPassed: total > 0 && passed === total } };
  }
  return r;
}
