/**
 * A grader's decisions that apply to the whole class, not one student: an accepted answer (a wrong
 * key, or an answer that deserves credit) gives its points to the same answer in every submission;
 * and the comparison of a class's totals before and after the notebook changed (a corrected key,
 * new points), so the grader sees who changes before accepting it. Pure (no DOM).
 */
import { z } from 'zod';
import type { Notebook } from '../notebook/types';
import { answerParts } from '../notebook/types';
import { answerAsKey, sameAnswer } from './answerMatch';
import { round2 } from './codeGrading';
import { finalPoints, studentKey, type GradedSubmission, type ManualGrades, type PartGrade } from './regrade';

export const answerDecisionSchema = z.object({
  partId: z.string().min(1),
  /** The accepted answer as a student typed it; the same answer by value counts (answerMatch.ts). */
  answer: z.string().min(1),
  points: z.number().min(0),
  note: z.string().optional(),
  decidedAt: z.string().optional(),
});
export type AnswerDecision = z.infer<typeof answerDecisionSchema>;

/** The file `--decisions <file>` reads and grader mode exports. */
export const decisionsFileSchema = z.object({ notebookId: z.string(), decisions: z.array(answerDecisionSchema) });
export type DecisionsFile = z.infer<typeof decisionsFileSchema>;

/** A grader's JSON file checked against `schema`; throws one line naming the file and the first problem. */
export function readJsonFile<T extends z.ZodTypeAny>(text: string, file: string, schema: T, what: string): { data: z.infer<T> } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`${file}: not ${what} (${parsed.error.issues[0]?.path.join('.') || 'top level'}: ${parsed.error.issues[0]?.message})`);
  return { data: parsed.data };
}

export function parseDecisionsFile(text: string, file: string, nb: Notebook): AnswerDecision[] {
  const parsed = readJsonFile(text, file, decisionsFileSchema, 'a GradBook decisions file');
  if (parsed.data.notebookId !== nb.id) throw new Error(`${file}: these decisions are for notebook "${parsed.data.notebookId}", not "${nb.id}"`);
  const max = new Map(answerParts(nb).map((p) => [p.id, p.points]));
  for (const d of parsed.data.decisions) {
    const m = max.get(d.partId);
    if (m === undefined) throw new Error(`${file}: part ${d.partId} is not an answer part of ${nb.id}`);
    if (d.points > m) throw new Error(`${file}: part ${d.partId} is worth ${m} points; the decision for "${d.answer}" gives ${d.points}`);
  }
  return parsed.data.decisions;
}

export interface DecidedPart extends PartGrade {
  /** The class-wide decision that gave this part its points. */
  decision?: AnswerDecision;
}

/**
 * The class with every decision applied: a wrong answer that matches an accepted one gets the
 * decision's points (never fewer than it had). Totals follow; a grader's own points for a student
 * still win over a decision (see `finalPoints`). The last decision for an answer counts.
 */
export function applyDecisions(nb: Notebook, graded: GradedSubmission[], decisions: AnswerDecision[]): GradedSubmission[] {
  if (decisions.length === 0) return graded;
  const parts = new Map(answerParts(nb).map((p) => [p.id, p]));
  const ready = [...decisions].reverse().flatMap((d) => {
    const part = parts.get(d.partId);
    return part ? [{ d, part, key: answerAsKey(part, d.answer.trim()) }] : [];
  });
  return graded.map((g) => {
    let changed = false;
    const next = g.parts.map((p): DecidedPart => {
      if (p.status !== 'incorrect' || !p.input.trim()) return p;
      const hit = ready.find((r) => r.d.partId === p.partId && sameAnswer(r.part, r.key, r.d.answer.trim(), p.input.trim(), g.params));
      if (!hit || hit.d.points <= (p.auto ?? 0)) return p;
      changed = true;
      return { ...p, auto: hit.d.points, decision: hit.d, message: `Accepted answer (${hit.d.points} / ${p.max})${hit.d.note ? `: ${hit.d.note}` : ''}. ${p.message}` };
    });
    return changed ? { ...g, parts: next, autoTotal: round2(next.reduce((t, x) => t + (x.auto ?? 0), 0)) } : g;
  });
}

/** Each student's points per part (what counts: manual grades and decisions applied). */
export type PointsTable = Record<string, Record<string, number | null>>;

export function pointsTable(graded: GradedSubmission[], manual: ManualGrades = {}): PointsTable {
  return Object.fromEntries(graded.map((g) => [studentKey(g), Object.fromEntries(g.parts.map((p) => [p.partId, finalPoints(p, manual[studentKey(g)]?.[p.partId])]))]));
}

const sum = (row: Record<string, number | null>) => round2(Object.values(row).reduce<number>((t, x) => t + (x ?? 0), 0));

export interface TotalChange {
  student: string;
  before: number | null;
  after: number | null;
  /** after − before; null when the student is only on one side. */
  delta: number | null;
  /** Parts whose points changed, e.g. "1b 0 → 2". */
  parts: string[];
}

/**
 * The students whose totals (or part points) differ between two gradings of the same files,
 * e.g. before and after the notebook's key was corrected. Largest change first.
 */
export function regradeDiff(before: PointsTable, after: PointsTable): TotalChange[] {
  const out: TotalChange[] = [];
  for (const [k, row] of Object.entries(after)) {
    const old = before[k];
    if (!old) {
      out.push({ student: k, before: null, after: sum(row), delta: null, parts: [] });
      continue;
    }
    const ids = [...new Set([...Object.keys(old), ...Object.keys(row)])];
    const parts = ids.flatMap((id) => ((old[id] ?? null) === (row[id] ?? null) ? [] : [`${id} ${old[id] ?? '–'} → ${row[id] ?? '–'}`]));
    const [b, a] = [sum(old), sum(row)];
    if (parts.length) out.push({ student: k, before: b, after: a, delta: round2(a - b), parts });
  }
  for (const [k, row] of Object.entries(before)) if (!(k in after)) out.push({ student: k, before: sum(row), after: null, delta: null, parts: [] });
  const size = (c: TotalChange) => (c.delta === null ? Number.MAX_VALUE : Math.abs(c.delta));
  return out.sort((x, y) => size(y) - size(x) || x.student.localeCompare(y.student));
}
