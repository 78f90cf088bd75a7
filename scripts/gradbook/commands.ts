/**
 * What `gradbook check` and `gradbook keys` compute, loaded by scripts/gradbook.mjs through Vite's
 * SSR loader (so it can use src/ as the page does). It reads the course folder; functions.js is
 * imported by the caller, natively, and its exports passed in.
 */
import { loadCourse } from '../../src/notebook/course';
import { formatLint, lintCourse, type LiveCellRunner } from '../../src/grading/lint';
import { courseKeyFunctions, registerKeyFunctions } from '../../src/grading/keyFunctions';
import { keysCsv, parseSeedList } from '../../src/grading/keyTable';
import { widgets } from '../../src/ui/widgets/registry';
import type { CourseFolder } from './courseFolder.mjs';

export { parseSeedList };

export interface FunctionsLoad {
  exports: Record<string, unknown>;
  /** Why functions.js could not be imported, if it could not. */
  error?: string;
}

/**
 * The lint messages, one `notebooks/<file>.md:<line>: <message>` each. `runLive` runs live cells
 * (scripts/gradbook/liveCheck.mjs); without it they are parsed but not run.
 */
export function checkCourse(folder: CourseFolder, functions: FunctionsLoad, runLive?: LiveCellRunner): string[] {
  const messages = lintCourse({
    notebooks: folder.notebooks,
    courseYml: folder.courseYml,
    functions: functions.exports,
    assets: folder.publicFiles,
    widgetNames: Object.keys(widgets),
    runLive,
  }).map(formatLint);
  if (functions.error) messages.unshift(`functions.js:1: cannot be loaded: ${functions.error}`);
  if (Object.keys(folder.notebooks).length === 0) messages.push('notebooks/:1: there are no .md files in notebooks/');
  return messages;
}

/** The keys CSV, and the notebooks that could not be read (named on stderr by the caller). */
export function courseKeys(folder: CourseFolder, functions: FunctionsLoad, seeds: number[]): { csv: string; errors: string[] } {
  registerKeyFunctions(courseKeyFunctions(functions.exports));
  const loaded = loadCourse({ notebooks: folder.notebooks, courseYml: folder.courseYml });
  return { csv: keysCsv(loaded.notebooks, seeds), errors: loaded.errors.map((e) => e.message) };
}

/** Notebook id → its file, for the notebooks that parse (the grader picks one per submission). */
export function notebookFilesById(folder: CourseFolder): Map<string, string> {
  const loaded = loadCourse({ notebooks: folder.notebooks, courseYml: folder.courseYml });
  return new Map(loaded.notebooks.map((nb) => [nb.id, nb.file]));
}
