/**
 * The submission file a student downloads and a grader (or `scripts/grade.mjs`) reads back.
 *
 * It carries everything needed to re-grade from scratch (notebook id and content hash, student id,
 * seed, link overrides, every raw input) plus the verdicts the student's browser showed, which are
 * kept for information only: graders never trust them. The file is versioned; `parseSubmission`
 * migrates older versions forward, so a newer app keeps reading files made by an older one.
 * Version 2 carries code cells (`code`: source and the page's report) and training results
 * (`training`: backend, held-out accuracy, steps, epochs, seconds, images/s and settings).
 */
import { z } from 'zod';
import { trainingSummaryFromMessage, trainingSummarySchema, type AnswersRecord, type PartState } from '../notebook/answers';
import { gradedParts, type Notebook } from '../notebook/types';

export const SUBMISSION_FORMAT = 'gradbook-submission';
export const SUBMISSION_VERSION = 2;

const verdictSchema = z.enum(['correct', 'incorrect', 'invalid']);

/** What the student's page said on its last check, and when. Informational only: graders check again. */
const pageReport = {
  verdict: verdictSchema.optional(),
  /** The page's message; for a code cell its one-line summary, e.g. "3 of 11 checks pass; first failure: ...". */
  message: z.string().optional(),
  /** For a code cell, the fraction of checks the page said passed. */
  score: z.number().optional(),
  checkedAt: z.string().optional(),
  updatedAt: z.string().optional(),
  /** When the student first answered the part (statistics: time from first to final answer). */
  firstAt: z.string().optional(),
};

const submittedPartSchema = z.object({
  /** Exactly what the student typed or chose. */
  input: z.string(),
  ...pageReport,
  /** Check presses used, in notebooks that limit them (optional: older files have none). */
  attempts: z.number().int().nonnegative().optional(),
});

/** A code cell: the source as written (graders run the checks again on it). */
const submittedCodeSchema = z.object({ source: z.string(), ...pageReport });

/** A training cell's finished run: its numbers, the settings it ran with and its one-line message. */
const submittedTrainingSchema = trainingSummarySchema.extend({
  settings: z.record(z.string(), z.unknown()).default({}),
  message: z.string().optional(),
  savedAt: z.string().optional(),
});

export const submissionSchema = z.object({
  format: z.literal(SUBMISSION_FORMAT),
  schemaVersion: z.literal(SUBMISSION_VERSION),
  notebookId: z.string().min(1),
  notebookVersion: z.number().int(),
  /** `Notebook.contentHash` of the copy the student worked on. */
  contentHash: z.string(),
  /** Every graded part id of that copy (answers and code cells), so a grader can tell whether the parts still match. */
  partIds: z.array(z.string()),
  studentId: z.string(),
  seed: z.number().int().nonnegative().nullable(),
  overrides: z.record(z.string(), z.number()).default({}),
  /** Answer parts. (Files migrated from version 1 may hold code cells' code here too.) */
  parts: z.record(z.string(), submittedPartSchema),
  code: z.record(z.string(), submittedCodeSchema).default({}),
  training: z.record(z.string(), submittedTrainingSchema).default({}),
  startedAt: z.string(),
  submittedAt: z.string(),
  app: z.string().optional(),
});

export type Submission = z.infer<typeof submissionSchema>;
export type SubmittedPart = z.infer<typeof submittedPartSchema>;
export type SubmittedCode = z.infer<typeof submittedCodeSchema>;
export type SubmittedTraining = z.infer<typeof submittedTrainingSchema>;

type Raw = Record<string, unknown>;
const asRecord = (v: unknown): Raw => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {});

/** A training cell's settings, saved as JSON text in its part's input. */
function settingsOf(input: unknown): Raw {
  try {
    return asRecord(JSON.parse(String(input)));
  } catch {
    return {};
  }
}

/**
 * Version 1 to 2. Version 1 had `code: {id: {source, checks: [{name, passed, message}]}}` and an
 * untyped `training`; the version 1 app left both empty and copied every saved part into `parts`,
 * code cells (code as the input) and training cells (settings as the input, the result as the
 * message) alike. Code cells stay where they are: the grader reads a code cell's code from
 * `code`, else from `parts`. A training cell's result becomes a `training` entry.
 */
