/**
 * A notebook's own Markdown file dropped into grader mode with the submissions. An exam's copy in
 * the app has no keys (src/notebook/exam.ts); the instructor's file has them, so grading uses it.
 * Likewise the course's grader/<notebook-id>.json (grader-only tests), which the app never carries.
 */
import { graderTestsNotebookId, parseGraderTests, withGraderTests } from '../../grading/graderTests';
import type { FileInput } from '../../grading/regrade';
import { NotebookError, parseNotebook } from '../../notebook/parse';
import type { Notebook } from '../../notebook/types';

export const isNotebookFile = (f: FileInput) => /\.md$/i.test(f.name);
const isGraderTestsFile = (f: FileInput) => /\.json$/i.test(f.name) && graderTestsNotebookId(f.text) !== null;
/** The grader's own files among the dropped ones: everything else is a submission. */
export const isGradingFile = (f: FileInput) => isNotebookFile(f) || isGraderTestsFile(f);

export interface GradingNotebook {
  nb: Notebook;
  /** The dropped file the notebook (and its keys) came from; null for the app's own copy. */
  from: string | null;
  /** The dropped grader-tests file whose checks the code cells carry, if any. */
  graderTests: string | null;
  /** Dropped notebook files that could not be used, each with why. */
  problems: { file: string; message: string }[];
}

/** The notebook id a dropped .md file is for, when it parses. */
export function notebookIdOf(f: FileInput): string | null {
  try {
    return parseNotebook(f.text, f.name).id;
  } catch {
    return null;
  }
}

export function gradingNotebook(bundled: Notebook, files: FileInput[]): GradingNotebook {
  const out: GradingNotebook = { nb: bundled, from: null, graderTests: null, problems: [] };
  for (const f of files.filter(isNotebookFile)) {
    let nb: Notebook;
    try {
      nb = parseNotebook(f.text, f.name);
    } catch (e) {
      out.problems.push({ file: f.name, message: e instanceof NotebookError ? e.message : `${f.name}: ${(e as Error).message}` });
      continue;
    }
    if (nb.id !== bundled.id) continue; // another notebook's file: used when that notebook is graded
    if (nb.contentHash !== bundled.contentHash) {
      out.problems.push({ file: f.name, message: `${f.name} is a different copy of “${nb.id}” (copy ${nb.contentHash}, the app has ${bundled.contentHash}); grading with it anyway` });
    }
    out.nb = nb;
    out.from = f.name;
  }
  for (const f of files.filter((g) => isGraderTestsFile(g) && graderTestsNotebookId(g.text) === bundled.id)) {
    try {
      out.nb = withGraderTests(out.nb, parseGraderTests(f.text, f.name, out.nb));
      out.graderTests = f.name;
    } catch (e) {
      out.problems.push({ file: f.name, message: (e as Error).message });
    }
  }
  return out;
}
