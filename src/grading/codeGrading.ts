/**
 * Grading code cells: the student's code from a submission is run again through the same checks
 * the page runs (never trusting the verdict stored in the file), on inputs drawn from a seed fixed
 * per student and part, so grader mode (a Web Worker per run) and `npm run grade` (a Node vm
 * sandbox in a worker thread) get the same outcome and the same CSV. Running is the caller's:
 * this module only says what to run and turns outcomes into points. Pure, no DOM.
 */
import { hashString } from '../core/rng';
import type { CodeCell, GraderCase, Notebook } from '../notebook/types';
import { codeCells } from '../notebook/types';
import { isCodeTask, summarize, type CheckReport } from './codeChecks';
import { STARTERS } from './codeStarters';
import type { Submission } from './submission';

export interface CodeRunRequest {
  task: string;
  code: string;
  seed: number;
  /** Grader-only checks' data (src/grading/graderTests.ts); only grading sends any. */
  extra?: GraderCase[];
}

export type CodeRunResponse =
  | { ok: true; report: CheckReport; ms: number }
  | { ok: false; error: string; line: number | null; kind: 'syntax' | 'runtime' | 'setup' };

/** A run's outcome as the page or the grader sees it: the worker's answer, or its time limit. */
export type CodeRunOutcome = CodeRunResponse | { ok: false; kind: 'timeout'; error: string; line: null };

export function timeoutOutcome(limitS: number): CodeRunOutcome {
  return { ok: false, kind: 'timeout', error: `stopped: took longer than ${limitS} s (infinite loop?)`, line: null };
}

/**
 * Grading allows a run twice the cell's time limit: a grader runs a whole class, often two at a
 * time, on a machine busier than the student's.
 */
export const GRADING_TIME_FACTOR = 2;

/**
 * The code a cell runs: the code of the parts it `uses` first (a backward pass calls the
 * student's own forward pass), then its own. `prefixLines` shifts reported lines back.
 */
export function codeWithUses(cell: CodeCell, own: string, sourceOf: (partId: string) => string): { code: string; prefixLines: number } {
  const prefix = cell.uses.map((id) => `// ---- from part ${id} ----\n${sourceOf(id)}\n`).join('');
  return { code: prefix + own, prefixLines: prefix ? prefix.split('\n').length - 1 : 0 };
}

/** Reported lines in the cell's own numbering; an error in a used part's code says so. */
export function shiftLines(outcome: CodeRunOutcome, prefixLines: number): CodeRunOutcome {
  if (outcome.ok || outcome.line === null || prefixLines === 0) return outcome;
  return outcome.line > prefixLines
    ? { ...outcome, line: outcome.line - prefixLines }
    : { ...outcome, line: null, error: `${outcome.error} (in the code of an earlier part)` };
}

/** A code cell's code in a submission: its own entry, else (files from version 1) its part's input. */
export function submittedCode(s: Submission, partId: string): string {
  return s.code[partId]?.source ?? s.parts[partId]?.input ?? '';
}

/** Nothing written: empty, or the starter stub as the cell first showed it. */
export function isUnwritten(cell: CodeCell, code: string): boolean {
  const starter = isCodeTask(cell.task) ? STARTERS[cell.task] : '';
  return code.trim() === '' || code.trim() === starter.trim();
}

/** The seed of the checks' random inputs when grading: fixed per notebook, student and part. */
export function gradingSeed(nb: Notebook, studentId: string, partId: string): number {
  return hashString(`grade/${nb.id}/${nb.variants.salt}/${studentId}/${partId}`) % 2 ** 31;
}

export interface CodeJob extends CodeRunRequest {
  partId: string;
  timeLimitS: number;
  prefixLines: number;
  /** Same key, same outcome: what a runner may cache by. */
  key: string;
}

/** One run per code cell the student wrote something in (a known task). */
export function codeJobsFor(nb: Notebook, s: Submission): CodeJob[] {
  return codeCells(nb).flatMap((cell) => {
    const own = submittedCode(s, cell.id);
    if (!isCodeTask(cell.task) || isUnwritten(cell, own)) return [];
    const { code, prefixLines } = codeWithUses(cell, own, (id) => submittedCode(s, id));
    const seed = gradingSeed(nb, s.studentId, cell.id);
    const timeLimitS = cell.timeLimit * GRADING_TIME_FACTOR;
    const extra = cell.graderCases?.length ? { extra: cell.graderCases } : {};
    const key = `${cell.task}|${seed}|${timeLimitS}|${extra.extra ? JSON.stringify(extra.extra) : ''}|${code}`;
    return [{ partId: cell.id, task: cell.task, code, seed, timeLimitS, prefixLines, key, ...extra }];
  });
}

/** Outcomes of runs by job key; undefined while a run has not finished. */
export type CodeOutcomes = (job: CodeJob) => CodeRunOutcome | undefined;

export interface CodeGrade {
  status: 'correct' | 'incorrect' | 'invalid' | 'unanswered' | 'pending' | 'broken-key';
  auto: number | null;
  message: string;
  report?: CheckReport;
  /** Why the code could not be checked (syntax error, exception at load, time limit). */
  error?: { kind: string; message: string; line: number | null };
}

/** Points are kept to hundredths (code cells' partial credit, the re-grade's totals and CSV). */
export const round2 = (x: number) => Math.round(x * 100) / 100;

/** Points and verdict of one code cell from its re-run. */
export function gradeCode(cell: CodeCell, job: CodeJob | undefined, outcome: CodeRunOutcome | undefined): CodeGrade {
  if (!isCodeTask(cell.task)) return { status: 'broken-key', auto: null, message: `This cell asks for checks called "${cell.task}", which this version of GradBook does not have.` };
  if (!job) return { status: 'unanswered', auto: 0, message: 'No code (or only the starter).' };
  if (!outcome) return { status: 'pending', auto: null, message: 'Running the checks again…' };
  const o = shiftLines(outcome, job.prefixLines);
  if (!o.ok) {
    const where = o.line !== null ? ` (line ${o.line})` : '';
    return { status: o.kind === 'syntax' ? 'invalid' : 'incorrect', auto: 0, message: `${o.error}${where}`, error: { kind: o.kind, message: o.error, line: o.line } };
  }
  const r = o.report;
  const auto = r.allPassed ? cell.points : cell.partialCredit && r.total > 0 ? round2((cell.points * r.passed) / r.total) : 0;
  return { status: r.allPassed ? 'correct' : 'incorrect', auto, message: summarize(r), report: r };
}
