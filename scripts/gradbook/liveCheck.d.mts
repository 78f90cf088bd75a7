import type { LiveCellRunner } from '../../src/grading/lint';

export interface LiveChecker {
  /** Runs one live cell at these params; null when it ran to its end. */
  run: LiveCellRunner;
  /** Stops the thread and removes the bundle. */
  close(): Promise<void>;
}

/** Bundles the live-cell engine for Node; `functionsPath` is the course's functions.js, if any. */
export function openLiveChecker(options?: { functionsPath?: string | null }): Promise<LiveChecker>;
