/**
 * The code-cell worker: runs one request (codeRunCore.ts) and posts back the report. Bundled into a
 * classic script (virtual:gradbook-code-runner) and started by the sandbox frame (src/ui/codeRun.ts)
 * from a blob: URL, so it has the frame's opaque origin and Content-Security-Policy: no network, no
 * storage. The page removes the frame (and with it this worker) when it runs past its time limit.
 */
import type { CodeRunRequest } from '../grading/codeGrading';
import { handleCodeRun } from './codeRunCore';

export type { CodeRunRequest, CodeRunResponse } from '../grading/codeGrading';

// Taken before the student's code runs, so that code can neither replace nor wrap it.
const post = self.postMessage.bind(self);

/**
 * The reply channel is taken away from the student's code: the worker's postMessage is deleted
 * wherever it is defined (the global or its prototypes), so the code cannot post a forged "all
 * checks pass". The answer also carries the request's nonce, which the student's code never sees;
 * the page ignores anything else.
 */
for (let o: object | null = self; o; o = Object.getPrototypeOf(o)) {
  if (Object.prototype.hasOwnProperty.call(o, 'postMessage')) delete (o as { postMessage?: unknown }).postMessage;
}

self.onmessage = (event: MessageEvent<{ request: CodeRunRequest; nonce: string }>) => {
  self.onmessage = null;
  const { request, nonce } = event.data;
  const response = handleCodeRun(request, { lockdown: true });
  post({ ...response, nonce });
};
