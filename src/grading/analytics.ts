/**
 * Per-part statistics and common wrong answers over a graded class: what grader mode's statistics
 * panel shows and `npm run grade -- --stats` prints. Pure (no DOM). Points are the ones that count
 * (a grader's points or override, accepted answer groups), so the numbers match the CSV.
 */
import type { AnswerCell, Notebook } from '../notebook/types';
import { answerParts, gradedParts } from '../notebook/types';
import { answerAsKey, sameAnswer, type AnswerKey } from './answerMatch';
import { round2 } from './codeGrading';
import type { DecidedPart } from './decisions';
import { finalPoints, studentKey, type GradedSubmission, type ManualGrades, type PartGrade } from './regrade';
import type { Submission } from './submission';

export interface CheckFailure {
  /** The check's name and output, e.g. "dx vs numerical gradient (dx)", or why the code could not run. */
  label: string;
  /** How many students' runs failed it. */
  failed: number;
}

export interface PartStats {
  partId: string;
  kind: PartGrade['kind'];
  max: number;
  /** Submissions that have this part. */
  students: number;
  answered: number;
  /** Submissions whose points for this part are known (not waiting for a grader or a code run). */
  scored: number;
  mean: number | null;
  /** Share of the scored submissions with full points. */
  fullShare: number | null;
  /** Points of each scored submission, for the histogram. */
  points: number[];
  /** Median minutes from a student's first answer to this part to their final one (saved timestamps); null when no file has them. */
  medianMinutes: number | null;
  timed: number;
  /** Code cells: the checks that fail most, most frequent first. */
  failingChecks?: CheckFailure[];
}

const median = (xs: number[]) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Minutes from the part's first saved answer to its final one, or null when the file lacks either time. */
export function minutesToFinal(s: Submission | undefined, partId: string): number | null {
  const p = s?.parts[partId] ?? s?.code[partId];
  const first = p?.firstAt;
  const last = p?.updatedAt ?? p?.checkedAt;
  if (!first || !last) return null;
  const ms = Date.parse(last) - Date.parse(first);
  return Number.isFinite(ms) && ms >= 0 ? ms / 60000 : null;
}

function failingChecks(grades: PartGrade[]): CheckFailure[] {
  const counts = new Map<string, number>();
  const add = (label: string) => counts.set(label, (counts.get(label) ?? 0) + 1);
  for (const g of grades) {
    if (g.codeError) add(`could not run: ${g.codeError.kind}`);
    for (const r of g.report?.rows ?? []) if (!r.pass) add(`${r.check} (${r.output})`);
  }
  return [...counts].map(([label, failed]) => ({ label, failed })).sort((a, b) => b.failed - a.failed || a.label.localeCompare(b.label));
}

/**
 * One row per graded part in notebook order. `submissions` (by file name) gives the saved
 * timestamps; without it the times are left out.
 */
export function partStatistics(nb: Notebook, graded: GradedSubmission[], manual: ManualGrades = {}, submissions?: Map<string, Submission>): PartStats[] {
  return gradedParts(nb).map((part) => {
    const rows = graded.flatMap((g) => {
      const p = g.parts.find((x) => x.partId === part.id);
      return p ? [{ g, p, points: finalPoints(p, manual[studentKey(g)]?.[part.id]) }] : [];
    });
    const scored = rows.filter((r) => r.points !== null && r.p.status !== 'pending');
    const points = scored.map((r) => r.points as number);
    const minutes = submissions ? rows.map((r) => minutesToFinal(submissions.get(r.g.file), part.id)).filter((m): m is number => m !== null) : [];
    const med = median(minutes);
    const stats: PartStats = {
      partId: part.id,
      kind: part.kind === 'code' ? 'code' : part.answerKind,
      max: part.points,
      students: rows.length,
      answered: rows.filter((r) => r.p.status !== 'unanswered').length,
      scored: scored.length,
      mean: points.length ? round2(points.reduce((a, b) => a + b, 0) / points.length) : null,
      fullShare: points.length ? points.filter((x) => x >= part.points).length / points.length : null,
      points,
      medianMinutes: med === null ? null : Math.round(med * 10) / 10,
      timed: minutes.length,
    };
    if (part.kind === 'code') stats.failingChecks = failingChecks(rows.map((r) => r.p));
    return stats;
  });
}

