#!/usr/bin/env node
// The instructor's command: `gradbook <new|dev|check|build|keys|grade> <courseDir> ...`
// (from this repo: `npm run gradbook -- check ../my-course`). A course folder is notebooks/*.md,
// optional functions.js, public/ and course.yml; see docs/authoring.md. Every problem with the
// command line or the folder ends in one line on stderr, never a stack trace.
import { cp, mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CourseFolderError, readCourseFolder } from './gradbook/courseFolder.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const configFile = join(root, 'vite.config.ts');

const USAGE = `usage: gradbook <command> <courseDir> [options]
  new <dir>                        write a small example course (the folder must be empty or new)
  dev <dir> [--port N]             serve the course with live reload and the author's preview
  check <dir>                      lint the course: notebooks/<file>.md:<line>: <message>; exit 1 if any
  build <dir> --out <out>          write the course's static site to <out>
  keys <dir> [--seeds 1-30]        CSV of every part's key per seed (stdout, or --out <file>)
  grade <dir> <submission.json...> [--workers N] [--out grades.csv] [--format wide|long|canvas|moodle]
        [--stats] [--feedback <dir>] [--decisions <file>] [--grader-tests <file>] [--assignment "<LMS name>"]
                                   grade submissions against the course's notebooks (CSV on stdout);
                                   the course's grader/<notebook-id>.json adds grader-only checks`;

class UsageError extends Error {}

const OPTIONS = {
  new: {},
  dev: { port: { type: 'string' } },
  check: {},
  build: { out: { type: 'string' } },
  keys: { seeds: { type: 'string' }, out: { type: 'string' } },
  grade: {
    out: { type: 'string' },
    workers: { type: 'string' },
    format: { type: 'string' },
    stats: { type: 'boolean' },
    feedback: { type: 'string' },
    decisions: { type: 'string' },
    'grader-tests': { type: 'string' },
    assignment: { type: 'string' },
  },
};

/** Paths on the command line are the user's: under `npm run`, npm has moved us to the repo root. */
function userPath(p) {
  const base = process.env.npm_lifecycle_event === 'gradbook' && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd();
  return isAbsolute(p) ? p : resolve(base, p);
}

function parseCommandLine(argv) {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') return { command: 'help' };
  if (!(command in OPTIONS)) throw new UsageError(`unknown command "${command}"; use one of ${Object.keys(OPTIONS).join(', ')}`);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: OPTIONS[command], allowPositionals: true, strict: true });
  } catch (e) {
    // Node's advice on positionals that start with '-' is not the point here.
    throw new UsageError(`${command}: ${e.message.split('\n')[0].replace(/\. To specify a positional.*$/, '')}`);
  }
  const [dir, ...more] = parsed.positionals;
  if (!dir) throw new UsageError(`${command}: give the course folder, e.g. gradbook ${command} ./my-course`);
  if (command !== 'grade' && more.length) throw new UsageError(`${command}: unexpected argument "${more[0]}"`);
  return { command, dir: userPath(dir), dirArg: dir, files: more.map(userPath), values: parsed.values };
}

// ---- commands -------------------------------------------------------------------------------

async function newCourse({ dir, dirArg }) {
  if (existsSync(dir)) {
    if (!(await stat(dir)).isDirectory()) throw new UsageError(`new: ${dirArg} exists and is not a folder`);
    if ((await readdir(dir)).length) throw new UsageError(`new: ${dirArg} is not empty; give a new or empty folder`);
  }
  await mkdir(dir, { recursive: true });
  await cp(join(root, 'scripts/gradbook/template'), dir, { recursive: true });
  // npm drops files named .gitignore from packages, so the template keeps it without the dot.
  await rename(join(dir, 'gitignore'), join(dir, '.gitignore'));
  const yml = join(dir, 'course.yml');
  await writeFile(yml, (await readFile(yml, 'utf8')).replace('__SALT__', randomBytes(6).toString('hex')));
  process.stdout.write(`Wrote a course to ${dir}:\n  course.yml  functions.js  notebooks/week1.md  public/img/ring.svg\n` +
    `Next: gradbook dev ${dirArg}   (then edit notebooks/week1.md and watch the page)\n`);
}

/**
 * Vite's SSR loader for our TypeScript (src/ and scripts/gradbook/*.ts). No config, no watcher and
 * no WebSocket: several of these may run beside a dev server.
 */
