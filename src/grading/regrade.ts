/**
 * Re-grading: from a notebook and a submission, every auto-checkable part is checked again from
 * the seed and the raw input, with the same `answerSpecFor` + `checkAnswer` the page uses. Stored
 * verdicts are never trusted; where they disagree with the re-check the submission is flagged.
 * Pure (no DOM), so grader mode and `scripts/grade.mjs` share it and give the same CSV.
 */
import type { AnswerCell, Notebook, ParamValues } from '../notebook/types';
import { answerParts } from '../notebook/types';
import { resolveVariant, studentSeed } from '../notebook/variants';
import { checkAnswer } from './index';
import { answerSpecFor, describeKey } from './partSpec';
import { parseSubmission, submissionPartIds, type Submission } from './submission';
import type { Verdict } from './types';

export type PartStatus = Verdict | 'unanswered' | 'manual' | 'broken-key';

export interface PartGrade {
  partId: string;
  kind: AnswerCell['answerKind'];
  /** The most points the part gives. */
  max: number;
  /** Points from the re-check; null where a person must grade (text) or the key is broken. */
  auto: number | null;
  status: PartStatus;
  message: string;
  input: string;
  /** The key of this student's variant, for the review page. */
  key?: string;
  /** What the student's page claimed, when it differs from the re-check. */
  claimed?: Verdict;
}

export interface GradedSubmission {
  file: string;
  studentId: string;
  seed: number | null;
  params: ParamValues;
  submittedAt: string;
  parts: PartGrade[];
  /** Sum of the auto points (text parts count 0 until a grader scores them). */
  autoTotal: number;
  max: number;
  hashMismatch: boolean;
  /** Things a grader should look at: hash mismatch, claimed verdicts that disagree, seed not from the id. */
  flags: string[];
}

/** Manual grading for one part of one student. */
export interface ManualGrade {
  /** Points given by the grader (text parts) or an override of the auto points. */
  points?: number;
  comment?: string;
  /** Required for an override of an auto-checked part, so the CSV's numbers can be explained. */
  reason?: string;
}

export type ManualGrades = Record<string, Record<string, ManualGrade>>;

