/**
 * Picks the training backend by measurement: a few steps of the student's actual model on each
 * backend this browser offers, fastest wins. The trial is kept to about two seconds (a backend
 * that would start past that is skipped and says so), and its verdict is cached per browser in
 * IndexedDB, keyed by the model configuration, the batch size, the user agent and whether the
 * page is cross-origin isolated (wasm threads), so later runs start at once. A user's explicit
 * backend (TrainRequest.backend other than 'auto') never comes here.
 */
import * as tf from '@tensorflow/tfjs';
import { createStore, get, set, type UseStore } from 'idb-keyval';
import { listAvailableBackends, useBackend } from '../nn';
import { isSoftwareRendered } from '../nn/backend';
import { ConvNet, imagesToTensor } from '../nn/model';
import { MNIST_COLS, MNIST_ROWS, type MnistData } from '../core/mnistFormat';
import type { TrainRequest, WorkerMessage } from './trainProtocol';
import { errorMessage } from '../core/errorMessage';

/**
 * Lets pause / stop messages in: the loop's awaits on the cpu backend never reach the task queue.
 * A message task, not setTimeout(0): browsers clamp timers nested more than five deep to 4 ms, and
 * the training loop's yields nest, so every step waited 4 ms or more (the training cell trained
 * the default model at about 2,000 images/s where its steps alone run at about 6,000).
 */
export const yieldToEvents = () =>
  new Promise<void>((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });

/** Bump when kernels or the trial change enough that old verdicts should be measured again. */
const TRIAL_VERSION = 3;
/** Verdicts older than this are measured again (browsers and drivers update). */
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;
/** The whole trial's budget; a backend is not started once it is spent. */
const BUDGET_MS = 2000;
/** Timed steps per backend stop after this long (or three steps). */
const PER_BACKEND_MS = 300;
/** Images per trial step: enough to rank backends, small enough for the slow ones. */
const TRIAL_BATCH = 16;

export interface TrialOutcome {
  /** img/s per backend, or why it was not measured. */
  results: Record<string, number | string>;
  chosen: string;
  /** True when the verdict came from an earlier trial in this browser. */
  cached: boolean;
}

interface CachedTrial {
  version: number;
  at: number;
  results: Record<string, number | string>;
  chosen: string;
}

let store: UseStore | null = null;
function trialStore(): UseStore | null {
  if (typeof indexedDB === 'undefined') return null;
  store ??= createStore('gradbook-backend-trial', 'trials');
  return store;
}

/** The cache key: what the speed depends on. */
export function trialKey(req: Pick<TrainRequest, 'config' | 'batchSize'>): string {
  const c = req.config;
  const isolated = typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated;
  const ua = typeof navigator !== 'undefined' ? navigator.userAgent : 'node';
  const model = { depth: c.depth, width: c.width, batchnorm: c.batchnorm, dropout: c.dropout, optimizer: c.optimizer, rows: c.rows, cols: c.cols, channels: c.channels };
  return JSON.stringify({ v: TRIAL_VERSION, model, batch: req.batchSize, ua, isolated });
}

async function readCache(key: string): Promise<CachedTrial | null> {
  const s = trialStore();
  if (!s) return null;
  try {
    const v = (await get(key, s)) as CachedTrial | undefined;
    if (!v || v.version !== TRIAL_VERSION || Date.now() - v.at > MAX_AGE_MS) return null;
    return v;
  } catch {
    return null; // no IndexedDB (private mode, blocked storage): measure every time
  }
}

async function writeCache(key: string, value: CachedTrial): Promise<void> {
  const s = trialStore();
  if (!s) return;
  try {
    await set(key, value, s);
  } catch {
    // Storage full or blocked: the verdict is just not remembered.
  }
}

/**
 * The backend to train on: the cached verdict when this browser already measured this model
 * (and that backend is still offered), otherwise a fresh trial, which is then cached.
 */
export async function trialBackends(
  req: TrainRequest,
  train: MnistData,
  post: (m: WorkerMessage) => void,
): Promise<TrialOutcome> {
  const available = await listAvailableBackends();
  const key = trialKey(req);
  const cached = await readCache(key);
  if (cached && available.includes(cached.chosen as (typeof available)[number])) {
    post({ type: 'status', text: `Using ${cached.chosen}, the fastest backend measured earlier in this browser.` });
    return { results: cached.results, chosen: cached.chosen, cached: true };
  }
  const outcome = await measureBackends(req, train, available, post);
  if (typeof outcome.results[outcome.chosen] === 'number') {
    await writeCache(key, { version: TRIAL_VERSION, at: Date.now(), results: outcome.results, chosen: outcome.chosen });
  }
  return { ...outcome, cached: false };
}

/** Forgets every cached verdict (tests; a "measure again" button could call it). */
export async function clearTrialCache(): Promise<void> {
  const s = trialStore();
  if (!s) return;
  const { clear } = await import('idb-keyval');
  await clear(s);
}

async function measureBackends(
  req: TrainRequest,
  train: MnistData,
  available: readonly string[],
  post: (m: WorkerMessage) => void,
): Promise<{ results: Record<string, number | string>; chosen: string }> {
  const results: Record<string, number | string> = {};
  let best = 'cpu';
  let bestRate = -1;
  const bs = Math.min(req.batchSize, TRIAL_BATCH);
  const idx = Array.from({ length: bs }, (_, i) => i);
  const labels = idx.map((i) => train.labels[i]);
  const start = performance.now();
  // wasm first: on a machine without a GPU it is the one to beat, and it starts fast.
  const order = [...available].sort((a, b) => (a === 'wasm' ? -1 : b === 'wasm' ? 1 : 0));
  for (const name of order) {
    if (performance.now() - start > BUDGET_MS && bestRate > 0) {
      results[name] = 'skipped: the trial used its time';
      continue;
    }
    if ((name === 'webgpu' || name === 'webgl') && (await isSoftwareRendered(name))) {
      results[name] = 'skipped: a software renderer, no GPU';
      continue;
    }
    post({ type: 'status', text: `Timing the ${name} backend…` });
    let net: ConvNet | null = null;
    let x: tf.Tensor4D | null = null;
    try {
      await useBackend(name);
      net = new ConvNet(req.config);
      x = imagesToTensor(train.images, MNIST_ROWS, MNIST_COLS, idx);
      const w0 = performance.now();
      await net.trainStep(x, labels); // warm-up: shader compilation, wasm start-up
      const warm = performance.now() - w0;
      let steps = 0;
      const t0 = performance.now();
      // A backend whose warm-up step alone took the budget is not given more time: its warm-up
      // rate (an underestimate) already ranks it.
      if (warm < BUDGET_MS) {
        while (steps < 3 && (steps === 0 || performance.now() - t0 < PER_BACKEND_MS)) {
          await net.trainStep(x, labels);
          steps++;
        }
      }
      const rate = steps > 0 ? (steps * bs) / ((performance.now() - t0) / 1000) : bs / (warm / 1000);
      results[name] = Math.round(rate);
      if (rate > bestRate) {
        bestRate = rate;
        best = name;
      }
    } catch (e) {
      results[name] = errorMessage(e);
    } finally {
      net?.dispose();
      x?.dispose();
    }
    await yieldToEvents();
  }
  return { results, chosen: best };
}
