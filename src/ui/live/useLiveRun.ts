/**
 * Runs a live cell in its own Web Worker whenever its request changes. At most one run is in
 * flight; while it runs only the newest request waits (dragging a slider does not queue a run per
 * pixel). A run past the time limit (counted from when the worker starts it, so a busy machine
 * loading a fresh worker does not count) terminates the worker, so an endless loop costs only that
 * cell; the next request starts a fresh worker.
 */
import { useEffect, useRef, useState } from 'react';
import type { LiveControl, LiveRunRequest, LiveRunResult, LiveWorkerMessage } from '../../worker/liveProtocol';

/**
 * A run that gave no answer. The last run's controls stay, so the reader can move back the one
 * that made the code loop; so do the answers it read, else a changed list would start the same
 * endless run again.
 */
function failedRun(last: Pick<LiveRunResult, 'controls' | 'answersRead'>, message: string): LiveRunResult {
  const outputs = last.controls.map((c) => ({ kind: 'control' as const, name: c.name }));
  return { ok: false, outputs, controls: last.controls, answersRead: last.answersRead, error: { message, line: null } };
}

/** `enabled` false: nothing runs yet (the cell is far off screen); the first run waits for it. */
export function useLiveRun(request: LiveRunRequest, key: string, timeLimitS: number, enabled = true): { result: LiveRunResult | null; running: boolean } {
  const [result, setResult] = useState<LiveRunResult | null>(null);
  const [running, setRunning] = useState(false);
  const latest = useRef(request);
  latest.current = request;
  const live = useRef({ worker: null as Worker | null, timer: 0 as ReturnType<typeof setTimeout> | 0, busy: false, pending: false, runId: 0, last: { controls: [] as LiveControl[], answersRead: '*' as LiveRunResult['answersRead'] } });

  const start = () => {
    const s = live.current;
    s.busy = true;
    s.pending = false;
    setRunning(true);
    const worker = (s.worker ??= new Worker(new URL('../../worker/liveCell.worker.ts', import.meta.url), { type: 'module' }));
    const runId = ++s.runId;
    const done = (r: LiveRunResult) => {
      clearTimeout(s.timer);
      s.busy = false;
      if (r.ok || r.controls.length) s.last = { controls: r.controls, answersRead: r.answersRead };
      setResult(r);
      if (s.pending) start();
      else setRunning(false);
    };
    worker.onmessage = (e: MessageEvent<LiveWorkerMessage>) => {
      if (e.data?.runId !== runId) return;
      if (e.data.started) {
        s.timer = setTimeout(() => {
          worker.terminate();
          s.worker = null;
          done(failedRun(s.last, `stopped: the code took longer than ${timeLimitS} s (an endless loop?)`));
        }, timeLimitS * 1000);
        return;
      }
      const { runId: _id, started: _s, ...r } = e.data;
      done(r);
    };
    worker.onerror = (e: ErrorEvent) => {
      worker.terminate();
      s.worker = null;
      done(failedRun(s.last, `the live cell's worker failed: ${e.message || 'unknown error'}`));
    };
    worker.postMessage({ ...latest.current, runId });
  };

  useEffect(() => {
    if (!enabled) return;
    if (live.current.busy) live.current.pending = true;
    else start();
    // `key` says when the request changed in a way that matters (see LiveCell).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, enabled]);

  useEffect(() => {
    const s = live.current;
    return () => {
      clearTimeout(s.timer);
      s.worker?.terminate();
      s.worker = null;
      s.busy = false;
    };
  }, []);

  return { result, running };
}
