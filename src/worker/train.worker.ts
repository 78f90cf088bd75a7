/**
 * Web Worker that trains the ConvNet (src/nn/model.ts) on the MNIST asset, so the page stays
 * responsive. Protocol in trainProtocol.ts: the page posts `start`, then `pause` / `resume` /
 * `stop`; the worker posts load progress, the backend it chose, per-step progress (with
 * tf.memory().numTensors, which the browser test checks stays flat), per-epoch held-out accuracy,
 * and a final result. One worker per run: the page terminates it afterwards, which frees the GPU.
 */
import * as tf from '@tensorflow/tfjs';
import { useBackend, wasmThreads } from '../nn';
import { ConvNet, imagesToTensor, validateModelConfig } from '../nn/model';
import { MNIST_COLS, MNIST_ROWS, parseMnist, splitMnist, type MnistData } from '../core/mnistFormat';
import { leakLabels, misleadingLabels } from '../core/leakedLabels';
import type { ControlMessage, MisclassifiedDigit, TrainRequest, WorkerMessage } from './trainProtocol';
import { trialBackends, yieldToEvents } from './backendTrial';
import { errorMessage } from '../core/errorMessage';

// The worker global scope; typed loosely because the project's tsconfig uses the DOM lib.
const scope = self as unknown as {
  postMessage(m: WorkerMessage): void;
  onmessage: ((e: MessageEvent<TrainRequest | ControlMessage>) => void) | null;
};
const post = (m: WorkerMessage) => scope.postMessage(m);

let paused = false;
let stopped = false;
let wake: (() => void) | null = null;
let started = false;

async function waitWhilePaused(): Promise<void> {
  while (paused && !stopped) await new Promise<void>((r) => (wake = r));
}

async function fetchAsset(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`Could not download the MNIST data (${url}): HTTP ${res.status}.`);
  const total = Number(res.headers.get('content-length') ?? 0);
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  let last = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    if (loaded - last > 256 * 1024) {
      last = loaded;
      post({ type: 'load', loaded, total });
    }
  }
  post({ type: 'load', loaded, total: total || loaded });
  const out = new Uint8Array(loaded);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

