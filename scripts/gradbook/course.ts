/**
 * Which course the app shows: the folder in GRADBOOK_COURSE, else this repo (its notebooks/ are the
 * demo course). The plugin exposes the folder as `virtual:gradbook-course`, reloads the page when a
 * file of it changes under `vite` dev, and serves (dev) or copies (build) the course's public/ next
 * to this repo's own public/ (the MNIST data and other engine assets stay available to every course).
 * Imported by vite.config.ts, so it imports nothing of ours: a course folder is `notebooks/*.md`,
 * optional `functions.js`, `public/` and `course.yml`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import sirv from 'sirv';
import type { Plugin, ViteDevServer } from 'vite';

// ---- reading a course folder (the `gradbook` command reads it here too) -------------------------

export class CourseFolderError extends Error {}

export interface CourseFolder {
  dir: string;
  /** `notebooks/<file>.md` → text. */
  notebooks: Record<string, string>;
  courseYml: string | null;
  functionsPath: string | null;
  publicDir: string | null;
  /** Every file under public/, relative to it, with forward slashes. */
  publicFiles: string[];
}

function isDir(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)).split(sep).join('/'))
    .sort();
}

export function readCourseFolder(dirArg: string): CourseFolder {
  const dir = resolve(dirArg);
  if (!existsSync(dir)) throw new CourseFolderError(`${dirArg}: no such folder`);
  if (!isDir(dir)) throw new CourseFolderError(`${dirArg}: not a folder`);
  const nbDir = join(dir, 'notebooks');
  if (!isDir(nbDir)) {
    throw new CourseFolderError(`${dirArg}: not a course folder (it has no notebooks/ folder; \`gradbook new <dir>\` makes one)`);
  }
  const notebooks: Record<string, string> = {};
  for (const name of readdirSync(nbDir).filter((n) => n.endsWith('.md')).sort()) {
    notebooks[`notebooks/${name}`] = readFileSync(join(nbDir, name), 'utf8');
  }
  const ymlPath = join(dir, 'course.yml');
  const functionsPath = join(dir, 'functions.js');
  const publicDir = join(dir, 'public');
  return {
    dir,
    notebooks,
    courseYml: existsSync(ymlPath) ? readFileSync(ymlPath, 'utf8') : null,
    functionsPath: existsSync(functionsPath) ? functionsPath : null,
    publicDir: isDir(publicDir) ? publicDir : null,
    publicFiles: isDir(publicDir) ? listFiles(publicDir) : [],
  };
}

// ---- the Vite plugin ----------------------------------------------------------------------------

const VIRTUAL_ID = 'virtual:gradbook-course';
const RESOLVED_ID = '\0' + VIRTUAL_ID;

export function courseDirFromEnv(repoRoot: string): string {
  return resolve(process.env.GRADBOOK_COURSE || repoRoot);
}

export function gradbookCourse(repoRoot: string): Plugin {
  const courseDir = courseDirFromEnv(repoRoot);
  const isDemo = courseDir === resolve(repoRoot);
  let serving = false;

  const moduleCode = (): string => {
    const folder = readCourseFolder(courseDir);
    const functions = folder.functionsPath
      ? `export * as functions from ${JSON.stringify(folder.functionsPath.split(sep).join('/'))};`
      : 'export const functions = {};';
    return [
      `export const notebooks = ${JSON.stringify(folder.notebooks)};`,
      `export const courseYml = ${JSON.stringify(folder.courseYml)};`,
      functions,
      `export const assets = ${JSON.stringify(folder.publicFiles)};`,
      // Keys are shown to the author only under `gradbook dev`; a build never carries them.
      `export const authorPreview = ${serving && process.env.GRADBOOK_AUTHOR === '1'};`,
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
      reloadOnChange(server);
      if (!isDemo) server.middlewares.use(sirv(join(courseDir, 'public'), { dev: true, etag: true }));
    },
    generateBundle() {
      if (isDemo) return;
      const folder = readCourseFolder(courseDir);
      for (const file of folder.publicFiles) {
        this.emitFile({ type: 'asset', fileName: file, source: readFileSync(join(courseDir, 'public', file)) });
      }
    },
  };
}
