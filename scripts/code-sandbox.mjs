// Runs students' code cells for the batch grading command, isolated and with a time limit.
//
// src/worker/codeSandboxEntry.ts (the same checks the page's Web Worker runs) is bundled into one
// plain script. Each run gets a fresh, bare vm context (no process, require or host objects; only
// JSON text crosses) inside a worker thread. The vm's own timeout stops a run past its time limit,
// even `while (true) {}`, and the thread lives on. Terminating the thread is only the last resort
// (Node 20 can abort the whole process when a thread is terminated while V8 still compiles its
// code in the background).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const GLOBAL_NAME = 'GradBookCodeRun';
const TIMED_OUT = 'timed out';
const LAST_RESORT_MS = 10_000;

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
      // The vm stops the run at the limit; this timer is for a thread that does not answer at all.
      const timer = setTimeout(() => done(timeoutOutcome(job.timeLimitS), true), job.timeLimitS * 1000 + LAST_RESORT_MS);
      w.on('message', (text) => {
        try {
          done(text === TIMED_OUT ? timeoutOutcome(job.timeLimitS) : JSON.parse(text), false);
        } catch (e) {
          done({ ok: false, kind: 'setup', error: `the code runner answered nonsense (${e.message})`, line: null }, true);
        }
      });
      w.on('error', (e) => done({ ok: false, kind: 'runtime', error: `the code runner stopped: ${e.message}`, line: null }, true));
      w.on('exit', (code) => done({ ok: false, kind: 'runtime', error: `the code runner stopped (exit code ${code})`, line: null }, true));
      w.postMessage({ request: JSON.stringify({ task: job.task, code: job.code, seed: job.seed }), timeoutMs: Math.round(job.timeLimitS * 1000) });
    });
  return {
    run(job) {
      const p = queue.then(() => once(job));
      queue = p;
      return p;
    },
    /** Lets the thread end on its own (not `terminate()`, for the reason at the top). */
    async close() {
      await queue;
      const w = worker;
      worker = null;
      if (!w) return;
      const exited = new Promise((resolve) => w.once('exit', resolve));
      // Held until it has gone (an unreferenced thread would let the process end waiting for it).
      w.ref();
      w.postMessage(null);
      await exited;
    },
  };
}

if (!isMainThread && workerData?.gradbookCodeSandbox) {
  const script = new vm.Script(readFileSync(workerData.gradbookCodeSandbox, 'utf8'), { filename: 'code-sandbox.js' });
  parentPort.on('message', (message) => {
    if (message === null) return parentPort.close();
    const { request: requestJson, timeoutMs } = message;
    // A fresh context per run: one student's code cannot leave anything behind for the next.
    // DONT_CONTEXTIFY gives it an ordinary global object: a contextified one intercepts every
    // global lookup (Math.max in a student's loop), which made checks run 30 times slower.
    const context = vm.createContext(vm.constants?.DONT_CONTEXTIFY ?? {}, { codeGeneration: { strings: true, wasm: false }, microtaskMode: 'afterEvaluate' });
    context.request = requestJson;
    // What the page's worker offers that students use: console (their log calls print nothing
    // here) and performance.now() for timing; made inside the context, so no host object leaks in.
    vm.runInContext('globalThis.console = { log() {}, info() {}, warn() {}, error() {}, debug() {}, table() {} }; globalThis.performance = { now: () => Date.now() };', context);
    script.runInContext(context);
    let answer;
    try {
      answer = vm.runInContext(`${GLOBAL_NAME}.run(request)`, context, { timeout: timeoutMs });
    } catch (e) {
      // The vm's timeout (ERR_SCRIPT_EXECUTION_TIMEOUT); anything else escaped the checks' own handling.
      answer = e?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT' ? TIMED_OUT : JSON.stringify({ ok: false, kind: 'runtime', error: String(e?.message ?? e), line: null });
    }
    parentPort.postMessage(answer);
  });
}