function shuffled(n: number, seed: number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0 || 1;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** The same digits with their labels written into the corner strip. */
function leaked(data: MnistData): MnistData {
  return { ...data, images: leakLabels(data.images, data.labels) };
}

/** The first `n` digits of a split. */
function head(data: MnistData, n: number): MnistData {
  const count = Math.min(n, data.count);
  const px = MNIST_ROWS * MNIST_COLS;
  return { ...data, count, images: data.images.subarray(0, count * px), labels: data.labels.subarray(0, count) };
}

async function evaluate(net: ConvNet, test: MnistData, wantDetails: boolean) {
  const chunk = 250;
  let correct = 0;
  const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  const wrong: MisclassifiedDigit[] = [];
  const px = MNIST_ROWS * MNIST_COLS;
  for (let s = 0; s < test.count; s += chunk) {
    const idx = Array.from({ length: Math.min(chunk, test.count - s) }, (_, i) => s + i);
    const x = imagesToTensor(test.images, MNIST_ROWS, MNIST_COLS, idx);
    const scores = net.predict(x);
    const am = tf.argMax(scores, 1);
    const pred = await am.data();
    x.dispose();
    scores.dispose();
    am.dispose();
    idx.forEach((i, k) => {
      const y = test.labels[i];
      const p = pred[k];
      confusion[y][p]++;
      if (y === p) correct++;
      else if (wantDetails && wrong.length < 24) {
        wrong.push({ index: i, label: y, predicted: p, pixels: Array.from(test.images.subarray(i * px, (i + 1) * px)) });
      }
    });
    await yieldToEvents();
  }
  return { accuracy: correct / test.count, confusion, wrong };
}

async function run(req: TrainRequest): Promise<void> {
  const errs = validateModelConfig(req.config);
  if (!(Number.isInteger(req.batchSize) && req.batchSize >= 1 && req.batchSize <= 1024)) errs.push('Batch size must be a whole number from 1 to 1024.');
  if (!(Number.isInteger(req.epochs) && req.epochs >= 1 && req.epochs <= 50)) errs.push('Epochs must be a whole number from 1 to 50.');
  if (errs.length) throw new Error(errs.join(' '));

  post({ type: 'status', text: 'Downloading MNIST…' });
  const bytes = await fetchAsset(req.assetUrl);
  const split = splitMnist(parseMnist(bytes));
  const { test } = split;
  const train = req.leak ? leaked(split.train) : split.train;
  const leakedTest = req.leak ? leaked(test) : null;
  const evalEvery = req.evalEvery && req.evalEvery > 0 ? Math.floor(req.evalEvery) : 0;
  const quickTest = head(test, 500);
  const quickLeaked = leakedTest ? head(leakedTest, 500) : null;

  let backend: string = req.backend;
  if (backend === 'auto') {
    const trial = await trialBackends(req, train, post);
    post({ type: 'trial', ...trial });
    backend = trial.chosen;
  }
  await useBackend(backend);
  post({ type: 'backend', name: tf.getBackend(), threads: await wasmThreads() });

  const net = new ConvNet(req.config);
  const { batchSize, epochs } = req;
  const stepsPerEpoch = Math.floor(train.count / batchSize);
  const totalSteps = Math.min(req.maxSteps ?? Infinity, stepsPerEpoch * epochs);
  let step = 0;
  let epochsDone = 0;
  let trainSeconds = 0;
  const t0 = performance.now();
  let segment = performance.now();
  try {
    outer: for (let epoch = 0; epoch < epochs; epoch++) {
      const order = shuffled(train.count, (req.config.seed ?? 1) * 7919 + epoch);
      for (let b = 0; b < stepsPerEpoch; b++) {
        if (step >= totalSteps) break outer;
        await yieldToEvents();
        if (paused) {
          trainSeconds += (performance.now() - segment) / 1000;
          post({ type: 'paused' });
          await waitWhilePaused();
          segment = performance.now();
          if (!stopped) post({ type: 'resumed' });
        }
        if (stopped) break outer;
        const idx = order.slice(b * batchSize, (b + 1) * batchSize);
        const x = imagesToTensor(train.images, MNIST_ROWS, MNIST_COLS, idx);
        const loss = await net.trainStep(x, idx.map((i) => train.labels[i]));
        x.dispose();
        step++;
        if (!Number.isFinite(loss)) throw new Error(`The loss became ${loss} at step ${step}; try a smaller learning rate.`);
        const elapsed = trainSeconds + (performance.now() - segment) / 1000;
        const imgPerS = (step * batchSize) / Math.max(elapsed, 1e-6);
        post({
          type: 'progress',
          step,
          totalSteps,
          epoch,
          loss,
          imgPerS,
          secondsLeft: ((totalSteps - step) * batchSize) / Math.max(imgPerS, 1e-6),
          numTensors: tf.memory().numTensors,
        });
        if (evalEvery && step % evalEvery === 0) {
          const ev = await evaluate(net, quickTest, false);
          const lk = quickLeaked ? await evaluate(net, quickLeaked, false) : null;
          post({ type: 'eval', step, testAccuracy: ev.accuracy, leakedAccuracy: lk?.accuracy });
        }
      }
      epochsDone = epoch + 1;
      const ev = await evaluate(net, test, false);
      post({ type: 'epoch', epoch, testAccuracy: ev.accuracy, step });
    }
    trainSeconds += (performance.now() - segment) / 1000;
    post({ type: 'status', text: 'Evaluating on the held-out digits…' });
    const ev = await evaluate(net, test, true);
    const leakedAccuracy = leakedTest ? (await evaluate(net, leakedTest, false)).accuracy : undefined;
    const misleadingAccuracy = req.leak
      ? (await evaluate(net, { ...test, images: leakLabels(test.images, misleadingLabels(test.labels)) }, false)).accuracy
      : undefined;
    post({
      type: 'done',
      stopped,
      backend: tf.getBackend(),
      steps: step,
      epochsDone,
      testAccuracy: ev.accuracy,
      leakedAccuracy,
      misleadingAccuracy,
      confusion: ev.confusion,
      misclassified: ev.wrong,
      filters: await net.firstLayerFilters(),
      seconds: (performance.now() - t0) / 1000,
      imgPerS: (step * batchSize) / Math.max(trainSeconds, 1e-6),
      numTensors: tf.memory().numTensors,
    });
  } finally {
    net.dispose();
  }
}

scope.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'pause') paused = true;
  else if (m.type === 'resume') {
    paused = false;
    wake?.();
  } else if (m.type === 'stop') {
    stopped = true;
    paused = false;
    wake?.();
  } else if (m.type === 'start') {
    if (started) return post({ type: 'error', message: 'This worker already ran; start a new one.' });
    started = true;
    run(m).catch((err: unknown) => post({ type: 'error', message: errorMessage(err) }));
  }
};
