/**
 * Web Worker entry for live cells: one worker per cell, reused across runs; the page terminates it
 * (and starts a fresh one) when a run passes the cell's time limit.
 */
import { functions as courseFunctions } from 'virtual:gradbook-course';
import { liveFunctions } from './liveFunctions';
import type { LiveRunRequest, LiveWorkerMessage } from './liveProtocol';
import { runLiveCell } from './liveRun';

const functions = liveFunctions(courseFunctions);
const post = self.postMessage.bind(self);

self.onmessage = (event: MessageEvent<LiveRunRequest & { runId: number }>) => {
  const { runId, ...request } = event.data;
  post({ runId, started: true } satisfies LiveWorkerMessage);
  const result = runLiveCell(request, functions);
  try {
    post({ ...result, runId } satisfies LiveWorkerMessage);
  } catch (e) {
    // A plot trace holding a function (or anything else that cannot be copied to the page).
    post({ ...result, outputs: [], ok: false, runId, error: { message: `the cell's output cannot be shown: ${(e as Error).message}`, line: null } } satisfies LiveWorkerMessage);
  }
};
