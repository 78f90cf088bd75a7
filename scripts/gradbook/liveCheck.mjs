// `gradbook check` runs each live cell once, at the default variant, in a worker thread that is
// terminated at the cell's time limit: the only way to stop an endless loop for real (a vm timeout
// leaves async work and the thread's own loops alone). The lint is synchronous, so the main thread
// waits on a shared flag (Atomics.wait) and reads the answer with receiveMessageOnPort.
import { rm } from 'node:fs/promises';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { bundleForNode } from '../source-loader.mjs';
import { FLAG } from './liveFlags.mjs';

/** How long a fresh thread may take to load the engine and functions.js before its first run. */
const LOAD_LIMIT_MS = 60_000;

/** Waits while the flag still holds `state`; false when `ms` passed first. */
function waitWhile(flag, state, ms) {
  const end = Date.now() + ms;
  while (Atomics.load(flag, 0) === state) {
    const left = end - Date.now();
    if (left <= 0) return false;
    Atomics.wait(flag, 0, state, left);
  }
  return true;
}

/**
 * Bundles the live-cell engine once and returns `run(cell, params)` for the lint
 * (src/grading/lint.ts, LiveCellRunner) and `close()`. One thread serves every cell until one
 * runs past its limit; the next cell gets a fresh one.
 */
export async function openLiveChecker({ functionsPath = null } = {}) {
  const bundle = await bundleForNode('src/worker/liveNode.ts', 'gradbook-live');
  let thread = null;

  const start = () => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(new URL('./liveThread.mjs', import.meta.url), {
      workerData: { entry: bundle.entry, functionsPath, flag, port: port2 },
      transferList: [port2],
      stdout: true, // a cell's console.log is not check's output
      stderr: true,
    });
    worker.unref();
    return { worker, flag, port: port1 };
  };
  const stop = () => {
    if (!thread) return;
    void thread.worker.terminate();
    thread.port.close();
    thread = null;
  };

  /** Null when the cell ran to its end; else what went wrong (`line` in the cell's code). */
  function run(cell, params) {
    thread ??= start();
    const { flag, port } = thread;
    if (Atomics.load(flag, 0) !== FLAG.failed) {
      if (Atomics.load(flag, 0) === FLAG.done) Atomics.store(flag, 0, FLAG.waiting);
      port.postMessage({ code: cell.code, params, answers: {}, controls: {} });
      if (!waitWhile(flag, FLAG.waiting, LOAD_LIMIT_MS)) {
        stop();
        return { kind: 'error', message: `the live-cell thread did not start within ${LOAD_LIMIT_MS / 1000} s`, line: null };
      }
    }
    if (Atomics.load(flag, 0) === FLAG.failed) {
      const failure = receiveMessageOnPort(port)?.message;
      stop();
      return { kind: 'error', message: failure?.message ?? 'live cells cannot be run', line: null };
    }
    if (!waitWhile(flag, FLAG.running, cell.timeLimit * 1000)) {
      stop();
      return { kind: 'timeout' };
    }
    const error = receiveMessageOnPort(port)?.message;
    return error ? { kind: 'error', message: error.message, line: error.line } : null;
  }

  return {
    run,
    close: async () => {
      stop();
      await rm(bundle.outDir, { recursive: true, force: true });
    },
  };
}
