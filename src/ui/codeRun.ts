/**
 * Runs a code cell's checks in a fresh Web Worker with a time limit. A worker per run: a student's
 * infinite loop can only be stopped by terminating the worker that runs it, and a fresh worker
 * keeps one run's code from leaving anything behind for the next (grader mode runs many students).
 */
import { timeoutOutcome, type CodeRunOutcome, type CodeRunRequest, type CodeRunResponse } from '../grading/codeGrading';

export type { CodeRunOutcome } from '../grading/codeGrading';

export function runCodeInWorker(request: CodeRunRequest, timeLimitS: number): Promise<CodeRunOutcome> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('../worker/codeRunner.ts', import.meta.url), { type: 'module' });
    const timer = setTimeout(() => {
      worker.terminate();
      resolve(timeoutOutcome(timeLimitS));
    }, timeLimitS * 1000);
    const nonce = Math.random().toString(36).slice(2) + Date.now().toString(36);
    worker.onmessage = (e: MessageEvent<CodeRunResponse & { nonce?: string }>) => {
      // Only the runner's own answer counts; a message the student's code posted is not one.
      if (e.data?.nonce !== nonce) return;
      clearTimeout(timer);
      worker.terminate();
      const { nonce: _n, ...response } = e.data;
      resolve(response as CodeRunResponse);
    };
    worker.onerror = (e: ErrorEvent) => {
      clearTimeout(timer);
      worker.terminate();
      resolve({ ok: false, kind: 'setup', error: `the code runner failed: ${e.message || 'unknown error'}`, line: null });
    };
    worker.postMessage({ ...request, nonce });
  });
}