async function withSources(fn) {
  const { createServer } = await import('vite');
  const server = await createServer({
    root,
    configFile: false,
    logLevel: 'error',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  try {
    return await fn(await server.ssrLoadModule('/scripts/gradbook/commands.ts'));
  } finally {
    await server.close();
  }
}

function readFolder(dirArg) {
  try {
    return readCourseFolder(userPath(dirArg));
  } catch (e) {
    if (e instanceof CourseFolderError) throw new UsageError(e.message);
    throw e;
  }
}

async function loadFunctions(folder) {
  if (!folder.functionsPath) return { exports: {} };
  try {
    return { exports: { ...(await import(pathToFileURL(folder.functionsPath).href)) } };
  } catch (e) {
    return { exports: {}, error: String(e?.message ?? e).split('\n')[0] };
  }
}

/** Live cells' runner, when some notebook has one (bundling the engine for Node takes a few seconds). */
async function liveChecker(folder) {
  if (!Object.values(folder.notebooks).some((t) => /^\s{0,3}:{3,}live\b/m.test(t))) return null;
  const { openLiveChecker } = await import('./gradbook/liveCheck.mjs');
  return openLiveChecker({ functionsPath: folder.functionsPath });
}

async function check({ dirArg }) {
  const folder = readFolder(dirArg);
  const live = await liveChecker(folder);
  try {
    return await checkWith(folder, live);
  } finally {
    await live?.close();
  }
}

function checkWith(folder, live) {
  return withSources(async (cmds) => {
    const messages = cmds.checkCourse(folder, await loadFunctions(folder), live?.run);
    for (const m of messages) process.stdout.write(m + '\n');
    const n = Object.keys(folder.notebooks).length;
    process.stderr.write(messages.length ? `${messages.length} problem${messages.length === 1 ? '' : 's'}\n` : `${n} notebook${n === 1 ? '' : 's'}, no problems\n`);
    return messages.length ? 1 : 0;
  });
}

async function keys({ dirArg, values }) {
  const folder = readFolder(dirArg);
  return withSources(async (cmds) => {
    const seeds = cmds.parseSeedList(values.seeds ?? '1-30');
    if (typeof seeds === 'string') throw new UsageError(`keys: ${seeds}`);
    const functions = await loadFunctions(folder);
    if (functions.error) throw new UsageError(`keys: functions.js cannot be loaded: ${functions.error}`);
    const { csv, errors } = cmds.courseKeys(folder, functions, seeds);
    for (const e of errors) process.stderr.write(`skipped ${e}\n`);
    if (values.out) await writeFile(userPath(values.out), csv);
    else process.stdout.write(csv);
    return errors.length ? 1 : 0;
  });
}

/** Vite reads the course from the environment (vite.config.ts → scripts/gradbook/course.ts). */
async function viteFor(dir, { author }) {
  readFolder(dir); // a clear line for a folder that is not a course
  process.env.GRADBOOK_COURSE = dir;
  if (author) process.env.GRADBOOK_AUTHOR = '1';
  return import('vite');
}

async function build({ dir, dirArg, values }) {
  if (!values.out) throw new UsageError('build: give the output folder, e.g. --out site');
  const out = userPath(values.out);
  const inside = (a, b) => !relative(a, b).startsWith('..') && !isAbsolute(relative(a, b));
  if (inside(out, dir) || inside(out, root)) throw new UsageError(`build: --out ${values.out} would replace the course or GradBook itself; choose another folder`);
  if (existsSync(out) && (await readdir(out)).length && !existsSync(join(out, 'index.html'))) {
    throw new UsageError(`build: ${values.out} is not empty and holds no earlier build; choose a new or empty folder`);
  }
  const vite = await viteFor(dir, { author: false });
  // A site is a production build, whatever NODE_ENV the shell (or an earlier Vite server) set.
  process.env.NODE_ENV = 'production';
  await vite.build({ root, configFile, mode: 'production', logLevel: 'warn', build: { outDir: out, emptyOutDir: true } });
  process.stdout.write(`Built ${dirArg} into ${out} (serve it with both COOP/COEP headers for threaded WASM; see README "Hosting")\n`);
  return 0;
}

async function dev({ dir, values }) {
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`dev: --port must be a port number, not "${values.port}"`);
  const vite = await viteFor(dir, { author: true });
  const server = await vite.createServer({ root, configFile, clearScreen: false, server: { port, strictPort: port !== 0 } });
  await server.listen();
  const url = server.resolvedUrls?.local[0] ?? `http://localhost:${server.httpServer.address().port}/`;
  process.stdout.write(`GradBook dev server for ${dir}\n  ${url}\n(live reload on save; the author's preview shows keys and lint messages; Ctrl+C stops)\n`);
  return new Promise(() => {}); // serves until stopped
}

async function grade({ dir, dirArg, files, values }) {
  if (files.length === 0) throw new UsageError('grade: give at least one submission file');
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers > 0)) throw new UsageError('grade: --workers must be a whole number ≥ 1');
  const folder = readFolder(dirArg);
  const functions = await loadFunctions(folder);
  if (functions.error) throw new UsageError(`grade: functions.js cannot be loaded: ${functions.error}`);
  const { openGrader, gradeNotebook, readReportFiles } = await import('./grade.mjs');
  const report = {
    format: values.format,
    stats: values.stats,
    feedbackDir: values.feedback === undefined ? undefined : userPath(values.feedback),
    decisionsFile: values.decisions === undefined ? undefined : userPath(values.decisions),
    graderTestsFile: values['grader-tests'] === undefined ? undefined : userPath(values['grader-tests']),
    assignment: values.assignment,
  };
  const problem = await readReportFiles(report);
  if (problem) throw new UsageError(`grade: ${problem}`);
  const byId = await withSources(async (cmds) => cmds.notebookFilesById(folder));
  // Each submission names its notebook; files are grouped by it (an unreadable file is the grader's to report).
  const groups = new Map();
  for (const file of files) {
    // Why the file names no notebook, when it does not: said once, and the batch goes on.
    let id;
    let why;
    try {
      const v = JSON.parse(await readFile(file, 'utf8'));
      id = typeof v?.notebookId === 'string' ? v.notebookId : undefined;
      if (id === undefined) why = 'not a submission file (no notebookId)';
    } catch (e) {
      why = e instanceof SyntaxError ? `not valid JSON (${e.message})` : `cannot be read (${e.code ?? e.message})`;
    }
    // Without a readable id the grader says what is wrong with the file, against the only notebook.
    const nbFile = id === undefined && byId.size === 1 ? [...byId.values()][0] : byId.get(id);
    if (!nbFile) {
      process.stderr.write(`skipped ${relative(process.cwd(), file) || file}: ${why ?? `notebook "${id}" is not in this course`}\n`);
      continue;
    }
    if (!groups.has(nbFile)) groups.set(nbFile, []);
    groups.get(nbFile).push(file);
  }
  if (groups.size === 0) return 1;
  // One LMS assignment name cannot name several notebooks' assignments.
  if (report.assignment !== undefined && groups.size > 1) throw new UsageError('grade: --assignment names one LMS assignment; these submissions are for several notebooks, so grade each notebook on its own');
  // A decisions or grader-tests file is for one notebook; the others are graded without it.
  const decisionsFor = report.decisions ? notebookIdIn(report.decisions.text) : undefined;
  if (report.graderTests && ![...groups.keys()].some((f) => byId.get(notebookIdIn(report.graderTests.text)) === f)) {
    process.stderr.write(`note: ${values['grader-tests']} is not for any notebook graded here; graded without it\n`);
  }
  const graderTestsFor = async (id) => {
    if (report.graderTests) return notebookIdIn(report.graderTests.text) === id ? report.graderTests : undefined;
    // The course's own: grader/<notebook-id>.json, beside notebooks/ (never part of a build).
    const file = join(dir, 'grader', `${id}.json`);
    return existsSync(file) ? { name: relative(process.cwd(), file) || file, text: await readFile(file, 'utf8') } : undefined;
  };
  const grader = await openGrader();
  const csvs = [];
  try {
    for (const [nbFile, paths] of groups) {
      const course = { functionsPath: folder.functionsPath, courseYml: folder.courseYml };
      const id = [...byId].find(([, f]) => f === nbFile)[0];
      const mine = {
        ...report,
        decisions: decisionsFor === undefined || decisionsFor === id ? report.decisions : undefined,
        // Several notebooks' feedback pages, one folder each.
        feedbackDir: report.feedbackDir && groups.size > 1 ? join(report.feedbackDir, id) : report.feedbackDir,
      };
      // Several notebooks: each one's notes, statistics and counts on stderr under its name.
      if (groups.size > 1) process.stderr.write(`notebook ${id}: ${paths.length} ${paths.length === 1 ? 'file' : 'files'}\n`);
      const graderTests = await graderTestsFor(id);
      const csv = await gradeNotebook(grader, { notebookFile: nbFile, notebookText: folder.notebooks[nbFile], paths, workers, course, report: mine, graderTests });
      if (csv !== null) csvs.push(csv);
    }
  } finally {
    await grader.close();
  }
  // Several notebooks: one CSV each, separated by an empty line (their columns differ).
  const text = csvs.join('\n');
  if (values.out) await writeFile(userPath(values.out), text);
  else process.stdout.write(text);
  return csvs.length === groups.size ? 0 : 1;
}

/** The notebook a decisions file (`notebookId`) or grader-tests file (`graderTests`) is for; undefined when unreadable (the grader then says why). */
function notebookIdIn(text) {
  try {
    const v = JSON.parse(text);
    return v?.graderTests ?? v?.notebookId;
  } catch {
    return undefined;
  }
}

const COMMANDS = { new: newCourse, dev, check, build, keys, grade };

async function main() {
  let args;
  try {
    args = parseCommandLine(process.argv.slice(2));
    if (args.command === 'help') {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    return (await COMMANDS[args.command](args)) ?? 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`gradbook: ${e.message}\n`);
      return 2;
    }
    // Anything else is still one line; GRADBOOK_DEBUG=1 shows where it came from.
    process.stderr.write(`gradbook: ${args?.command ?? ''}${args ? ': ' : ''}${String(e?.message ?? e).split('\n')[0]}\n`);
    if (process.env.GRADBOOK_DEBUG) process.stderr.write(`${e?.stack}\n`);
    return 1;
  }
}

process.exitCode = await main();
