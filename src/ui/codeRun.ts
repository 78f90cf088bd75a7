/**
 * Runs a code cell's checks in a fresh Web Worker with a time limit. A worker per run: a student's
 * infinite loop can only be stopped by terminating the worker that runs it.
 */
import type { CodeRunRequest, CodeRunResponse } from '../worker/codeRunner';

export type CodeRunOutcome = CodeRunResponse | { ok: false; kind: 'timeout'; error: string; line: null };

export function runCodeInWorker(request: CodeRunRequest, timeLimitS: number): Promise<CodeRunOutcome> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('../worker/codeRunner.ts', import.meta.url), { type: 'module' });
    const timer = setTimeout(() => {
      worker.terminate();
      resolve({ ok: false, kind: 'timeout', error: `stopped: took longer than ${timeLimitS} s (infinite loop?)`, line: null });
    }, timeLimitS * 1000);
    worker.onmessage = (e: MessageEvent<CodeRunResponse>) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(e.data);
    };
    worker.onerror = (e: ErrorEvent) => {
      clearTimeout(timer);
      worker.terminate();
      resolve({ ok: false, kind: 'setup', error: `the code runner failed: ${e.message || 'unknown error'}`, line: null });
    };
    worker.postMessage(request);
  });
}
