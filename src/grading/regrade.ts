/**
 * Re-grading: from a notebook and a submission, every auto-checkable part is checked again from
 * the seed and the raw input, with the same `answerSpecFor` + `checkAnswer` the page uses, and
 * every code cell's code is run again through its checks (codeGrading.ts). Stored verdicts are
 * never trusted; where they disagree with the re-check the submission is flagged.
 * Pure (no DOM), so grader mode and `scripts/grade.mjs` share it and give the same CSV; running the
 * code is the caller's (a Web Worker in the page, a sandboxed worker thread in Node).
 */
import type { CheckReport } from './codeChecks';
import { codeJobsFor, gradeCode, round2, submittedCode, type CodeJob, type CodeOutcomes, type CodeRunOutcome } from './codeGrading';
import type { AnswerCell, CodeCell, Notebook, ParamValues, PartKind } from '../notebook/types';
import { gradedParts } from '../notebook/types';
import { resolveVariant, studentSeed } from '../notebook/variants';
import { checkAnswer } from './index';
import { answerSpecFor, describeKey } from './partSpec';
import { parseSubmission, submissionPartIds, type ParseResult, type Submission } from './submission';
import type { Verdict } from './types';

export type PartStatus = Verdict | 'unanswered' | 'manual' | 'broken-key' | 'pending';

export interface PartGrade {
  partId: string;
  kind: PartKind | 'code';
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
  /** Code cells: the checks' rows from the re-run. */
  report?: CheckReport;
  /** Code cells: why the code could not be checked (syntax error, exception, time limit). */
  codeError?: { kind: string; message: string; line: number | null };
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
  /** Indices of the part's rubric items the grader ticked (`points` is their sum). */
  rubric?: number[];
}

export type ManualGrades = Record<string, Record<string, ManualGrade>>;

export class SubmissionMismatch extends Error {}

/** Answers longer than this are graded and kept in full but shown truncated (a 50 MB file must not freeze the page). */
export const LONG_ANSWER = 20_000;

const submittedInput = (s: Submission, part: AnswerCell | CodeCell) => (part.kind === 'code' ? submittedCode(s, part.id) : (s.parts[part.id]?.input ?? ''));
const list = (ids: string[]) => ids.join(', ');

/**
 * What a grader should know before trusting a file's grade, worked out from the file alone: a
 * different or newer copy of the notebook, parts it lacks or that this copy does not have, and
 * a variant the student may have chosen (overrides, a seed that is not their id's).
 */
export function integrityFlags(nb: Notebook, s: Submission): string[] {
  const flags: string[] = [];
  if (s.notebookVersion > nb.version) flags.push(`Made with a newer notebook version ${s.notebookVersion}; this copy is ${nb.version}.`);
  if (s.contentHash !== nb.contentHash) {
    const ids = submissionPartIds(nb);
    const listed = new Set(s.partIds);
    const missing = ids.filter((id) => !listed.has(id));
    const unknown = [...listed].filter((id) => !ids.includes(id));
    const differences = [
      missing.length ? `the file lacks part${missing.length > 1 ? 's' : ''} ${list(missing)} (graded as unanswered)` : '',
      unknown.length ? `it has part${unknown.length > 1 ? 's' : ''} ${list(unknown)} that this copy does not (ignored)` : '',
    ].filter(Boolean);
    flags.push(
      differences.length
        ? `Made with a different copy of the notebook (hash ${s.contentHash}, this copy ${nb.contentHash}): ${differences.join('; ')}.`
        : `Made with a different copy of the notebook (hash ${s.contentHash}, this copy ${nb.contentHash}); the parts match, so it is graded.`,
    );
  }
  if (nb.variants.perStudent) {
    const overrides = Object.entries(s.overrides);
    if (overrides.length) flags.push(`Parameter overrides in a per-student notebook (${overrides.map(([k, v]) => `${k}=${v}`).join(', ')}): the student changed their variant's values; graded with them.`);
    if (s.studentId) {
      const expected = studentSeed(nb.id, s.studentId, nb.variants.salt);
      if (s.seed === null) flags.push(`No seed in the file: graded with the notebook's default values, not the variant of student id "${s.studentId}" (${expected}).`);
      else if (expected !== s.seed) flags.push(`Seed ${s.seed} is not the variant of student id "${s.studentId}" (${expected}); graded with the seed in the file.`);
    }
  }
  return flags;
}

