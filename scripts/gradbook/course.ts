/**
 * Which course the app shows: the folder in GRADBOOK_COURSE, else this repo (its notebooks/ are the
 * demo course). The plugin exposes the folder as `virtual:gradbook-course`, reloads the page when a
 * file of it changes under `vite` dev, and serves (dev) or copies (build) the course's public/ next
 * to this repo's own public/ (the MNIST data and other engine assets stay available to every course).
 * Imported by vite.config.ts, so it imports nothing from src/.
 */
import { readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import sirv from 'sirv';
import type { Plugin, ViteDevServer } from 'vite';
import { readCourseFolder } from './courseFolder.mjs';

// ---- the Vite plugin ----------------------------------------------------------------------------

const VIRTUAL_ID = 'virtual:gradbook-course';
const RESOLVED_ID = '\0' + VIRTUAL_ID;

export function courseDirFromEnv(repoRoot: string): string {
  return resolve(process.env.GRADBOOK_COURSE || repoRoot);
}

export interface CourseOptions {
  /** The copy of a notebook that students' pages carry (exam notebooks lose their keys). */
  studentCopy?: (text: string) => string;
  /**
   * For the build of Web Workers (Vite bundles them with their own plugins): the module carries only
   * `functions` (live cells call them), and the course's public/ is the page build's to copy.
   */
  worker?: boolean;
  /**
   * Parses the course (src/notebook/course.ts's `loadCourse`, passed in so this file imports nothing
   * from src/): the page gets the parsed notebooks, not their Markdown, so the YAML, schema and
   * Markdown parsers stay out of the students' JavaScript. A notebook that does not parse becomes
   * an error with its file and line, shown on the page as before.
   */
  parse?: (source: { notebooks: Record<string, string>; courseYml?: string | null }) => unknown;
}

export function gradbookCourse(repoRoot: string, options: CourseOptions = {}): Plugin {
  const courseDir = courseDirFromEnv(repoRoot);
  const isDemo = courseDir === resolve(repoRoot);
  let serving = false;

  const moduleCode = (): string => {
    const folder = readCourseFolder(courseDir);
    const functions = folder.functionsPath
      ? `export * as functions from ${JSON.stringify(folder.functionsPath.split(sep).join('/'))};`
      : 'export const functions = {};';
    if (options.worker) return functions;
    const author = serving && process.env.GRADBOOK_AUTHOR === '1';
    // The author's preview shows keys; every other page gets what a student may see.
    const studentCopy = options.studentCopy;
    const notebooks = author || !studentCopy
      ? folder.notebooks
      : Object.fromEntries(Object.entries(folder.notebooks as Record<string, string>).map(([f, t]) => [f, studentCopy(t)]));
    // The author's preview lints the files' text; no other page needs it once they are parsed.
    const parsed = options.parse ? options.parse({ notebooks, courseYml: folder.courseYml }) : null;
    return [
      `export const loaded = ${JSON.stringify(parsed)};`,
      `export const notebooks = ${JSON.stringify(author || !options.parse ? notebooks : {})};`,
      `export const courseYml = ${JSON.stringify(folder.courseYml)};`,
      functions,
      `export const assets = ${JSON.stringify(folder.publicFiles)};`,
      // Keys are shown to the author only under `gradbook dev`; a build never carries them.
      `export const authorPreview = ${author};`,
    ].join('\n');
  };

  const reloadOnChange = (server: ViteDevServer) => {
    const inCourse = (file: string) => {
      const f = resolve(file);
      if (f === join(courseDir, 'functions.js')) return false; // a real module: Vite's HMR has it
      return f.startsWith(join(courseDir, 'notebooks') + sep) || f === join(courseDir, 'course.yml') || f.startsWith(join(courseDir, 'public') + sep);
    };
    server.watcher.add([join(courseDir, 'notebooks'), join(courseDir, 'course.yml'), join(courseDir, 'public')]);
    const onEvent = (file: string) => {
      if (!inCourse(file)) return;
      const mod = server.moduleGraph.getModuleById(RESOLVED_ID);
      if (mod) server.moduleGraph.invalidateModule(mod);
      server.ws.send({ type: 'full-reload' });
    };
    for (const ev of ['add', 'change', 'unlink'] as const) server.watcher.on(ev, onEvent);
  };

  return {
    name: 'gradbook-course',
    config(_config, env) {
      serving = env.command === 'serve';
      return { server: { fs: { allow: [repoRoot, courseDir] } } };
    },
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : null;
    },
    load(id) {
      return id === RESOLVED_ID ? moduleCode() : null;
    },
    configureServer(server) {
      if (options.worker) return;
      reloadOnChange(server);
      if (!isDemo) server.middlewares.use(sirv(join(courseDir, 'public'), { dev: true, etag: true }));
    },
    generateBundle() {
      if (isDemo || options.worker) return;
      const folder = readCourseFolder(courseDir);
      for (const file of folder.publicFiles) {
        this.emitFile({ type: 'asset', fileName: file, source: readFileSync(join(courseDir, 'public', file)) });
      }
    },
  };
}
