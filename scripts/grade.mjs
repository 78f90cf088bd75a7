#!/usr/bin/env node
// Batch grading: node scripts/grade.mjs --notebook notebooks/<file>.md submissions/*.json [--workers N] [--out grades.csv]
// (`gradbook grade <courseDir> ...` calls openGrader/gradeNotebook below for each of a course's notebooks.)
// Prints the CSV (one row per student, one column per part, then the total) on stdout, using the
// same src/grading code as grader mode, bundled for Node by Vite's SSR build. Code cells are run
// again through their checks in a sandbox with a time limit (scripts/code-sandbox.mjs). Every bad
// file is reported on stderr and skipped; the exit status is 0 when at least the notebook could be read.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { buildSandbox, createSandboxRunner, detectIsolation } from './code-sandbox.mjs';
import { bundleForNode } from './source-loader.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The project's TypeScript (src/grading/batch.ts and what it imports), bundled once per run. */
const buildBundle = () => bundleForNode('src/grading/batch.ts', 'gradbook-grade');

async function readInputs(paths) {
  return Promise.all(
    paths.map(async (p) => {
      try {
        return { name: p, text: await readFile(p, 'utf8') };
      } catch (e) {
        return { name: p, error: `${p}: cannot be read (${e.code ?? e.message}).` };
      }
    }),
  );
}

async function gradeChunk(mods, nb, paths, sandbox) {
  const inputs = await readInputs(paths);
  if (!sandbox) return inputs.map((f) => (f.error ? { file: f.name, error: f.error } : mods.gradeOne(nb, f)));
  // Code cells: each file's runs one after another in this thread's own sandbox thread.
  const runner = createSandboxRunner(sandbox, mods.timeoutOutcome);
  const outcomes = [];
  try {
    for (const f of inputs) outcomes.push(f.error ? { file: f.name, error: f.error } : await mods.gradeOneRunningCode(nb, f, (job) => runner.run(job)));
  } finally {
    await runner.close();
  }
  return outcomes;
}

/**
 * The notebook as the course defines it: its functions.js exports callable by keys, its course.yml
 * salt under the notebook's own. Each thread does this for itself (modules are per thread).
 */
async function courseNotebook(mods, notebookFile, notebookText, course, graderTests) {
  if (course?.functionsPath) mods.registerKeyFunctions(mods.courseKeyFunctions(await import(pathToFileURL(course.functionsPath).href)));
  const parsed = mods.parseNotebook(notebookText, notebookFile);
  const nb = course?.courseYml ? mods.withCourseDefaults(parsed, mods.parseCourseConfig(course.courseYml)) : parsed;
  return graderTests ? mods.withGraderTests(nb, mods.parseGraderTests(graderTests.text, graderTests.name, nb)) : nb;
}

const isScript = isMainThread && !!process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);

if (!isMainThread && workerData?.gradbookGrade) {
  const { notebookText, notebookFile, paths, entry, sandbox, course, graderTests } = workerData;
  const mods = await import(pathToFileURL(entry).href);
  const nb = await courseNotebook(mods, notebookFile, notebookText, course, graderTests);
  parentPort.postMessage(await gradeChunk(mods, nb, paths, sandbox));
} else if (isScript) {
  await main();
}

function usage(msg) {
  if (msg) process.stderr.write(`grade: ${msg}\n`);
  process.stderr.write(
    'usage: node scripts/grade.mjs --notebook notebooks/<file>.md [--workers N] [--out grades.csv]\n' +
      '         [--format wide|long|canvas|moodle] [--stats] [--feedback <dir>] [--decisions <file>] [--compare <old notebook.md>]\n' +
      '         [--grader-tests grader/<notebook-id>.json] [--assignment "<LMS name, e.g. HW 1 (4757)>"]\n' +
      '         submissions/*.json\n',
  );
  process.exit(2);
}

async function main() {
  const args = process.argv.slice(2);
  let notebookFile;
  let out;
  let workers;
  // Reports beyond the per-student CSV (src/grading/courseReports.ts).
  const report = {};
  const paths = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--notebook') notebookFile = args[++i];
    else if (a === '--out') out = args[++i];
    else if (a === '--workers') workers = Number(args[++i]);
    else if (a === '--format') report.format = args[++i];
    else if (a === '--stats') report.stats = true;
    else if (a === '--feedback') report.feedbackDir = args[++i];
    else if (a === '--decisions') report.decisionsFile = args[++i];
    else if (a === '--compare') report.compareFile = args[++i];
    else if (a === '--grader-tests') report.graderTestsFile = args[++i];
    else if (a === '--assignment') report.assignment = args[++i];
    else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else paths.push(a);
  }
  if (!notebookFile) usage('--notebook is required');
  if (paths.length === 0) usage('give at least one submission file');
  let notebookText;
  try {
    notebookText = await readFile(notebookFile, 'utf8');
  } catch (e) {
    usage(`cannot read the notebook ${notebookFile} (${e.code ?? e.message})`);
  }
  const problem = await readReportFiles(report);
  if (problem) usage(problem);
  const grader = await openGrader();
  try {
    const csv = await gradeNotebook(grader, { notebookFile, notebookText, paths, workers, report, graderTests: report.graderTests });
    if (csv === null) process.exitCode = 2;
    else if (out) await writeFile(out, csv);
    else process.stdout.write(csv);
  } finally {
    await grader.close();
  }
}

