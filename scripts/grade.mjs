#!/usr/bin/env node
// Batch grading: node scripts/grade.mjs --notebook notebooks/<file>.md submissions/*.json [--workers N] [--out grades.csv]
// Prints the CSV (one row per student, one column per part, then the total) on stdout, using the
// same src/grading code as grader mode, loaded through Vite's SSR loader. Every bad file is
// reported on stderr and skipped; the exit status is 0 when at least the notebook could be read.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { availableParallelism } from 'node:os';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The project's TypeScript modules, through Vite's SSR transform (no separate build step). */
async function loadModules() {
  const { createServer } = await import('vite');
  const server = await createServer({
    root,
    configFile: false,
    logLevel: 'error',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  const regrade = await server.ssrLoadModule('/src/grading/regrade.ts');
  const parse = await server.ssrLoadModule('/src/notebook/parse.ts');
  return { regrade, parse, close: () => server.close() };
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
  return inputs.map((f) => (f.error ? { file: f.name, error: f.error } : mods.regrade.gradeOne(nb, f)));
}

if (!isMainThread) {
  const { notebookText, notebookFile, paths } = workerData;
  const mods = await loadModules();
  const nb = mods.parse.parseNotebook(notebookText, notebookFile);
  const outcomes = await gradeChunk(mods, nb, paths);
  parentPort.postMessage(outcomes);
  await mods.close();
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
  const mods = await loadModules();
  let nb;
  try {
    nb = mods.parse.parseNotebook(notebookText, notebookFile);
  } catch (e) {
    process.stderr.write(`grade: ${e.message}\n`);
    await mods.close();
    process.exit(2);
  }
  // Two threads pay for themselves only on a large class: each starts its own module loader.
  const n = Math.max(1, Math.min(workers ?? (paths.length >= 200 ? 2 : 1), availableParallelism(), paths.length));
  let outcomes;
  if (n === 1) {
    outcomes = await gradeChunk(mods, nb, paths);
  } else {
    const size = Math.ceil(paths.length / n);
    const chunks = Array.from({ length: n }, (_, i) => paths.slice(i * size, (i + 1) * size));
    const results = await Promise.all(
      chunks.map(
        (chunk) =>
          new Promise((res, rej) => {
            const w = new Worker(fileURLToPath(import.meta.url), { workerData: { notebookText, notebookFile, paths: chunk } });
            w.once('message', res);
            w.once('error', rej);
            w.once('exit', (code) => code !== 0 && rej(new Error(`a grading thread stopped with code ${code}`)));
          }),
      ),
    );
    outcomes = results.flat();
  }
  const run = mods.regrade.collectOutcomes(outcomes);
  for (const e of run.errors) process.stderr.write(`skipped ${e.message}\n`);
  for (const g of run.graded) for (const f of g.flags) process.stderr.write(`note ${g.file}: ${f}\n`);
  const csv = mods.regrade.gradesCsv(nb, run.graded);
  if (out) await writeFile(out, csv);
  else process.stdout.write(csv);
  process.stderr.write(`graded ${run.graded.length} of ${paths.length} files (${run.errors.length} skipped)\n`);
  await mods.close();
}
