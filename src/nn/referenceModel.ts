import * as tf from '@tensorflow/tfjs';
import { spatialBatchnormBackward, spatialBatchnormForward } from './batchnorm';
import { disposeCache } from './cache';
import { conv2dBackward, conv2dParamGrads, conv2dReluForward } from './conv';
import { requireKernels } from './kernels';
import { affineBackward, affineForward } from './dense';
import { dropoutBackward, dropoutForward } from './dropout';
import { softmaxLoss } from './loss';
import { adamStep } from './model';
import { maxPoolBackward, maxPoolForward } from './pool';
import { reluBackward } from './relu';

/**
 * The reference CNN of the training benchmark (issue 6), built with tf.layers so that it is the
 * same network PyTorch trains in scripts/bench_torch.py: input 28x28x1 → conv 3x3, 16 filters,
 * same padding → ReLU → batchnorm → max-pool 2 → conv 3x3, 32 filters, same → ReLU → max-pool 2 →
 * flatten → dropout 0.5 → dense 10 → softmax cross-entropy; Adam, learning rate 1e-3.
 */
export const REFERENCE_BATCH = 64;

export function buildReferenceModel(seed = 1): tf.LayersModel {
  const init = (k: number) => tf.initializers.heNormal({ seed: seed * 100 + k });
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) }),
      tf.layers.batchNormalization({ axis: -1, momentum: 0.9, epsilon: 1e-5 }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(2) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dropout({ rate: 0.5, seed }),
      tf.layers.dense({ units: 10, kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 100 + 3 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: tf.losses.softmaxCrossEntropy });
  return model;
}

/** A deterministic batch of MNIST-sized inputs and one-hot labels (the benchmark times steps, not learning). */
export function referenceBatch(n = REFERENCE_BATCH, seed = 1): { x: tf.Tensor4D; y: tf.Tensor2D } {
  let s = seed >>> 0 || 1;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const px = new Float32Array(n * 28 * 28);
  for (let i = 0; i < px.length; i++) px[i] = next() * 2 - 1;
  const labels = Array.from({ length: n }, (_, i) => i % 10);
  return tf.tidy(() => ({ x: tf.tensor4d(px, [n, 28, 28, 1]), y: tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat() as tf.Tensor2D }));
}

/** One training step (forward, loss, backward, Adam update); returns the loss. */
export async function referenceTrainStep(model: tf.LayersModel, x: tf.Tensor4D, y: tf.Tensor2D): Promise<number> {
  const r = await model.trainOnBatch(x, y);
  return Array.isArray(r) ? r[0] : r;
}

/**
 * The same reference CNN built from GradBook's own layers (src/nn, explicit backward passes, no
 * tf.grad), as the training cell's ConvNet trains: fewer, larger kernels per step than tf.layers.
 * Same architecture, initialisation scheme, loss and Adam (lr 1e-3) as buildReferenceModel.
 */
export class ReferenceNet {
  private readonly p = new Map<string, tf.Tensor>();
  private readonly slots = new Map<string, [tf.Tensor, tf.Tensor]>();
  private runningMean: tf.Tensor1D = tf.zeros([16]);
  private runningVar: tf.Tensor1D = tf.ones([16]);
  private t = 0;

  constructor(seed = 1) {
    const he = (shape: number[], fanIn: number, k: number) =>
      tf.tidy(() => tf.mul(tf.randomNormal(shape, 0, 1, 'float32', seed * 100 + k), Math.sqrt(2 / fanIn)));
    this.p.set('w1', he([3, 3, 1, 16], 9, 1));
    this.p.set('b1', tf.zeros([16]));
    this.p.set('gamma', tf.ones([16]));
    this.p.set('beta', tf.zeros([16]));
    this.p.set('w2', he([3, 3, 16, 32], 144, 2));
    this.p.set('b2', tf.zeros([32]));
    this.p.set('w3', tf.tidy(() => tf.mul(tf.randomNormal([1568, 10], 0, 1, 'float32', seed * 100 + 3), Math.sqrt(1 / 1568))));
    this.p.set('b3', tf.zeros([10]));
  }