function v1ToV2(old: Raw): Raw {
  const partIds = Array.isArray(old.partIds) ? old.partIds.map(String) : [];
  const parts = { ...asRecord(old.parts) };
  const code: Raw = {};
  for (const [id, value] of Object.entries(asRecord(old.code))) {
    const c = asRecord(value);
    const checks = Array.isArray(c.checks) ? c.checks.map(asRecord) : [];
    const passed = checks.filter((k) => k.passed === true).length;
    code[id] = {
      source: c.source,
      ...(checks.length ? { score: passed / checks.length, message: `${passed} of ${checks.length} checks pass.`, verdict: passed === checks.length ? 'correct' : 'incorrect' } : {}),
      ...(typeof c.updatedAt === 'string' ? { updatedAt: c.updatedAt } : {}),
    };
    // The cell's own entry now says it; an answer-shaped copy would be a second version of the code.
    delete parts[id];
  }
  const training: Raw = {};
  for (const [id, value] of Object.entries(asRecord(old.training))) {
    const t = submittedTrainingSchema.safeParse(value);
    if (t.success) training[id] = t.data;
  }
  for (const [id, value] of Object.entries(parts)) {
    if (partIds.includes(id)) continue;
    const p = asRecord(value);
    const summary = trainingSummaryFromMessage(typeof p.message === 'string' ? p.message : undefined);
    if (!summary) continue;
    training[id] ??= { ...summary, settings: settingsOf(p.input), message: p.message, ...(typeof p.checkedAt === 'string' ? { savedAt: p.checkedAt } : {}) };
    delete parts[id];
  }
  return { ...old, schemaVersion: 2, parts, code, training };
}

/**
 * Migrations from version n to n + 1, keyed by n. When the format changes, bump
 * SUBMISSION_VERSION and add `n: (old) => new` here, so older files keep being read.
 */
export const migrations: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = { 1: v1ToV2 };

export type ParseResult =
  | { ok: true; submission: Submission; migratedFrom?: number }
  | { ok: false; file: string; message: string };