export interface AnswerGroup {
  partId: string;
  /** The answer the group was formed around (the first one seen), as the student typed it. */
  answer: string;
  /** Every distinct spelling in the group, most frequent first (e.g. "70144", "70,144"). */
  spellings: string[];
  /** Student keys (see `studentKey`), in class order. */
  students: string[];
  count: number;
}

interface OpenGroup {
  key: AnswerKey;
  group: AnswerGroup;
  spellings: Map<string, number>;
}

/**
 * The wrong answers to one auto-checked part grouped by value, most frequent first. Answers are
 * compared as grading compares them (see answerMatch.ts). Identical spellings are compared once.
 */
export function wrongAnswerGroups(part: AnswerCell, graded: GradedSubmission[]): AnswerGroup[] {
  if (part.answerKind === 'text') return [];
  const open: OpenGroup[] = [];
  const bySpelling = new Map<string, OpenGroup>();
  for (const g of graded) {
    const p = g.parts.find((x) => x.partId === part.id);
    // An answer a grader already accepted is no longer a wrong answer to decide on.
    if (!p || p.status !== 'incorrect' || !p.input.trim() || (p as DecidedPart).decision) continue;
    const text = p.input.trim();
    let target = bySpelling.get(text);
    if (!target) {
      target = open.find((o) => sameAnswer(part, o.key, o.group.answer, text, g.params));
      if (!target) {
        target = { key: answerAsKey(part, text), group: { partId: part.id, answer: text, spellings: [], students: [], count: 0 }, spellings: new Map() };
        open.push(target);
      }
      bySpelling.set(text, target);
    }
    target.group.students.push(studentKey(g));
    target.group.count++;
    target.spellings.set(text, (target.spellings.get(text) ?? 0) + 1);
  }
  return open
    .map((o) => ({ ...o.group, spellings: [...o.spellings].sort((a, b) => b[1] - a[1]).map(([s]) => s) }))
    .sort((a, b) => b.count - a.count);
}

/** Wrong-answer groups of every auto-checked part, keyed by part id. */
export function allWrongAnswerGroups(nb: Notebook, graded: GradedSubmission[]): Map<string, AnswerGroup[]> {
  return new Map(answerParts(nb).filter((p) => p.answerKind !== 'text').map((p) => [p.id, wrongAnswerGroups(p, graded)]));
}

/** The statistics as plain text for the command's `--stats`: one line per part, then the top wrong answers. */
export function statsText(nb: Notebook, stats: PartStats[], groups: Map<string, AnswerGroup[]>, top = 3): string {
  const pct = (x: number | null) => (x === null ? '–' : `${Math.round(100 * x)}%`);
  const lines = [`statistics for ${nb.id}: part, mean / max, fully right, answered, median minutes first to final answer`];
  for (const s of stats) {
    lines.push(
      `  ${s.partId.padEnd(6)} ${s.mean === null ? '–' : s.mean} / ${s.max}  full ${pct(s.fullShare)}  answered ${s.answered}/${s.students}  time ${s.medianMinutes === null ? '–' : `${s.medianMinutes} min`}`,
    );
    for (const f of s.failingChecks?.slice(0, top) ?? []) lines.push(`         fails: ${f.label} × ${f.failed}`);
    for (const gr of groups.get(s.partId)?.slice(0, top) ?? []) lines.push(`         wrong: ${JSON.stringify(gr.answer)} × ${gr.count}`);
  }
  return lines.join('\n') + '\n';
}
