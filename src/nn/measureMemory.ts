import * as tf from '@tensorflow/tfjs';
import type { ModelSpec, Optimizer } from '../core/paramCounts';
import { useBackend } from './backend';
import { specToLayers, trainableCount } from './specToLayers';

/** What TF.js actually allocates to train a model, read from tf.memory() and tf.profile(). */
export interface MemoryMeasurement {
  backend: string;
  /** Trainable scalars of the built model. */
  params: number;
  /** Bytes the model's weights take (batchnorm running statistics included). */
  weightBytes: number;
  perOptimizer: {
    optimizer: Optimizer;
    /** Bytes that stay allocated after the first step: the optimizer's slots. */
    stateBytes: number;
    /** Per batch size: the peak of a training step above what stays allocated between steps. */
    stepPeakBytes: { batch: number; bytes: number }[];
  }[];
}

function makeOptimizer(name: Optimizer, lr = 1e-3): tf.Optimizer {
  if (name === 'sgd') return tf.train.sgd(lr);
  if (name === 'sgd-momentum') return tf.train.momentum(lr, 0.9);
  return tf.train.adam(lr);
}

/** A random batch and one-hot labels for the model's input and output. */
function batchFor(model: tf.LayersModel, batch: number): { x: tf.Tensor; y: tf.Tensor } {
  const inShape = model.inputs[0].shape.slice(1) as number[];
  const classes = model.outputs[0].shape[1] as number;
  return tf.tidy(() => ({
    x: tf.randomNormal([batch, ...inShape], 0, 1, 'float32', 1),
    y: tf.oneHot(tf.randomUniform([batch], 0, classes, 'int32', 2), classes).toFloat(),
  }));
}

async function trainStep(model: tf.LayersModel, opt: tf.Optimizer, x: tf.Tensor, y: tf.Tensor): Promise<number> {
  const start = tf.memory().numBytes;
  const info = await tf.profile(() => {
    const cost = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, true);
    cost?.dispose();
  });
  return Math.max(0, info.peakBytes - start);
}

/** How far a measurement is: `done` of `total` training steps, and the one running now. */
export interface MeasureProgress {
  done: number;
  total: number;
  optimizer: Optimizer;
  batch: number;
}

export interface MeasureOptions {
  optimizers: Optimizer[];
  batches: number[];
  /**
   * Run on this backend when it starts, else on the active one; the active backend is restored
   * afterwards. The bytes are TF.js's own tensor accounting, the same on every backend, so the
   * fastest one can be used: on a machine without a GPU, webgl runs on a software rasterizer and
   * the measurement took a minute there, against about a second on wasm.
   */
  preferredBackend?: string;
  onProgress?: (p: MeasureProgress) => void;
}

/**
 * Builds `spec` in TF.js and trains it for two steps per optimizer and batch size on random data,
 * measuring the bytes of weights, optimizer state and the transient peak of a step (activations
 * kept for the backward pass, gradients, temporaries). Frees everything.
 */
export async function measureTrainingMemory(spec: ModelSpec, opts: MeasureOptions): Promise<MemoryMeasurement> {
  await tf.ready();
  const previous = tf.getBackend();
  if (opts.preferredBackend && opts.preferredBackend !== previous) {
    try {
      await useBackend(opts.preferredBackend);
    } catch {
      // It does not start here: measure on the backend that was active.
      await tf.setBackend(previous);
    }
  }
  try {
    return await measureOnActiveBackend(spec, opts);
  } finally {
    if (tf.getBackend() !== previous) await tf.setBackend(previous);
  }
}

async function measureOnActiveBackend(spec: ModelSpec, opts: MeasureOptions): Promise<MemoryMeasurement> {
  const out: MemoryMeasurement = { backend: tf.getBackend(), params: 0, weightBytes: 0, perOptimizer: [] };
  const total = opts.optimizers.length * opts.batches.length * 2;
  let done = 0;
  // Each step reports first and then lets the page repaint, so a progress line can follow it.
  const stepping = async (optimizer: Optimizer, batch: number) => {
    opts.onProgress?.({ done, total, optimizer, batch });
    done++;
    await new Promise((r) => setTimeout(r, 0));
  };
  for (const optimizer of opts.optimizers) {
    const before = tf.memory().numBytes;
    const model = specToLayers(spec);
    out.params = trainableCount(model);
    out.weightBytes = tf.memory().numBytes - before;
    const opt = makeOptimizer(optimizer);
    const stepPeakBytes: { batch: number; bytes: number }[] = [];
    let stateBytes = 0;
    try {
      for (const [i, batch] of opts.batches.entries()) {
        const { x, y } = batchFor(model, batch);
        try {
          await stepping(optimizer, batch);
          const steady = tf.memory().numBytes;
          await trainStep(model, opt, x, y); // the first step creates the optimizer's slots
          if (i === 0) stateBytes = tf.memory().numBytes - steady;
          await stepping(optimizer, batch);
          stepPeakBytes.push({ batch, bytes: await trainStep(model, opt, x, y) });
        } finally {
          tf.dispose([x, y]);
        }
      }
    } finally {
      opt.dispose();
      model.dispose();
    }
    out.perOptimizer.push({ optimizer, stateBytes, stepPeakBytes });
  }
  return out;
}
