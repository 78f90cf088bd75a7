/**
 * What `npm run grade` prints beyond the per-student CSV, from options: `--format`, `--stats`,
 * `--feedback <dir>`, `--decisions <file>`. The command stays a thin shell over this.
 */
import type { Notebook } from '../notebook/types';
import { allWrongAnswerGroups, partStatistics, statsText } from './analytics';
import { parseNotebook } from '../notebook/parse';
import { codeCells, gradedParts } from '../notebook/types';
import { applyDecisions, parseDecisionsFile, pointsTable, regradeDiff, type AnswerDecision } from './decisions';
import { canvasCsv, feedbackFiles, lmsLeftOut, longCsv, moodleCsv, EXPORT_FORMATS, type ExportFormat } from './exports';
import { gradeFiles, gradesCsv, type FileInput, type GradedSubmission } from './regrade';
import { parseSubmission, type Submission } from './submission';

export interface ReportOptions {
  format?: string;
  /** The decisions file's name and text. */
  decisions?: FileInput;
  stats?: boolean;
  feedback?: boolean;
  /** The submission files, for the statistics' timestamps and `compare`. */
  files?: FileInput[];
  /** An earlier copy of the notebook (before a key fix): list whose points change. Needs `files`. */
  compare?: FileInput;
  /** The LMS's name for the assignment (Canvas: "HW 1 (4757)"), for `canvas` and `moodle`; default the notebook's title. */
  assignment?: string;
}

export interface Reports {
  csv: string;
  stats?: string;
  feedback?: { name: string; html: string }[];
  /** Lines for stderr, e.g. how many answers the decisions changed. */
  notes: string[];
  /** With `compare`: one line per student whose points change. */
  changes?: string[];
}

export class ReportOptionError extends Error {}

export function checkFormat(format: string | undefined): ExportFormat {
  const f = (format ?? 'wide') as ExportFormat;
  if (!EXPORT_FORMATS.includes(f)) throw new ReportOptionError(`--format must be one of ${EXPORT_FORMATS.join(', ')} (got "${format}")`);
  return f;
}

export function courseReports(nb: Notebook, gradedIn: GradedSubmission[], opts: ReportOptions = {}): Reports {
  const format = checkFormat(opts.format);
  const notes: string[] = [];
  let graded = gradedIn;
  let decisions: AnswerDecision[] = [];
  if (opts.decisions) {
    try {
      decisions = parseDecisionsFile(opts.decisions.text, opts.decisions.name, nb);
    } catch (e) {
      throw new ReportOptionError((e as Error).message);
    }
    graded = applyDecisions(nb, gradedIn, decisions);
    const changed = graded.filter((g, i) => g !== gradedIn[i]).length;
    notes.push(`decisions: ${decisions.length} accepted ${decisions.length === 1 ? 'answer' : 'answers'} from ${opts.decisions.name} raised ${changed} ${changed === 1 ? 'student' : 'students'}`);
  }
  const csv = format === 'long' ? longCsv(nb, graded) : format === 'canvas' ? canvasCsv(nb, graded, {}, opts.assignment) : format === 'moodle' ? moodleCsv(nb, graded, {}, opts.assignment) : gradesCsv(nb, graded);
  if (format === 'canvas' || format === 'moodle') {
    const left = lmsLeftOut(graded, format);
    if (left) notes.push(`note: ${left}`);
    const max = gradedParts(nb).reduce((t, p) => t + p.points, 0);
    if (format === 'moodle' && max > 100) notes.push(`note: totals go up to ${max}; Moodle refuses grades above 100 unless the site's "Unlimited grades" and "Grade point maximum" allow them`);
  }
  const out: Reports = { csv, notes };
  if (opts.stats) {
    const subs = new Map<string, Submission>();
    for (const f of opts.files ?? []) {
      const p = parseSubmission(f.text, f.name);
      if (p.ok) subs.set(f.name, p.submission);
    }
    out.stats = statsText(nb, partStatistics(nb, graded, {}, subs), allWrongAnswerGroups(nb, graded));
  }
  if (opts.feedback) out.feedback = feedbackFiles(nb, graded);
  if (opts.compare) out.changes = compareWith(nb, graded, opts.compare, opts.files ?? [], decisions);
  return out;
}

/**
 * Points under an earlier copy of the notebook against these. Code cells are not run again for
 * the old copy: a key fix does not change what code checks, so their points are taken as they are now.
 */
function compareWith(nb: Notebook, graded: GradedSubmission[], old: FileInput, files: FileInput[], decisions: AnswerDecision[]): string[] {
  let oldNb: Notebook;
  try {
    oldNb = parseNotebook(old.text, old.name);
  } catch (e) {
    throw new ReportOptionError(`--compare: ${(e as Error).message}`);
  }
  if (oldNb.id !== nb.id) throw new ReportOptionError(`--compare: ${old.name} is notebook "${oldNb.id}", not "${nb.id}"`);
  const now = pointsTable(graded);
  const codeIds = new Set(codeCells(nb).map((c) => c.id));
  // The same accepted answers on both sides, so the list shows what the notebook change alone does.
  const before = pointsTable(applyDecisions(oldNb, gradeFiles(oldNb, files).graded, decisions));
  for (const [k, row] of Object.entries(before)) for (const id of codeIds) if (now[k]) row[id] = now[k][id] ?? null;
  const changes = regradeDiff(before, now);
  return changes.map((c) => `changed ${c.student}: ${c.before ?? '–'} → ${c.after ?? '–'}${c.delta !== null ? ` (${c.delta > 0 ? '+' : ''}${c.delta})` : ''}${c.parts.length ? `; ${c.parts.join(', ')}` : ''}`);
}