export class SubmissionMismatch extends Error {}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function regradeSubmission(nb: Notebook, s: Submission, file = 'submission'): GradedSubmission {
  if (s.notebookId !== nb.id) {
    throw new SubmissionMismatch(`${file}: this submission is for notebook "${s.notebookId}", not "${nb.id}".`);
  }
  const parts = answerParts(nb);
  const ids = submissionPartIds(nb);
  const flags: string[] = [];
  const hashMismatch = s.contentHash !== nb.contentHash;
  if (hashMismatch) {
    const same = ids.length === s.partIds.length && ids.every((id) => s.partIds.includes(id));
    if (!same) {
      const missing = ids.filter((id) => !s.partIds.includes(id));
      const extra = s.partIds.filter((id) => !ids.includes(id));
      throw new SubmissionMismatch(
        `${file}: made with a different copy of the notebook whose parts differ (${[
          missing.length ? `missing ${missing.join(', ')}` : '',
          extra.length ? `extra ${extra.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join('; ')}); it cannot be graded against this copy.`,
      );
    }
    flags.push(`Made with a different copy of the notebook (hash ${s.contentHash}, this copy ${nb.contentHash}); the parts match, so it is graded.`);
  }
  if (nb.variants.perStudent && s.seed !== null && s.studentId && Object.keys(s.overrides).length === 0) {
    const expected = studentSeed(nb.id, s.studentId, nb.variants.salt);
    if (expected !== s.seed) flags.push(`Seed ${s.seed} is not the variant of student id "${s.studentId}" (${expected}); graded with the seed in the file.`);
  }
  const variant = resolveVariant(nb, s.seed, Object.fromEntries(Object.entries(s.overrides).map(([k, v]) => [k, String(v)])));
  for (const p of variant.problems) flags.push(p.message);

  const grades: PartGrade[] = parts.map((part) => gradePart(part, variant.params, s));
  const disagree = grades.filter((g) => g.claimed).map((g) => g.partId);
  if (disagree.length) flags.push(`The file's stored verdicts disagree with the re-check on ${disagree.join(', ')} (the re-check counts).`);
  return {
    file,
    studentId: s.studentId,
    seed: s.seed,
    params: variant.params,
    submittedAt: s.submittedAt,
    parts: grades,
    autoTotal: round2(grades.reduce((t, g) => t + (g.auto ?? 0), 0)),
    max: round2(grades.reduce((t, g) => t + g.max, 0)),
    hashMismatch,
    flags,
  };
}

function gradePart(part: AnswerCell, params: ParamValues, s: Submission): PartGrade {
  const state = s.parts[part.id];
  const input = state?.input ?? '';
  const base = { partId: part.id, kind: part.answerKind, max: part.points, input };
  if (part.answerKind === 'text') {
    return { ...base, auto: null, status: input.trim() ? 'manual' : 'unanswered', message: input.trim() ? 'Graded by hand.' : 'No answer.' };
  }
  let spec;
  try {
    spec = answerSpecFor(part, params);
  } catch (e) {
    return { ...base, auto: null, status: 'broken-key', message: `The key is broken: ${(e as Error).message}` };
  }
  if (!spec) return { ...base, auto: null, status: 'broken-key', message: 'This part has no key.' };
  const key = describeKey(spec);
  if (!input.trim()) return { ...base, key, auto: 0, status: 'unanswered', message: 'No answer.' };
  const r = checkAnswer(spec, input);
  let auto = r.verdict === 'correct' ? part.points : 0;
  if (r.verdict === 'incorrect' && part.answerKind === 'matrix' && part.partialCredit && r.score !== undefined) {
    auto = round2(part.points * r.score);
  }
  const claimed = state?.verdict && state.verdict !== r.verdict ? state.verdict : undefined;
  return { ...base, key, auto, status: r.verdict, message: r.message, ...(claimed ? { claimed } : {}) };
}

/** An override of an auto-checked part counts only with a reason, so every changed score is explained. */
export function overrideNeedsReason(g: PartGrade, manual?: ManualGrade): boolean {
  return g.status !== 'manual' && g.status !== 'broken-key' && manual?.points !== undefined && !manual.reason?.trim();
}

/** Points that count for a part: the grader's, when given (with a reason for auto parts), else the auto points. */
export function finalPoints(g: PartGrade, manual?: ManualGrade): number | null {
  if (manual?.points !== undefined && Number.isFinite(manual.points) && !overrideNeedsReason(g, manual)) return manual.points;
  return g.auto;
}

export function totalOf(gs: GradedSubmission, manual: Record<string, ManualGrade> = {}): number {
  return round2(gs.parts.reduce((t, g) => t + (finalPoints(g, manual[g.partId]) ?? 0), 0));
}

export interface FileInput {
  name: string;
  text: string;
}

export interface GradeRun {
  graded: GradedSubmission[];
  /** One message per file that could not be graded; the others are graded regardless. */
  errors: { file: string; message: string }[];
}

/** The key a student's row and manual grades are stored under. */
export function studentKey(g: GradedSubmission): string {
  return g.studentId || `(no id) ${g.file}`;
}

export type FileOutcome = { file: string; graded: GradedSubmission } | { file: string; error: string };

/** One file: parsed, validated and re-graded, or one message saying why not. Never throws. */
export function gradeOne(nb: Notebook, f: FileInput): FileOutcome {
  const parsed = parseSubmission(f.text, f.name);
  if (!parsed.ok) return { file: f.name, error: parsed.message };
  try {
    return { file: f.name, graded: regradeSubmission(nb, parsed.submission, f.name) };
  } catch (e) {
    return { file: f.name, error: e instanceof SubmissionMismatch ? e.message : `${f.name}: could not be graded: ${(e as Error).message}` };
  }
}

/**
 * Outcomes in file order into rows and messages. A second file for the same student id is
 * reported and skipped, so one student never has two rows. The batch command grades in worker
 * threads and collects here, so its rows match grader mode's exactly.
 */
export function collectOutcomes(outcomes: FileOutcome[]): GradeRun {
  const graded: GradedSubmission[] = [];
  const errors: GradeRun['errors'] = [];
  const seen = new Map<string, string>();
  for (const o of outcomes) {
    if ('error' in o) {
      errors.push({ file: o.file, message: o.error });
      continue;
    }
    const k = studentKey(o.graded);
    const first = seen.get(k);
    if (first) {
      errors.push({ file: o.file, message: `${o.file}: a second submission for student "${k}" (the first is ${first}); skipped.` });
      continue;
    }
    seen.set(k, o.file);
    graded.push(o.graded);
  }
  return { graded, errors };
}

/** Grades many files; a broken file is reported and skipped, the others are graded regardless. */
export function gradeFiles(nb: Notebook, files: FileInput[]): GradeRun {
  return collectOutcomes(files.map((f) => gradeOne(nb, f)));
}

function csvCell(v: string): string {
  // Quote anything a spreadsheet could misread; a leading = + - @ would be run as a formula.
  const safe = /^[=+\-@]/.test(v) && !/^-?\d/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const fmt = (x: number | null) => (x === null ? '' : String(round2(x)));

/**
 * One row per student (in the order given), one column per part, then the total. A part a person
 * has not graded yet is an empty cell and counts 0 in the total.
 */
export function gradesCsv(nb: Notebook, graded: GradedSubmission[], manual: ManualGrades = {}): string {
  const ids = answerParts(nb).map((p) => p.id);
  const lines = [['student_id', 'seed', ...ids, 'total'].map(csvCell).join(',')];
  for (const g of graded) {
    const m = manual[studentKey(g)] ?? {};
    const byId = new Map(g.parts.map((p) => [p.partId, p]));
    const cells = ids.map((id) => {
      const p = byId.get(id);
      return p ? fmt(finalPoints(p, m[id])) : '';
    });
    lines.push([g.studentId, g.seed === null ? '' : String(g.seed), ...cells, fmt(totalOf(g, m))].map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}
