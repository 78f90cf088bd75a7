/**
 * The submission file a student downloads and a grader (or `scripts/grade.mjs`) reads back.
 *
 * It carries everything needed to re-grade from scratch (notebook id and content hash, student id,
 * seed, link overrides, every raw input) plus the verdicts the student's browser showed, which are
 * kept for information only: graders never trust them. The file is versioned; `parseSubmission`
 * migrates older versions forward, so a newer app keeps reading files made by an older one.
 */
import { z } from 'zod';
import type { AnswersRecord } from '../notebook/answers';
import type { Notebook } from '../notebook/types';

export const SUBMISSION_FORMAT = 'gradbook-submission';
export const SUBMISSION_VERSION = 1;

const verdictSchema = z.enum(['correct', 'incorrect', 'invalid']);

const submittedPartSchema = z.object({
  /** Exactly what the student typed or chose. */
  input: z.string(),
  /** What the student's page said. Informational only. */
  verdict: verdictSchema.optional(),
  message: z.string().optional(),
  score: z.number().optional(),
  checkedAt: z.string().optional(),
  updatedAt: z.string().optional(),
});

/** Code cells (a later issue): the source as written and the checks the page ran, for review. */
const submittedCodeSchema = z.object({
  source: z.string(),
  checks: z.array(z.object({ name: z.string(), passed: z.boolean(), message: z.string().optional() })).default([]),
  updatedAt: z.string().optional(),
});

export const submissionV1Schema = z.object({
  format: z.literal(SUBMISSION_FORMAT),
  schemaVersion: z.literal(1),
  notebookId: z.string().min(1),
  notebookVersion: z.number().int(),
  /** `Notebook.contentHash` of the copy the student worked on. */
  contentHash: z.string(),
  /** Every answer part id of that copy, so a grader can tell whether the parts still match. */
  partIds: z.array(z.string()),
  studentId: z.string(),
  seed: z.number().int().nonnegative().nullable(),
  overrides: z.record(z.string(), z.number()).default({}),
  parts: z.record(z.string(), submittedPartSchema),
  code: z.record(z.string(), submittedCodeSchema).default({}),
  /** Training summaries (a later issue); kept as they are for the review page. */
  training: z.record(z.string(), z.unknown()).default({}),
  startedAt: z.string(),
  submittedAt: z.string(),
  app: z.string().optional(),
});

export type Submission = z.infer<typeof submissionV1Schema>;
export type SubmittedPart = z.infer<typeof submittedPartSchema>;

/**
 * Migrations from version n to n + 1, keyed by n. Version 1 is the first, so the map is empty;
 * when the format changes, bump SUBMISSION_VERSION, add `1: (v1) => v2` here and keep the old
 * schema's reader working through it.
 */
export const migrations: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {};

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
  return t.startsWith('{') && !t.endsWith('}');
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
  if (version > current) return fail(`it was written by a newer GradBook (schema version ${version}; this app reads up to ${current}). Update GradBook to read it.`);
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
  const parsed = submissionV1Schema.safeParse(obj);
  if (!parsed.success) return fail(`the file does not match the submission format (${describeIssues(parsed.error)}). It may have been edited by hand.`);
  const s = parsed.data;
  const unknownParts = Object.keys(s.parts).filter((id) => !s.partIds.includes(id));
  if (unknownParts.length) return fail(`answers for parts ${unknownParts.join(', ')} that the file itself does not list. It may have been edited by hand.`);
  return migratedFrom === undefined ? { ok: true, submission: s } : { ok: true, submission: s, migratedFrom };
}

/**
 * Ids of every part a submission can hold answers for: answer parts and, where the notebook has
 * them, code cells (written without naming the code cell type, which lands in its own issue).
 */
export function submissionPartIds(nb: Notebook): string[] {
  return nb.cells.flatMap((c) => {
    const kind: string = c.kind;
    const id = (c as { id?: string }).id;
    return (kind === 'answer' || kind === 'code') && id ? [id] : [];
  });
}

/** The submission for what the student has on the page now. */
export function buildSubmission(nb: Notebook, record: AnswersRecord, studentId: string, now = new Date()): Submission {
  const times = Object.values(record.parts).map((p) => p.updatedAt).sort();
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
    parts: Object.fromEntries(Object.entries(record.parts).map(([id, p]) => [id, { ...p }])),
    code: {},
    training: {},
    startedAt: times[0] ?? now.toISOString(),
    submittedAt: now.toISOString(),
    app: 'GradBook',
  };
}

/** A record for the autosave store from a submission, so a student can restore their work. */
export function recordFromSubmission(s: Submission): AnswersRecord {
  const now = new Date().toISOString();
  return {
    notebookId: s.notebookId,
    version: s.notebookVersion,
    seed: s.seed,
    overrides: { ...s.overrides },
    parts: Object.fromEntries(Object.entries(s.parts).map(([id, p]) => [id, { ...p, updatedAt: p.updatedAt ?? now }])),
    updatedAt: s.submittedAt,
  };
}

/** A file name that sorts by notebook and student and is safe on every system. */
export function submissionFileName(s: Submission): string {
  const who = s.studentId.replace(/[^A-Za-z0-9_-]+/g, '_') || 'anonymous';
  return `${s.notebookId}-${who}.json`;
}
