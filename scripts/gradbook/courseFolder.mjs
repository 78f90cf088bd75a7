// Reading a course folder from disk: `notebooks/*.md`, optional `functions.js`, `public/` and
// `course.yml`. Plain JavaScript, so the `gradbook` command can check a folder before it starts
// Vite, and Vite's course plugin (scripts/gradbook/course.ts) reads it the same way.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

export class CourseFolderError extends Error {}

function isDir(p) {
  return existsSync(p) && statSync(p).isDirectory();
}

function listFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)).split(sep).join('/'))
    .sort();
}

/** Throws a CourseFolderError (one line for the user) when `dirArg` is not a course folder. */
export function assertCourseFolder(dirArg) {
  const dir = resolve(dirArg);
  if (!existsSync(dir)) throw new CourseFolderError(`${dirArg}: no such folder`);
  if (!isDir(dir)) throw new CourseFolderError(`${dirArg}: not a folder`);
  if (!isDir(join(dir, 'notebooks'))) {
    throw new CourseFolderError(`${dirArg}: not a course folder (it has no notebooks/ folder; \`gradbook new <dir>\` makes one)`);
  }
  return dir;
}

export function readCourseFolder(dirArg) {
  const dir = assertCourseFolder(dirArg);
  const nbDir = join(dir, 'notebooks');
  const notebooks = {};
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
