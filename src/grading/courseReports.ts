/**
 * What `npm run grade` prints beyond the per-student CSV, from options: `--format`, `--stats`,
 * `--feedback <dir>`, `--decisions <file>`. The command stays a thin shell over this.
 */
import type { Notebook } from '../notebook/types';
import { allWrongAnswerGroups, partStatistics, statsText } from './analytics';
import { applyDecisions, parseDecisionsFile } from './decisions';
import { canvasCsv, feedbackFiles, longCsv, moodleCsv, EXPORT_FORMATS, type ExportFormat } from './exports';
import { gradesCsv, type FileInput, type GradedSubmission } from './regrade';
import { parseSubmission, type Submission } from './submission';

export interface ReportOptions {
  format?: string;
  /** The decisions file's name and text. */
  decisions?: FileInput;
  stats?: boolean;
  feedback?: boolean;
  /** The submission files, for the statistics' timestamps. */
  files?: FileInput[];
}

export interface Reports {
  csv: string;
  stats?: string;
  feedback?: { name: string; html: string }[];
  /** Lines for stderr, e.g. how many answers the decisions changed. */
  notes: string[];
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
  if (opts.decisions) {
    let decisions;
    try {
      decisions = parseDecisionsFile(opts.decisions.text, opts.decisions.name, nb);
    } catch (e) {
      throw new ReportOptionError((e as Error).message);
    }
    graded = applyDecisions(nb, gradedIn, decisions);
    const changed = graded.filter((g, i) => g !== gradedIn[i]).length;
    notes.push(`decisions: ${decisions.length} accepted ${decisions.length === 1 ? 'answer' : 'answers'} from ${opts.decisions.name} raised ${changed} ${changed === 1 ? 'student' : 'students'}`);
  }
  const csv = format === 'long' ? longCsv(nb, graded) : format === 'canvas' ? canvasCsv(nb, graded) : format === 'moodle' ? moodleCsv(nb, graded) : gradesCsv(nb, graded);
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
  return out;
}
