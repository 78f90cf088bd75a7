/**
 * A notebook's own Markdown file dropped into grader mode with the submissions. An exam's copy in
 * the app has no keys (src/notebook/exam.ts); the instructor's file has them, so grading uses it.
 */
import type { FileInput } from '../../grading/regrade';
import { NotebookError, parseNotebook } from '../../notebook/parse';
import type { Notebook } from '../../notebook/types';

export const isNotebookFile = (f: FileInput) => /\.md$/i.test(f.name);

export interface GradingNotebook {
  nb: Notebook;
  /** The dropped file the notebook (and its keys) came from; null for the app's own copy. */
  from: string | null;
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
  const out: GradingNotebook = { nb: bundled, from: null, problems: [] };
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
  return out;
}