/**
 * Every part of one submission, graded. `code` gives the outcome of each code cell's re-run
 * (see `codeJobsFor`); a cell whose run has not finished is `pending` and counts nothing yet.
 */
export function regradeSubmission(nb: Notebook, s: Submission, file = 'submission', code: CodeOutcomes = () => undefined): GradedSubmission {
  if (s.notebookId !== nb.id) {
    throw new SubmissionMismatch(`${file}: this submission is for notebook "${s.notebookId}", not "${nb.id}".`);
  }
  const hashMismatch = s.contentHash !== nb.contentHash;
  const flags = integrityFlags(nb, s);
  const variant = resolveVariant(nb, s.seed, Object.fromEntries(Object.entries(s.overrides).map(([k, v]) => [k, String(v)])));
  for (const p of variant.problems) flags.push(p.message);
  const long = gradedParts(nb).filter((part) => submittedInput(s, part).length > LONG_ANSWER);
  for (const part of long) flags.push(`The answer to ${part.id} is ${submittedInput(s, part).length.toLocaleString('en-US')} characters long (over ${LONG_ANSWER.toLocaleString('en-US')}): graded in full, shown truncated.`);

  const jobs = new Map(codeJobsFor(nb, s).map((j) => [j.partId, j]));
  const grades: PartGrade[] = gradedParts(nb).map((part) => (part.kind === 'answer' ? gradePart(part, variant.params, s) : gradeCodePart(part, s, jobs.get(part.id), code)));
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

function gradeCodePart(cell: CodeCell, s: Submission, job: CodeJob | undefined, code: CodeOutcomes): PartGrade {
  const g = gradeCode(cell, job, job && code(job));
  const stored = s.code[cell.id]?.verdict ?? s.parts[cell.id]?.verdict;
  const rechecked = g.status === 'correct' || g.status === 'incorrect' || g.status === 'invalid' ? g.status : g.status === 'unanswered' ? 'incorrect' : undefined;
  const claimed = stored && rechecked && stored !== rechecked ? stored : undefined;
  return {
    partId: cell.id,
    kind: 'code',
    max: cell.points,
    input: submittedCode(s, cell.id),
    auto: g.auto,
    status: g.status,
    message: g.message,
    ...(g.report ? { report: g.report } : {}),
    ...(g.error ? { codeError: g.error } : {}),
    ...(claimed ? { claimed } : {}),
  };
}

/** An override of an auto-checked part counts only with a reason, so every changed score is explained. */
export function overrideNeedsReason(g: PartGrade, manual?: ManualGrade): boolean {
  return g.status !== 'manual' && g.status !== 'broken-key' && g.status !== 'pending' && manual?.points !== undefined && !manual.reason?.trim();
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

function gradeParsed(nb: Notebook, s: Submission, file: string, code?: CodeOutcomes): FileOutcome {
  try {
    return { file, graded: regradeSubmission(nb, s, file, code) };
  } catch (e) {
    return { file, error: e instanceof SubmissionMismatch ? e.message : `${file}: could not be graded: ${(e as Error).message}` };
  }
}

/** A submission file read once: grader mode re-grades it each time a code run finishes. */
export interface ParsedFile {
  name: string;
  parsed: ParseResult;
}

export const parseFile = (f: FileInput): ParsedFile => ({ name: f.name, parsed: parseSubmission(f.text, f.name) });

/** One parsed file re-graded, or one message saying why it cannot be. Never throws. */
export function gradeParsedFile(nb: Notebook, { name, parsed }: ParsedFile, code?: CodeOutcomes): FileOutcome {
  if (!parsed.ok) return { file: name, error: parsed.message };
  return gradeParsed(nb, parsed.submission, name, code);
}

/** One file: parsed, validated and re-graded, or one message saying why not. Never throws. */
export function gradeOne(nb: Notebook, f: FileInput, code?: CodeOutcomes): FileOutcome {
  return gradeParsedFile(nb, parseFile(f), code);
}

/** The code runs a file needs (none for a file that does not parse). */
export function codeJobsOfFile(nb: Notebook, { parsed }: ParsedFile): CodeJob[] {
  return parsed.ok && parsed.submission.notebookId === nb.id ? codeJobsFor(nb, parsed.submission) : [];
}

/**
 * One file with its code cells run again, one run after another, by `run` (which enforces the
 * job's time limit). The batch command grades this way.
 */
export async function gradeOneRunningCode(nb: Notebook, f: FileInput, run: (job: CodeJob) => Promise<CodeRunOutcome>): Promise<FileOutcome> {
  const parsed = parseSubmission(f.text, f.name);
  if (!parsed.ok) return { file: f.name, error: parsed.message };
  const outcomes = new Map<string, CodeRunOutcome>();
  if (parsed.submission.notebookId === nb.id) {
    for (const job of codeJobsFor(nb, parsed.submission)) outcomes.set(job.key, await run(job));
  }
  return gradeParsed(nb, parsed.submission, f.name, (job) => outcomes.get(job.key));
}

/** Whether some code cell of these grades is still running. */
export function anyPending(graded: GradedSubmission[]): boolean {
  return graded.some((g) => g.parts.some((p) => p.status === 'pending'));
}

const submittedTime = (g: GradedSubmission) => {
  const t = Date.parse(g.submittedAt);
  return Number.isNaN(t) ? -Infinity : t;
};

/**
 * Outcomes in file order into rows and messages. Several files for one student id give one row:
 * the newest by its submission time is graded (the later file on a tie) and says which others
 * there were; each older one is listed as not graded, naming the newer. The batch command grades
 * in worker threads and collects here, so its rows match grader mode's exactly.
 */
export function collectOutcomes(outcomes: FileOutcome[]): GradeRun {
  const errors: GradeRun['errors'] = [];
  const byStudent = new Map<string, GradedSubmission[]>();
  for (const o of outcomes) {
    if ('error' in o) errors.push({ file: o.file, message: o.error });
    else byStudent.set(studentKey(o.graded), [...(byStudent.get(studentKey(o.graded)) ?? []), o.graded]);
  }
  const graded = [...byStudent.entries()].map(([k, files]) => {
    const newest = files.reduce((a, b) => (submittedTime(b) >= submittedTime(a) ? b : a));
    const older = files.filter((f) => f !== newest);
    for (const f of older) {
      errors.push({ file: f.file, message: `${f.file}: an older submission for student "${k}" (submitted ${f.submittedAt}); the newer ${newest.file} (submitted ${newest.submittedAt}) is graded instead.` });
    }
    if (!older.length) return newest;
    return { ...newest, flags: [...newest.flags, `Student "${k}" handed in ${files.length} files; this newest one is graded, not ${older.map((f) => `${f.file} (submitted ${f.submittedAt})`).join(', ')}.`] };
  });
  return { graded, errors };
}

/** Grades many files; a broken file is reported and skipped, the others are graded regardless. */
export function gradeFiles(nb: Notebook, files: FileInput[], code?: CodeOutcomes): GradeRun {
  return gradeParsedFiles(nb, files.map(parseFile), code);
}

export function gradeParsedFiles(nb: Notebook, files: ParsedFile[], code?: CodeOutcomes): GradeRun {
  return collectOutcomes(files.map((f) => gradeParsedFile(nb, f, code)));
}

/**
 * One CSV cell, safe to open in a spreadsheet (OWASP's rule against formula injection): a cell
 * that starts with = + - @, a tab or a carriage return gets a leading ' so it is read as text.
 * A plain number (a negative grade) is left as it is: it cannot be a formula.
 */
export function csvCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) && !/^-?\d+(\.\d+)?$/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const fmt = (x: number | null) => (x === null ? '' : String(round2(x)));

/**
 * One row per student (in the order given), one column per part (answers and code cells, in
 * notebook order), then the total and the number of integrity flags (the review page and the
 * command's `note` lines say what they are). A part a person
 * has not graded yet is an empty cell and counts 0 in the total.
 */
export function gradesCsv(nb: Notebook, graded: GradedSubmission[], manual: ManualGrades = {}): string {
  const ids = gradedParts(nb).map((p) => p.id);
  const lines = [['student_id', 'seed', ...ids, 'total', 'flags'].map(csvCell).join(',')];
  for (const g of graded) {
    const m = manual[studentKey(g)] ?? {};
    const byId = new Map(g.parts.map((p) => [p.partId, p]));
    const cells = ids.map((id) => {
      const p = byId.get(id);
      return p ? fmt(finalPoints(p, m[id])) : '';
    });
    lines.push([g.studentId, g.seed === null ? '' : String(g.seed), ...cells, fmt(totalOf(g, m)), String(g.flags.length)].map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}