  private get(name: string): tf.Tensor {
    return this.p.get(name)!;
  }

  /** One step on x [N, 28, 28, 1] and integer labels; returns the loss. */
  async trainStep(x: tf.Tensor4D, labels: tf.Tensor1D | ArrayLike<number>): Promise<number> {
    requireKernels('ReferenceNet.trainStep', 'Conv2DBackpropFilter', 'Conv2DBackpropInput');
    const free: tf.Tensor[] = [];
    // conv + bias + ReLU in one kernel (same values as conv2dForward then reluForward)
    const c1 = conv2dReluForward(x, this.get('w1'), this.get('b1'), { stride: 1, pad: 'same' });
    const bn = spatialBatchnormForward(c1.out, this.get('gamma'), this.get('beta'), {
      mode: 'train',
      momentum: 0.9,
      runningMean: this.runningMean,
      runningVar: this.runningVar,
    });
    this.runningMean.dispose();
    this.runningVar.dispose();
    this.runningMean = bn.runningMean;
    this.runningVar = bn.runningVar;
    const p1 = maxPoolForward(bn.out, { pool: 2 });
    const c2 = conv2dReluForward(p1.out, this.get('w2'), this.get('b2'), { stride: 1, pad: 'same' });
    const p2 = maxPoolForward(c2.out, { pool: 2 });
    const dr = dropoutForward(p2.out, { dropProb: 0.5, mode: 'train', seed: 1 + this.t });
    const fc = affineForward(dr.out, this.get('w3'), this.get('b3'));
    const { loss, dscores } = softmaxLoss(fc.out, labels);
    free.push(c1.out, bn.out, p1.out, c2.out, p2.out, dr.out, fc.out);

    const grads = new Map<string, tf.Tensor>();
    const g3 = affineBackward(dscores, fc.cache);
    grads.set('w3', g3.dw).set('b3', g3.db);
    const ddr = dropoutBackward(g3.dx, dr.cache);
    const dp2 = maxPoolBackward(ddr, p2.cache);
    const dr2 = reluBackward(dp2, c2.reluCache);
    const g2 = conv2dBackward(dr2, c2.cache);
    grads.set('w2', g2.dw).set('b2', g2.db);
    const dp1 = maxPoolBackward(g2.dx, p1.cache);
    const gbn = spatialBatchnormBackward(dp1, bn.cache);
    grads.set('gamma', gbn.dgamma).set('beta', gbn.dbeta);
    const dr1 = reluBackward(gbn.dx, c1.reluCache);
    // The input needs no gradient (PyTorch and tf.layers skip it too): only dw and db here.
    const g1 = conv2dParamGrads(dr1, c1.cache);
    grads.set('w1', g1.dw).set('b1', g1.db);
    free.push(dscores, g3.dx, ddr, dp2, dr2, g2.dx, dp1, gbn.dx, dr1);
    for (const c of [c1.cache, c1.reluCache, bn.cache, p1.cache, c2.cache, c2.reluCache, p2.cache, dr.cache, fc.cache]) disposeCache(c);
    tf.dispose(free);

    this.t++;
    for (const [name, g] of grads) {
      const old = this.get(name);
      const moments = this.slots.get(name);
      // tf.train.adam's epsilon, as buildReferenceModel trains with.
      const [m, v, next] = adamStep(old, g, moments, this.t, 1e-3, 1e-7);
      if (moments) tf.dispose(moments);
      this.slots.set(name, [m, v]);
      this.p.set(name, next);
      old.dispose();
      g.dispose();
    }
    const value = (await loss.data())[0];
    loss.dispose();
    return value;
  }

  dispose(): void {
    for (const t of this.p.values()) t.dispose();
    for (const [m, v] of this.slots.values()) tf.dispose([m, v]);
    tf.dispose([this.runningMean, this.runningVar]);
    this.p.clear();
    this.slots.clear();
  }
}
