/**
 * The course's notebooks, parsed by the Vite plugin when the site was built (`virtual:gradbook-course`,
 * see scripts/gradbook/course.ts), so the page carries no YAML or Markdown parser for them. Adding a
 * file publishes it; in dev mode the page reloads, re-parsed, when one changes. The course's
 * functions.js exports become key functions next to the built-in ones.
 */
import * as course from 'virtual:gradbook-course';
import type { CourseConfig, CourseLoadError } from '../notebook/course';
import type { Notebook } from '../notebook/types';
import { courseFunctions, courseKeyFunctions } from '../grading/courseFunctions';

export type NotebookLoadError = CourseLoadError;

export interface LoadedNotebooks {
  config: CourseConfig;
  notebooks: Notebook[];
  errors: NotebookLoadError[];
}

export function loadNotebooks(): LoadedNotebooks {
  // Registered without loading the built-in key functions, which come with the notebook page.
  Object.assign(courseFunctions, courseKeyFunctions(course.functions));
  return course.loaded;
}

/** A notebook file's text: the author's preview (`gradbook dev`) only; a build carries none. */
export function notebookSource(file: string): string | undefined {
  return course.notebooks[file];
}
