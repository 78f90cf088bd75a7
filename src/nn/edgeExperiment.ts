/**
 * The "inductive bias of CNNs" experiment behind the edge-bias widget: a small CNN and an MLP
 * trained with tf.layers on seeded edge images (src/core/edgeData) with growing training sets.
 *
 * TF.js is only a type here and `tf` is passed in (runEdgeExperiment imports it itself), so the
 * widget can import this module statically without pulling TF.js into its chunk: TF.js still loads
 * only when the user presses the button.
 */
import type { Sequential, Tensor } from '@tensorflow/tfjs';
import { generateEdgeData, permutePixels, pixelPermutation, positionRange, sobelFilters, type EdgeDataset } from '../core/edgeData';

export type Tf = typeof import('@tensorflow/tfjs');

/** Side of the square one-channel images. */
const SIZE = 16;
export const EDGE_TRAIN_SIZES: readonly number[] = [15, 45, 150, 450];
/** About 200–300 Adam steps per model whatever the set size, so small sets are not simply undertrained. */
export const epochsFor = (n: number) => Math.max(20, Math.round(200 / Math.ceil(n / 32)));

export interface EdgeExperimentSettings {
  permute: boolean;
  pool: 'max' | 'avg';
  sobel: boolean;
  testPlace: 'same' | 'unseen';
}

export interface EdgeExperimentRow {
  n: number;
  cnn: number;
  mlp: number;
  /** Mean max-softmax on the training set: how sure the CNN is of what it has seen. */
  cnnConfidence: number;
}

/** The CNN on the smallest training set, epoch by epoch: where overfitting shows. */
export interface EdgeExperimentHistory {
  n: number;
  epoch: number[];
  trainConfidence: number[];
  testConfidence: number[];
  testAccuracy: number[];
}

export interface EdgeExperimentOutcome {
  rows: EdgeExperimentRow[];
  history: EdgeExperimentHistory;
  /** First-layer filters of the CNN trained on the most images, 3×3 each. */
  filters: number[][];
  backend: string;
  tensorsAfter: number;
}

function toTensors(tf: Tf, d: EdgeDataset, perm: Int32Array | null) {
  const images = perm ? permutePixels(d.images, perm) : d.images;
  return { x: tf.tensor4d(images, [d.labels.length, SIZE, SIZE, 1]), y: tf.tidy(() => tf.oneHot(tf.tensor1d(d.labels, 'int32'), 3)) };
}

/** Conv 3×3 (4 filters) → max or average pool 4 → dense softmax over the 3 classes, compiled with Adam. */
export function buildEdgeCnn(tf: Tf, s: Pick<EdgeExperimentSettings, 'pool' | 'sobel'>, seed: number): Sequential {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [SIZE, SIZE, 1], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }));
  m.add(s.pool === 'max' ? tf.layers.maxPooling2d({ poolSize: 4 }) : tf.layers.averagePooling2d({ poolSize: 4 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }));
  if (s.sobel) {
    // Filters 0 and 1 start as Sobel edge detectors (scaled down to glorot's range); 2 and 3 stay random.
    const [kernel, bias] = m.layers[0].getWeights();
    const k = kernel.dataSync().slice();
    const sob = sobelFilters().values;
    for (let i = 0; i < 9; i++) for (let f = 0; f < 2; f++) k[i * 4 + f] = sob[i * 2 + f] / 4;
    const nk = tf.tensor4d(k, [3, 3, 1, 4]);
    m.layers[0].setWeights([nk, bias]);
    nk.dispose();
  }
  m.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

/** Flatten → dense 32 ReLU → dense softmax over the 3 classes, compiled with Adam. */
export function buildEdgeMlp(tf: Tf, seed: number): Sequential {
  const m = tf.sequential();
  m.add(tf.layers.flatten({ inputShape: [SIZE, SIZE, 1] }));
  m.add(tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }));
  m.add(tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }));
  m.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

/** Fraction of the images whose arg-max prediction is their label. */
export async function accuracyOf(tf: Tf, model: Sequential, x: Tensor, labels: Int32Array): Promise<number> {
  const pred = tf.tidy(() => (model.predict(x) as Tensor).argMax(-1));
  const p = await pred.data();
  pred.dispose();
  let right = 0;
  p.forEach((v, i) => (right += v === labels[i] ? 1 : 0));
  return right / labels.length;
}

