// A worker thread that runs live cells for `gradbook check` (see liveCheck.mjs for the other side).
// It says on the shared flag when a run starts and when it is done, so the main thread can wait for
// it synchronously and terminate it at the cell's time limit.
import { workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { FLAG } from './liveFlags.mjs';

const { entry, functionsPath, flag, port } = workerData;

const signal = (state) => {
  Atomics.store(flag, 0, state);
  Atomics.notify(flag, 0);
};

try {
  const { runLiveCell, liveFunctions } = await import(pathToFileURL(entry).href);
  let course = {};
  // A functions.js that cannot be loaded is reported by check itself; cells then run without it.
  if (functionsPath) course = await import(pathToFileURL(functionsPath).href).catch(() => ({}));
  const functions = liveFunctions({ ...course });
  port.on('message', (request) => {
    signal(FLAG.running);
    const result = runLiveCell(request, functions);
    port.postMessage(result.error ?? null);
    signal(FLAG.done);
  });
} catch (e) {
  port.postMessage({ message: `live cells cannot be run: ${String(e?.message ?? e).split('\n')[0]}`, line: null });
  signal(FLAG.failed);
}
