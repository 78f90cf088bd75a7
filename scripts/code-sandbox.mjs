// Runs students' code cells for the batch grading command, isolated and with a time limit.
//
// src/worker/codeSandboxEntry.ts (the same checks the page's Web Worker runs) is bundled into one
// plain script. Each run gets a fresh, bare vm context (no process, require or host objects; only
// JSON text crosses) inside a worker thread; a run past its time limit ends by terminating the
// thread, which stops even `while (true) {}`, and the next run starts a new thread.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const GLOBAL_NAME = 'GradBookCodeRun';

/** Bundles the code runner as a self-contained script; returns its path. */
export async function buildSandbox(root, outDir) {
  const { build } = await import('vite');
  await build({
    root,
    configFile: false,
    logLevel: 'error',
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: false,
      minify: false,
      copyPublicDir: false,
      lib: { entry: join(root, 'src/worker/codeSandboxEntry.ts'), formats: ['iife'], name: GLOBAL_NAME, fileName: () => 'code-sandbox.js' },
    },
  });
  return join(outDir, 'code-sandbox.js');
}

/**
 * A runner: `run(job)` resolves with the outcome the page's worker would give, or
 * `timeoutOutcome(job.timeLimitS)` when the run takes longer. One run at a time per runner.
 */
export function createSandboxRunner(bundlePath, timeoutOutcome) {
  let worker = null;
  let queue = Promise.resolve();
  const fresh = () => {
    const w = new Worker(fileURLToPath(import.meta.url), {
      workerData: { gradbookCodeSandbox: bundlePath },
      // A student's runaway allocation ends this thread, not the grading.
      resourceLimits: { maxOldGenerationSizeMb: 1024 },
      stdout: true,
      stderr: true,
    });
    w.unref();
    return w;
  };
  const once = (job) =>
    new Promise((resolve) => {
      worker ??= fresh();
      const w = worker;
      const done = (outcome, kill) => {
        clearTimeout(timer);
        w.removeAllListeners('message').removeAllListeners('error').removeAllListeners('exit');
        if (kill) {
          worker = null;
          void w.terminate();
        }
        resolve(outcome);
      };
      const timer = setTimeout(() => done(timeoutOutcome(job.timeLimitS), true), job.timeLimitS * 1000);
      w.on('message', (text) => {
        try {
          done(JSON.parse(text), false);
        } catch (e) {
          done({ ok: false, kind: 'setup', error: `the code runner answered nonsense (${e.message})`, line: null }, true);
        }
      });
      w.on('error', (e) => done({ ok: false, kind: 'runtime', error: `the code runner stopped: ${e.message}`, line: null }, true));
      w.on('exit', (code) => done({ ok: false, kind: 'runtime', error: `the code runner stopped (exit code ${code})`, line: null }, true));
      w.postMessage(JSON.stringify({ task: job.task, code: job.code, seed: job.seed }));
    });
  return {
    run(job) {
      const p = queue.then(() => once(job));
      queue = p;
      return p;
    },
    async close() {
      await queue;
      if (worker) await worker.terminate();
      worker = null;
    },
  };
}

if (!isMainThread && workerData?.gradbookCodeSandbox) {
  const script = new vm.Script(readFileSync(workerData.gradbookCodeSandbox, 'utf8'), { filename: 'code-sandbox.js' });
  parentPort.on('message', (requestJson) => {
    // A fresh context per run: one student's code cannot leave anything behind for the next.
    // DONT_CONTEXTIFY gives it an ordinary global object: a contextified one intercepts every
    // global lookup (Math.max in a student's loop), which made checks run 30 times slower.
    const context = vm.createContext(vm.constants?.DONT_CONTEXTIFY ?? {}, { codeGeneration: { strings: true, wasm: false }, microtaskMode: 'afterEvaluate' });
    context.request = requestJson;
    // The page's worker has a console; students leave console.log calls in (they print nothing here).
    vm.runInContext('globalThis.console = { log() {}, info() {}, warn() {}, error() {}, debug() {}, table() {} };', context);
    script.runInContext(context);
    parentPort.postMessage(vm.runInContext(`${GLOBAL_NAME}.run(request)`, context));
  });
}
