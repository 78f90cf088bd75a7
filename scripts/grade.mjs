#!/usr/bin/env node
// Batch grading: node scripts/grade.mjs --notebook notebooks/<file>.md submissions/*.json [--workers N] [--out grades.csv]
// Prints the CSV (one row per student, one column per part, then the total) on stdout, using the
// same src/grading code as grader mode, bundled for Node by Vite's SSR build. Every bad file is
// reported on stderr and skipped; the exit status is 0 when at least the notebook could be read.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { rm } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { availableParallelism } from 'node:os';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The project's TypeScript (src/grading/batch.ts and what it imports) bundled once per run by
 * Vite's SSR build, so each worker thread only imports one plain ES module. The bundle sits under
 * node_modules/.cache so its imports of npm packages resolve to the project's node_modules.
 */
async function buildBundle() {
  const { build } = await import('vite');
  const outDir = join(root, 'node_modules', '.cache', 'gradbook-grade', `${process.pid}-${Date.now()}`);
  await build({
    root,
    configFile: false,
    logLevel: 'error',
    build: { ssr: join(root, 'src/grading/batch.ts'), outDir, emptyOutDir: true, minify: false, rollupOptions: { output: { entryFileNames: 'batch.mjs' } } },
  });
  return { outDir, entry: join(outDir, 'batch.mjs') };
}

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

async function gradeChunk(mods, nb, paths) {
  const inputs = await readInputs(paths);
  return inputs.map((f) => (f.error ? { file: f.name, error: f.error } : mods.gradeOne(nb, f)));
}

if (!isMainThread) {
  const { notebookText, notebookFile, paths, entry } = workerData;
  const mods = await import(pathToFileURL(entry).href);
  const nb = mods.parseNotebook(notebookText, notebookFile);
  parentPort.postMessage(await gradeChunk(mods, nb, paths));
} else {
  await main();
}

function usage(msg) {
  if (msg) process.stderr.write(`grade: ${msg}\n`);
  process.stderr.write('usage: node scripts/grade.mjs --notebook notebooks/<file>.md [--workers N] [--out grades.csv] submissions/*.json\n');
  process.exit(2);
}

async function main() {
  const args = process.argv.slice(2);
  let notebookFile;
  let out;
  let workers;
  const paths = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--notebook') notebookFile = args[++i];
    else if (a === '--out') out = args[++i];
    else if (a === '--workers') workers = Number(args[++i]);
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
  const bundle = await buildBundle();
  try {
    await gradeAll(bundle, notebookFile, notebookText, paths, workers, out);
  } finally {
    await rm(bundle.outDir, { recursive: true, force: true });
  }
}

async function gradeAll(bundle, notebookFile, notebookText, paths, workers, out) {
  // A second thread pays for itself only on a large class: it loads its own copy of the modules.
  const n = Math.max(1, Math.min(workers ?? (paths.length >= 1000 ? 2 : 1), availableParallelism(), paths.length));
  const size = Math.ceil(paths.length / n);
  const chunks = Array.from({ length: n }, (_, i) => paths.slice(i * size, (i + 1) * size));
  // The main thread grades the first chunk itself; the other chunks go to worker threads, started
  // first so that their module loading overlaps the main thread's.
  const others = chunks.slice(1).map(
    (chunk) =>
      new Promise((res, rej) => {
        const w = new Worker(fileURLToPath(import.meta.url), { workerData: { notebookText, notebookFile, paths: chunk, entry: bundle.entry } });
        w.once('message', res);
        w.once('error', rej);
        w.once('exit', (code) => code !== 0 && rej(new Error(`a grading thread stopped with code ${code}`)));
      }),
  );
  const mods = await import(pathToFileURL(bundle.entry).href);
  let nb;
  try {
    nb = mods.parseNotebook(notebookText, notebookFile);
  } catch (e) {
    process.stderr.write(`grade: ${e.message}\n`);
    process.exitCode = 2;
    // The workers fail on the same notebook; their errors are not worth a second message.
    await Promise.allSettled(others);
    return;
  }
  const mine = await gradeChunk(mods, nb, chunks[0]);
  const outcomes = [mine, ...(await Promise.all(others))].flat();
  const run = mods.collectOutcomes(outcomes);
  for (const e of run.errors) process.stderr.write(`skipped ${e.message}\n`);
  for (const g of run.graded) for (const f of g.flags) process.stderr.write(`note ${g.file}: ${f}\n`);
  const csv = mods.gradesCsv(nb, run.graded);
  if (out) await writeFile(out, csv);
  else process.stdout.write(csv);
  process.stderr.write(`graded ${run.graded.length} of ${paths.length} files (${run.errors.length} skipped)\n`);
}
