/**
 * Training runs live here, outside React, so that a run keeps going (and keeps its curves) when the
 * student switches to another notebook page and comes back: a cell only subscribes to its run.
 * Each run owns one Web Worker (src/worker/train.worker.ts), terminated when the run ends.
 */
import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { ControlMessage, TrainRequest, TrainResult, WorkerMessage } from '../../worker/trainProtocol';
import { errorMessage } from '../../core/errorMessage';
import type { WasmThreads } from '../../nn/backend';

export type RunPhase = 'idle' | 'running' | 'paused' | 'done' | 'error';
export type ProgressMessage = Extract<WorkerMessage, { type: 'progress' }>;

export interface RunState {
  phase: RunPhase;
  status: string;
  backend: string | null;
  /** wasm only: XNNPACK's threads and GradBook's own kernels' threads. */
  threads: WasmThreads | null;
  /**
   * Per step: training loss and tf.memory().numTensors. Appended in place (a run can have
   * thousands of steps; copying them on every step is quadratic); `losses` itself is a new object
   * after each step, and plots redraw on its length.
   */
  losses: { step: number[]; loss: number[]; tensors: number[] };
  /** Per epoch: held-out accuracy. */
  accs: { epoch: number[]; acc: number[] };
  /** Every `evalEvery` steps: held-out accuracy on 500 digits (and on leaked ones, with `leak`). */
  evals: { step: number[]; acc: number[]; leaked: number[] };
  progress: ProgressMessage | null;
  result: TrainResult | null;
  error: string | null;
  /** What was started (for the summary, and to show the settings again after a page switch). */
  request: RunRequest | null;
  /** The result has not been written to the notebook's answers yet (its cell was not on screen). */
  unsaved: boolean;
}

export type RunRequest = Omit<TrainRequest, 'type'>;

const IDLE: RunState = {
  phase: 'idle',
  status: '',
  backend: null,
  threads: null,
  losses: { step: [], loss: [], tensors: [] },
  accs: { epoch: [], acc: [] },
  evals: { step: [], acc: [], leaked: [] },
  progress: null,
  result: null,
  error: null,
  request: null,
  unsaved: false,
};

interface Run {
  state: RunState;
  worker: Worker | null;
  listeners: Set<() => void>;
  /** Called once when the run ends, with its final state. */
  settle: ((s: RunState) => void) | null;
  /** A pending notification of coalesced progress (see update). */
  notifyTimer: ReturnType<typeof setTimeout> | null;
}

const runs = new Map<string, Run>();

function entry(key: string): Run {
  let r = runs.get(key);
  if (!r) {
    r = { state: IDLE, worker: null, listeners: new Set(), settle: null, notifyTimer: null };
    runs.set(key, r);
  }
  return r;
}

/**
 * Progress arrives once a step (tens to hundreds a second); re-rendering the cell and redrawing its
 * loss plot for each took the page's thread as much CPU as training, on a machine with as many
 * cores as training threads. So progress is kept at once but shown at most every this many ms.
 */
const PROGRESS_NOTIFY_MS = 200;

function notify(r: Run): void {
  if (r.notifyTimer !== null) clearTimeout(r.notifyTimer);
  r.notifyTimer = null;
  for (const l of r.listeners) l();
}

/** Applies a patch to a run's state; listeners hear of it now, or with `coalesce` within PROGRESS_NOTIFY_MS. */
function update(key: string, patch: (s: RunState) => Partial<RunState>, coalesce = false): void {
  const r = entry(key);
  r.state = { ...r.state, ...patch(r.state) };
  if (!coalesce) notify(r);
  else r.notifyTimer ??= setTimeout(() => notify(r), PROGRESS_NOTIFY_MS);
}

/** Terminates the run's worker and resolves its promise with the state as it stands. */
function release(r: Run): void {
  r.worker?.terminate();
  r.worker = null;
  const settle = r.settle;
  r.settle = null;
  settle?.(r.state);
}

function finish(key: string): void {
  release(entry(key));
}

export function getRun(key: string): RunState {
  return runs.get(key)?.state ?? IDLE;
}

export function subscribeRun(key: string, listener: () => void): () => void {
  const r = entry(key);
  r.listeners.add(listener);
  return () => r.listeners.delete(listener);
}

/** The run's state, re-rendering the component on every change. */
export function useRun(key: string): RunState {
  // Stable, so a re-render on every training step does not unsubscribe and subscribe again.
  const subscribe = useCallback((l: () => void) => subscribeRun(key, l), [key]);
  return useSyncExternalStore(subscribe, () => getRun(key));
}

export function isBusy(s: RunState): boolean {
  return s.phase === 'running' || s.phase === 'paused';
}