/** Mean over the images of the model's largest softmax output: how sure it is. */
export async function meanConfidence(tf: Tf, model: Sequential, x: Tensor): Promise<number> {
  const conf = tf.tidy(() => (model.predict(x) as Tensor).max(-1).mean());
  const v = (await conf.data())[0];
  conf.dispose();
  return v;
}

/**
 * Trains a CNN and an MLP for each of EDGE_TRAIN_SIZES on the cpu backend and measures them on 300
 * held-out images. Leaves the cpu backend active and frees every tensor it made.
 */
export async function runEdgeExperiment(s: EdgeExperimentSettings, onProgress: (msg: string) => void): Promise<EdgeExperimentOutcome> {
  const tf = await import('@tensorflow/tfjs');
  // The CPU backend is exact and available everywhere; these models are tiny.
  await tf.setBackend('cpu');
  await tf.ready();
  const perm = s.permute ? pixelPermutation(SIZE * SIZE, 'edge-perm') : null;
  const trainPositions = s.testPlace === 'unseen' ? positionRange(SIZE, 'firstHalf') : positionRange(SIZE, 'all');
  const testPositions = s.testPlace === 'unseen' ? positionRange(SIZE, 'secondHalf') : positionRange(SIZE, 'all');
  const testData = generateEdgeData({ count: 300, seed: 'edge-test', size: SIZE, positions: testPositions });
  const test = toTensors(tf, testData, perm);
  const rows: EdgeExperimentRow[] = [];
  const history: EdgeExperimentHistory = { n: EDGE_TRAIN_SIZES[0], epoch: [], trainConfidence: [], testConfidence: [], testAccuracy: [] };
  let filters: number[][] = [];
  try {
    for (const n of EDGE_TRAIN_SIZES) {
      onProgress(`Training on ${n} images…`);
      const trainData = generateEdgeData({ count: n, seed: `edge-train-${n}`, size: SIZE, positions: trainPositions });
      const train = toTensors(tf, trainData, perm);
      const c = buildEdgeCnn(tf, s, 7);
      const f = buildEdgeMlp(tf, 11);
      try {
        const record = async (epoch: number) => {
          history.epoch.push(epoch);
          history.trainConfidence.push(await meanConfidence(tf, c, train.x));
          history.testConfidence.push(await meanConfidence(tf, c, test.x));
          history.testAccuracy.push(await accuracyOf(tf, c, test.x, testData.labels));
        };
        if (n === history.n) await record(0);
        await c.fit(train.x, train.y, {
          epochs: epochsFor(n),
          batchSize: 32,
          shuffle: true,
          verbose: 0,
          callbacks: n === history.n ? { onEpochEnd: async (e) => ((e + 1) % 5 === 0 ? record(e + 1) : undefined) } : undefined,
        });
        await f.fit(train.x, train.y, { epochs: epochsFor(n), batchSize: 32, shuffle: true, verbose: 0 });
        const confidence = await meanConfidence(tf, c, train.x);
        rows.push({ n, cnn: await accuracyOf(tf, c, test.x, testData.labels), mlp: await accuracyOf(tf, f, test.x, testData.labels), cnnConfidence: confidence });
        if (n === EDGE_TRAIN_SIZES[EDGE_TRAIN_SIZES.length - 1]) {
          const k = c.layers[0].getWeights()[0].dataSync();
          filters = [0, 1, 2, 3].map((fi) => Array.from({ length: 9 }, (_, i) => k[i * 4 + fi]));
        }
      } finally {
        // model.dispose() frees the weights but not Adam's moment estimates.
        c.optimizer.dispose();
        f.optimizer.dispose();
        c.dispose();
        f.dispose();
        train.x.dispose();
        train.y.dispose();
      }
    }
  } finally {
    test.x.dispose();
    test.y.dispose();
  }
  return { rows, history, filters, backend: tf.getBackend(), tensorsAfter: tf.memory().numTensors };
}
