/**
 * The course's notebooks, bundled as text from the folder Vite was given (`virtual:gradbook-course`,
 * see scripts/gradbook/course.ts). Adding a file publishes it; in dev mode the page reloads when
 * one changes. The course's functions.js exports become key functions next to the built-in ones.
 */
import * as course from 'virtual:gradbook-course';
import { loadCourse, type CourseConfig, type CourseLoadError } from '../notebook/course';
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
  return loadCourse({ notebooks: course.notebooks, courseYml: course.courseYml });
}

export function notebookSource(file: string): string | undefined {
  return course.notebooks[file];
}