/**
 * Checks `report.format` and reads the files `report` names (`decisionsFile`, `compareFile`) into
 * it; returns what is wrong in one line, or null. Shared by this script and `gradbook grade`.
 */
export async function readReportFiles(report) {
  if (report.format && !['wide', 'long', 'canvas', 'moodle'].includes(report.format)) return `--format must be wide, long, canvas or moodle (got "${report.format}")`;
  if (report.assignment !== undefined && !['canvas', 'moodle'].includes(report.format)) return '--assignment names the assignment in Canvas or Moodle: use it with --format canvas or moodle';
  const read = async (file, what) => {
    try {
      return { name: file, text: await readFile(file, 'utf8') };
    } catch (e) {
      throw new Error(`cannot read ${what} ${file} (${e.code ?? e.message})`);
    }
  };
  try {
    if (report.decisionsFile) report.decisions = await read(report.decisionsFile, 'the decisions file');
    if (report.compareFile) report.compare = await read(report.compareFile, 'the notebook to compare with,');
    if (report.graderTestsFile) report.graderTests = await read(report.graderTestsFile, 'the grader tests');
  } catch (e) {
    return e.message;
  }
  return null;
}

/** The grading code bundled once; grade any number of notebooks with it, then close it. */
export async function openGrader() {
  const bundle = await buildBundle();
  const mods = await import(pathToFileURL(bundle.entry).href);
  return { bundle, mods, close: () => rm(bundle.outDir, { recursive: true, force: true }) };
}

/**
 * Grades `paths` against one notebook and returns the CSV (null when the notebook does not parse);
 * `note`/`skipped` lines go to stderr. `course` ({ functionsPath, courseYml }, both optional) is the
 * course folder the notebook belongs to. `report` asks for more than the per-student CSV
 * (src/grading/courseReports.ts): another `format`, `stats`, `feedbackDir`, `decisions`, `compare`.
 * `graderTests` ({ name, text }) adds grader-only checks to code cells (src/grading/graderTests.ts).
 */
export async function gradeNotebook({ bundle, mods }, { notebookFile, notebookText, paths, workers, course, report = {}, graderTests }) {
  let nb;
  try {
    nb = await courseNotebook(mods, notebookFile, notebookText, course, graderTests);
  } catch (e) {
    process.stderr.write(`grade: ${e.message}\n`);
    return null;
  }
  const hasCode = mods.codeCells(nb).length > 0;
  let sandbox = null;
  if (hasCode) {
    const isolation = detectIsolation();
    for (const n of isolation.notes) process.stderr.write(`note: ${n}\n`);
    sandbox = { bundle: await buildSandbox(root, bundle.outDir), isolation };
  }
  // A second thread pays for itself only on a large class (it loads its own copy of the modules),
  // or when code cells are run again (seconds a file).
  const n = Math.max(1, Math.min(workers ?? (paths.length >= 1000 || hasCode ? 2 : 1), availableParallelism(), paths.length));
  const size = Math.ceil(paths.length / n);
  const chunks = Array.from({ length: n }, (_, i) => paths.slice(i * size, (i + 1) * size));
  // The main thread grades the first chunk itself; the other chunks go to worker threads.
  const others = chunks.slice(1).map(
    (chunk) =>
      new Promise((res, rej) => {
        const w = new Worker(fileURLToPath(import.meta.url), { workerData: { gradbookGrade: true, notebookText, notebookFile, paths: chunk, entry: bundle.entry, sandbox, course, graderTests } });
        w.once('message', res);
        w.once('error', rej);
        w.once('exit', (code) => code !== 0 && rej(new Error(`a grading thread stopped with code ${code}`)));
      }),
  );
  const mine = await gradeChunk(mods, nb, chunks[0], sandbox);
  const outcomes = [mine, ...(await Promise.all(others))].flat();
  const run = mods.collectOutcomes(outcomes);
  for (const e of run.errors) process.stderr.write(`skipped ${e.message}\n`);
  for (const g of run.graded) {
    for (const f of g.flags) process.stderr.write(`note ${g.file}: ${f}\n`);
    // Code that could not be checked (a syntax error, an exception, a run past its time limit).
    for (const p of g.parts) if (p.codeError) process.stderr.write(`note ${g.file}: part ${p.partId}: ${p.message}\n`);
  }
  let reports;
  try {
    const files = report.stats || report.compare ? (await readInputs(paths)).filter((f) => !f.error) : [];
    reports = mods.courseReports(nb, run.graded, { format: report.format, decisions: report.decisions, stats: report.stats, feedback: !!report.feedbackDir, files, compare: report.compare, assignment: report.assignment });
  } catch (e) {
    process.stderr.write(`grade: ${e.message}\n`);
    return null;
  }
  for (const n of reports.notes) process.stderr.write(`${n}\n`);
  if (reports.changes) process.stderr.write(`compared with ${report.compareFile}: ${reports.changes.length} ${reports.changes.length === 1 ? 'student' : 'students'} change\n${reports.changes.map((c) => `${c}\n`).join('')}`);
  if (reports.stats) process.stderr.write(reports.stats);
  if (reports.feedback) {
    await mkdir(report.feedbackDir, { recursive: true });
    for (const f of reports.feedback) await writeFile(join(report.feedbackDir, f.name), f.html);
    process.stderr.write(`wrote ${reports.feedback.length} feedback pages to ${report.feedbackDir}\n`);
  }
  process.stderr.write(`graded ${run.graded.length} of ${paths.length} files (${run.errors.length} skipped)\n`);
  return reports.csv;
}