function handle(key: string, m: WorkerMessage): void {
  switch (m.type) {
    case 'load':
      update(key, () => ({ status: `Downloading MNIST… ${(m.loaded / 1e6).toFixed(1)}${m.total ? ` of ${(m.total / 1e6).toFixed(1)}` : ''} MB` }));
      break;
    case 'status':
      update(key, () => ({ status: m.text }));
      break;
    case 'trial':
      // The worker caches the verdict per browser and model (src/worker/backendTrial.ts).
      update(key, () => ({
        status: `Backend trial (images/s): ${Object.entries(m.results)
          .map(([k, v]) => `${k} ${typeof v === 'number' ? v : 'unavailable'}`)
          .join(', ')}`,
      }));
      break;
    case 'backend':
      update(key, () => ({ backend: m.name, threads: m.threads ?? null }));
      break;
    case 'progress':
      update(key, (s) => {
        s.losses.step.push(m.step);
        s.losses.loss.push(m.loss);
        s.losses.tensors.push(m.numTensors);
        return { status: m.step === 1 ? '' : s.status, progress: m, losses: { ...s.losses } };
      }, m.step > 1);
      break;
    case 'epoch':
      update(key, (s) => ({ status: '', accs: { epoch: [...s.accs.epoch, m.epoch + 1], acc: [...s.accs.acc, m.testAccuracy] } }));
      break;
    case 'eval':
      update(key, (s) => ({
        evals: { step: [...s.evals.step, m.step], acc: [...s.evals.acc, m.testAccuracy], leaked: [...s.evals.leaked, m.leakedAccuracy ?? NaN] },
      }));
      break;
    case 'paused':
      update(key, () => ({ phase: 'paused' }));
      break;
    case 'resumed':
      update(key, () => ({ phase: 'running' }));
      break;
    case 'done':
      update(key, () => ({ result: m, phase: 'done', status: '', unsaved: true }));
      finish(key);
      break;
    case 'error':
      update(key, () => ({ error: m.message, phase: 'error', status: '' }));
      finish(key);
      break;
  }
}

/**
 * Starts a run under `key` (stopping one already there) and resolves with its final state, whether
 * it finished, was stopped or failed. Never rejects: failures are in the state, for the page.
 */
export function startRun(key: string, request: RunRequest): Promise<RunState> {
  const r = entry(key);
  release(r);
  update(key, () => ({ ...IDLE, losses: { step: [], loss: [], tensors: [] }, phase: 'running', status: 'Starting the worker…', request }));
  return new Promise<RunState>((resolve) => {
    r.settle = resolve;
    let worker: Worker;
    try {
      worker = new Worker(new URL('../../worker/train.worker.ts', import.meta.url), { type: 'module' });
    } catch (e) {
      update(key, () => ({ phase: 'error', status: '', error: `The training worker could not start: ${errorMessage(e)}` }));
      finish(key);
      return;
    }
    r.worker = worker;
    worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
      if (r.worker === worker) handle(key, e.data);
    };
    worker.onerror = (e) => {
      if (r.worker !== worker) return;
      update(key, () => ({ phase: 'error', status: '', error: `The training worker crashed: ${e.message || 'unknown error'}` }));
      finish(key);
    };
    worker.postMessage({ type: 'start', ...request } satisfies TrainRequest);
  });
}

export function controlRun(key: string, type: ControlMessage['type']): void {
  runs.get(key)?.worker?.postMessage({ type } satisfies ControlMessage);
}

/** The cell wrote the result into the answers. */
export function markSaved(key: string): void {
  if (getRun(key).unsaved) update(key, () => ({ unsaved: false }));
}

/** Forgets a run (stopping it): for tests and for "reset". */
export function discardRun(key: string): void {
  const r = runs.get(key);
  if (!r) return;
  release(r);
  update(key, () => IDLE);
}

const sequences = new Map<string, { cancelled: boolean }>();

/** Key of run `i` of the sequence `key`. */
export const sequenceRunKey = (key: string, i: number) => `${key}#${i}`;

/**
 * Runs `requests` one after another (one worker at a time, so they do not compete for the
 * device) under the keys sequenceRunKey(key, i). Stopping the sequence stops the current run and
 * skips the rest. Survives page switches like a single run.
 */
export async function startSequence(key: string, requests: RunRequest[]): Promise<RunState[]> {
  stopSequence(key);
  const seq = { cancelled: false };
  sequences.set(key, seq);
  requests.forEach((_, i) => discardRun(sequenceRunKey(key, i)));
  const out: RunState[] = [];
  let backend = requests[0]?.backend ?? 'auto';
  for (let i = 0; i < requests.length && !seq.cancelled; i++) {
    // The first run's trial picks the backend; the others reuse it, so all are timed alike.
    const s = await startRun(sequenceRunKey(key, i), { ...requests[i], backend });
    out.push(s);
    if (backend === 'auto' && s.result) backend = s.result.backend as RunRequest['backend'];
    if (s.phase === 'error') break;
  }
  if (sequences.get(key) === seq) sequences.delete(key);
  return out;
}

export function stopSequence(key: string): void {
  const seq = sequences.get(key);
  if (!seq) return;
  seq.cancelled = true;
  sequences.delete(key);
  for (let i = 0; runs.has(sequenceRunKey(key, i)); i++) {
    const k = sequenceRunKey(key, i);
    if (isBusy(getRun(k))) controlRun(k, 'stop');
  }
}

/** Several runs' states at once; the array keeps its identity until one of them changes. */
export function useRuns(keys: readonly string[]): RunState[] {
  const cache = useRef<RunState[]>([]);
  const joined = keys.join('\n');
  const subscribe = useCallback(
    (l: () => void) => {
      const offs = joined.split('\n').map((k) => subscribeRun(k, l));
      return () => offs.forEach((off) => off());
    },
    [joined],
  );
  const snapshot = () => {
    const next = keys.map(getRun);
    const prev = cache.current;
    if (prev.length === next.length && prev.every((s, i) => s === next[i])) return prev;
    cache.current = next;
    return next;
  };
  return useSyncExternalStore(subscribe, snapshot);
}
