/**
 * Web Worker entry for code cells: runs one request (codeRunCore.ts) and posts back the report.
 * The page terminates this worker when it runs past its time limit.
 */
import type { CodeRunRequest } from '../grading/codeGrading';
import { handleCodeRun } from './codeRunCore';

export type { CodeRunRequest, CodeRunResponse } from '../grading/codeGrading';

// Taken before the student's code runs, so that code can neither replace nor wrap it.
const post = self.postMessage.bind(self);

/**
 * The answer carries the request's nonce, which the student's code never sees: a message the
 * student's code posts itself (a forged "all checks pass") is ignored by the page.
 */
self.onmessage = (event: MessageEvent<CodeRunRequest & { nonce?: string }>) => {
  const { nonce, ...request } = event.data;
  const response = handleCodeRun(request, { lockdown: true });
  post({ ...response, nonce });
};
