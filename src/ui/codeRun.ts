/**
 * Runs a code cell's checks on a student's code, in a sandbox that cannot reach the page. Used by
 * the student's page and by grader mode alike.
 *
 * The code runs in a Web Worker started inside an iframe with `sandbox="allow-scripts"` (no
 * allow-same-origin): the frame and its worker have an opaque origin, so IndexedDB, localStorage
 * and the caches of the app's origin do not exist for them, and the frame's Content-Security-Policy
 * (which a worker from a blob: URL inherits) refuses every request: fetch, XHR, sendBeacon,
 * EventSource, WebSocket, importScripts and workers from any URL. The frame is created from
 * `srcdoc`, so it loads nothing from the server either, and inherits the page's COEP, so it also
 * starts in a cross-origin isolated page. Only the runner's answer on this run's own message port,
 * carrying this run's nonce and of the right shape, counts. A fresh frame per run: one run's code
 * leaves nothing behind for the next, and removing the frame stops a run past its time limit.
 */
import { timeoutOutcome, type CodeRunOutcome, type CodeRunRequest } from '../grading/codeGrading';
import { parseCodeRunResponse } from '../grading/codeRunResponse';

export type { CodeRunOutcome } from '../grading/codeGrading';

/** Scripts only inline (the bootstrap), blob: (the worker) and eval (new Function for the student's code); nothing else. */
export const SANDBOX_CSP =
  "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval' blob:; worker-src blob:; connect-src 'none'; img-src 'none'; style-src 'none'; font-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; form-action 'none'; base-uri 'none'";

/**
 * The frame's only script: start the runner from the text the page sends, relay what the worker
 * says to the page's port (the page decides what counts), and say so when the worker fails.
 */
const BOOTSTRAP = `
onmessage = (e) => {
  if (e.source !== parent || !e.ports[0]) return;
  onmessage = null;
  const port = e.ports[0];
  const { source, request, nonce } = e.data;
  let worker;
  try {
    worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
  } catch (err) {
    port.postMessage({ nonce, failed: String(err && err.message || err) });
    return;
  }
  worker.onmessage = (m) => port.postMessage(m.data);
  worker.onerror = (ev) => { ev.preventDefault(); port.postMessage({ nonce, failed: ev.message || 'the worker stopped' }); };
  worker.postMessage({ request, nonce });
};`;

const SRCDOC = `<!doctype html><meta http-equiv="Content-Security-Policy" content="${SANDBOX_CSP}"><script>${BOOTSTRAP}</script>`;

function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// The runner's text (~100 KB gzipped) is fetched the first time code runs, not with the page.
let runnerSource: Promise<string> | null = null;
const loadRunner = () => (runnerSource ??= import('virtual:gradbook-code-runner').then((m) => m.default));

export async function runCodeInWorker(request: CodeRunRequest, timeLimitS: number): Promise<CodeRunOutcome> {
  let source: string;
  try {
    source = await loadRunner();
  } catch (e) {
    runnerSource = null;
    return { ok: false, kind: 'setup', error: `the code runner could not be loaded (${String(e).slice(0, 200)})`, line: null };
  }
  return new Promise((resolve) => {
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-scripts');
    frame.setAttribute('allow', '');
    frame.setAttribute('referrerpolicy', 'no-referrer');
    frame.setAttribute('aria-hidden', 'true');
    frame.setAttribute('data-code-sandbox', '');
    frame.hidden = true;
    frame.srcdoc = SRCDOC;
    const nonce = newNonce();
    const channel = new MessageChannel();
    let settled = false;
    const finish = (outcome: CodeRunOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      channel.port1.close();
      frame.remove();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish(timeoutOutcome(timeLimitS)), timeLimitS * 1000);
    channel.port1.onmessage = (e: MessageEvent<unknown>) => {
      const data = e.data as { nonce?: unknown; failed?: unknown } | null;
      if (typeof data !== 'object' || data === null || data.nonce !== nonce) return;
      if ('failed' in data) {
        finish({ ok: false, kind: 'setup', error: `the code runner failed: ${String(data.failed).slice(0, 500)}`, line: null });
        return;
      }
      const { nonce: _n, ...response } = data;
      finish(parseCodeRunResponse(response));
    };
    frame.addEventListener(
      'load',
      () => frame.contentWindow?.postMessage({ source, request, nonce }, '*', [channel.port2]),
      { once: true },
    );
    document.body.append(frame);
  });
}