function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`);
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return shown.join('; ') + more;
}

/** JSON.parse failures that mean the text stops early (a cut-off download or upload). */
function looksTruncated(text: string, err: Error): boolean {
  const t = text.trimEnd();
  if (/unexpected end|unterminated|end of (json )?input/i.test(err.message)) return true;
  // Only the start of a JSON object (`{"format": ...`) that stops early is a cut-off file;
  // `{not json` is simply not JSON.
  return /^\{\s*("|$)/.test(t) && !t.endsWith('}');
}

/**
 * Reads one submission file. Every failure names the file and says what is wrong in words a
 * grader can act on; nothing here throws.
 */
export function parseSubmission(
  text: string,
  file = 'submission',
  options: { migrations?: typeof migrations; currentVersion?: number } = {},
): ParseResult {
  const steps = options.migrations ?? migrations;
  const current = options.currentVersion ?? SUBMISSION_VERSION;
  const fail = (message: string): ParseResult => ({ ok: false, file, message: `${file}: ${message}` });
  if (text.trim() === '') return fail('the file is empty.');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    if (looksTruncated(text, e as Error)) {
      return fail(`the file is truncated (it stops after ${text.length} characters, in the middle of the data). Ask the student to download the submission again.`);
    }
    return fail(`this is not valid JSON (${(e as Error).message}). It may have been edited by hand or is not a GradBook submission.`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('this is JSON but not a GradBook submission (expected an object).');
  let obj = raw as Record<string, unknown>;
  if (obj.format !== SUBMISSION_FORMAT) return fail('this is JSON but not a GradBook submission (no "format": "gradbook-submission").');
  const version = obj.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return fail(`the schema version ${JSON.stringify(version)} is not a whole number ≥ 1.`);
  if (version > current) return fail(`it was made with a newer GradBook (schema version ${version}); this copy reads up to ${current}. Update GradBook to read it.`);
  let migratedFrom: number | undefined;
  for (let v = version; v < current; v++) {
    const step = steps[v];
    if (!step) return fail(`there is no way to read schema version ${v} in this app.`);
    try {
      obj = step(obj);
    } catch (e) {
      return fail(`it could not be brought from schema version ${v} to ${v + 1}: ${(e as Error).message}`);
    }
    migratedFrom ??= version;
  }
  const parsed = submissionSchema.safeParse(obj);
  if (!parsed.success) return fail(`the file does not match the submission format (${describeIssues(parsed.error)}). It may have been edited by hand.`);
  const s = parsed.data;
  const unknownParts = [...Object.keys(s.parts), ...Object.keys(s.code)].filter((id) => !s.partIds.includes(id));
  if (unknownParts.length) return fail(`answers for parts ${unknownParts.join(', ')} that the file itself does not list. It may have been edited by hand.`);
  return migratedFrom === undefined ? { ok: true, submission: s } : { ok: true, submission: s, migratedFrom };
}

/** Ids of every part a submission can hold answers for: answer parts and code cells. */
export function submissionPartIds(nb: Notebook): string[] {
  return gradedParts(nb).map((c) => c.id);
}

/** A training cell's saved state as a submission entry; null when no run has finished. */
function trainingEntry(p: PartState): SubmittedTraining | null {
  const summary = p.training ?? trainingSummaryFromMessage(p.message);
  if (!summary) return null;
  return { ...summary, settings: settingsOf(p.input), ...(p.message ? { message: p.message } : {}), ...(p.checkedAt ? { savedAt: p.checkedAt } : {}) };
}

/** The submission for what the student has on the page now. */
export function buildSubmission(nb: Notebook, record: AnswersRecord, studentId: string, now = new Date()): Submission {
  const times = Object.values(record.parts).map((p) => p.updatedAt).sort();
  const parts: Submission['parts'] = {};
  const code: Submission['code'] = {};
  const training: Submission['training'] = {};
  for (const cell of nb.cells) {
    if (cell.kind === 'prose' || cell.kind === 'widget' || cell.kind === 'live') continue;
    const p = record.parts[cell.id];
    if (!p) continue;
    if (cell.kind === 'answer') {
      const { training: _unused, ...answer } = p;
      parts[cell.id] = answer;
    } else if (cell.kind === 'code') {
      code[cell.id] = { source: p.input, verdict: p.verdict, message: p.message, score: p.score, checkedAt: p.checkedAt, updatedAt: p.updatedAt, firstAt: p.firstAt };
      for (const k of Object.keys(code[cell.id]) as (keyof SubmittedCode)[]) if (code[cell.id][k] === undefined) delete code[cell.id][k];
    } else {
      const t = trainingEntry(p);
      if (t) training[cell.id] = t;
    }
  }
  return {
    format: SUBMISSION_FORMAT,
    schemaVersion: SUBMISSION_VERSION,
    notebookId: nb.id,
    notebookVersion: nb.version,
    contentHash: nb.contentHash,
    partIds: submissionPartIds(nb),
    studentId: studentId.trim(),
    seed: record.seed,
    overrides: { ...record.overrides },
    parts,
    code,
    training,
    startedAt: times[0] ?? now.toISOString(),
    submittedAt: now.toISOString(),
    app: 'GradBook',
  };
}

/** A record for the autosave store from a submission, so a student can restore their work. */
export function recordFromSubmission(s: Submission): AnswersRecord {
  const now = new Date().toISOString();
  const parts: AnswersRecord['parts'] = Object.fromEntries(Object.entries(s.parts).map(([id, p]) => [id, { ...p, updatedAt: p.updatedAt ?? now }]));
  for (const [id, c] of Object.entries(s.code)) {
    const { source, ...rest } = c;
    parts[id] = { ...rest, input: source, updatedAt: c.updatedAt ?? now };
  }
  for (const [id, t] of Object.entries(s.training)) {
    const { settings, message, savedAt, ...summary } = t;
    parts[id] = { input: JSON.stringify(settings), message, checkedAt: savedAt, training: summary, updatedAt: savedAt ?? now };
  }
  return {
    notebookId: s.notebookId,
    version: s.notebookVersion,
    seed: s.seed,
    overrides: { ...s.overrides },
    parts,
    updatedAt: s.submittedAt,
  };
}

/** A file name that sorts by notebook and student and is safe on every system. */
export function submissionFileName(s: Submission): string {
  const who = s.studentId.replace(/[^A-Za-z0-9_-]+/g, '_') || 'anonymous';
  return `${s.notebookId}-${who}.json`;
}
