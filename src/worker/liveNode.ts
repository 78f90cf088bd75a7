/**
 * What `gradbook check` runs live cells with, in a Node worker thread (scripts/gradbook/liveThread.mjs):
 * the same run and the same scope as the page's live-cell worker.
 */
export { runLiveCell } from './liveRun';
export { liveFunctions } from './liveFunctions';
