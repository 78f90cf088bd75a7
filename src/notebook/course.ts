/**
 * A course: the notebooks of one folder, with its optional `course.yml` (title, term, notebook order,
 * default variant salt). Pure, so the page, the `gradbook` command and the grader load a course the
 * same way; reading the folder from disk is the command's and Vite's business.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { NotebookError, parseNotebook } from './parse';
import type { Notebook } from './types';

export const courseConfigSchema = z
  .object({
    title: z.string().min(1).optional(),
    term: z.string().optional(),
    /** Notebook ids in the order the home page lists them; the others follow by file name. */
    order: z.array(z.string()).default([]),
    /** Salt for notebooks whose front matter gives none (`variants.salt`). */
    salt: z.string().optional(),
  })
  .strict();

export type CourseConfig = z.infer<typeof courseConfigSchema>;

export const COURSE_FILE = 'course.yml';

/** What a course folder holds, as text: `notebooks` maps `notebooks/<file>.md` to its source. */
export interface CourseSource {
  notebooks: Record<string, string>;
  courseYml?: string | null;
}

export interface CourseLoadError {
  file: string;
  line: number;
  message: string;
}

export interface LoadedCourse {
  config: CourseConfig;
  notebooks: Notebook[];
  errors: CourseLoadError[];
}

/** `course.yml` to its settings; a broken file throws a NotebookError naming its line. */
export function parseCourseConfig(text: string | null | undefined): CourseConfig {
  if (text == null || !text.trim()) return courseConfigSchema.parse({});
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (e) {
    const line = (e as { linePos?: { line: number }[] }).linePos?.[0]?.line ?? 1;
    throw new NotebookError(COURSE_FILE, line, `not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const result = courseConfigSchema.safeParse(data ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = String(issue.path[0] ?? '');
    const line = key ? lineOfKey(text, key) : 1;
    throw new NotebookError(COURSE_FILE, line, `${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  return result.data;
}

function lineOfKey(text: string, key: string): number {
  const i = text.split('\n').findIndex((l) => l.startsWith(`${key}:`));
  return i >= 0 ? i + 1 : 1;
}

/** The course's defaults under a notebook's own settings: a notebook's salt always wins. */
export function withCourseDefaults(nb: Notebook, config: CourseConfig): Notebook {
  if (nb.variants.salt || !config.salt) return nb;
  return { ...nb, variants: { ...nb.variants, salt: config.salt } };
}

function errorOf(e: unknown, file: string): CourseLoadError {
  if (e instanceof NotebookError) return { file: e.file, line: e.line, message: e.message };
  return { file, line: 1, message: `${file}:1: ${(e as Error).message}` };
}

/**
 * Every notebook that parses, in the course's order; each one that does not is an error naming its
 * file and line, and the others still load.
 */
export function loadCourse(source: CourseSource): LoadedCourse {
  const errors: CourseLoadError[] = [];
  let config: CourseConfig;
  try {
    config = parseCourseConfig(source.courseYml);
  } catch (e) {
    errors.push(errorOf(e, COURSE_FILE));
    config = courseConfigSchema.parse({});
  }
  const notebooks: Notebook[] = [];
  for (const [file, text] of Object.entries(source.notebooks).sort(([a], [b]) => a.localeCompare(b))) {
    try {
      const nb = withCourseDefaults(parseNotebook(text, file), config);
      const clash = notebooks.find((n) => n.id === nb.id);
      if (clash) errors.push({ file, line: 1, message: `${file}:1: id "${nb.id}" is already used by ${clash.file}` });
      else notebooks.push(nb);
    } catch (e) {
      errors.push(errorOf(e, file));
    }
  }
  const rank = (nb: Notebook) => {
    const i = config.order.indexOf(nb.id);
    return i < 0 ? config.order.length : i;
  };
  notebooks.sort((a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file));
  const known = new Set(notebooks.map((n) => n.id));
  const failed = errors.length > 0;
  for (const id of config.order) {
    // A notebook that failed to parse is already reported; only a name nobody defines is news.
    if (!known.has(id) && !failed) {
      errors.push({ file: COURSE_FILE, line: lineOfKey(source.courseYml ?? '', 'order'), message: `${COURSE_FILE}:${lineOfKey(source.courseYml ?? '', 'order')}: order names "${id}", but no notebook has that id` });
    }
  }
  return { config, notebooks, errors };
}
