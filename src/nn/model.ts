import * as tf from '@tensorflow/tfjs';
import { disposeCache } from './cache';
import { conv2dBackward, conv2dForward, conv2dParamGrads, conv2dReluForward, type Conv2dCache } from './conv';
import { spatialBatchnormBackward, spatialBatchnormForward, type SpatialBatchnormCache } from './batchnorm';
import { reluBackward, reluForward, type ReluCache } from './relu';
import { maxPoolBackward, maxPoolForward, type PoolCache } from './pool';
import { dropoutBackward, dropoutForward, type DropoutCache } from './dropout';
import { affineBackward, affineForward, type AffineCache } from './dense';
import { softmaxLoss } from './loss';
import { ADAM_UPDATE, fusedKernelsUsable } from './kernels';
import { validateModelConfig, type ModelConfig } from './modelConfig';
import { createRng } from '../core/rng';

/**
 * A small configurable CNN for MNIST built from the src/nn layers, trained with their explicit
 * backward passes (no tf.grad): (input dropout) → [conv3x3 → (batchnorm) → ReLU → maxpool2] × depth → dropout →
 * dense → softmax. Parameters are plain tensors owned by the model; every step frees what it
 * allocates, so `tf.memory().numTensors` stays flat across steps (the unit test checks it).
 */

export { DEFAULT_MODEL_CONFIG, OPTIMIZERS, validateModelConfig, type ModelConfig, type OptimizerName } from './modelConfig';

interface Block {
  w: string;
  b: string;
  gamma: string;
  beta: string;
  runningMean: tf.Tensor1D | null;
  runningVar: tf.Tensor1D | null;
}

type BlockCache = { conv: Conv2dCache; bn?: SpatialBatchnormCache; relu: ReluCache; pool: PoolCache };

/**
 * Seeded normals drawn in JavaScript, so the weights are the same on every backend. Box–Muller
 * on two fresh uniforms per draw (createRng's normal() would hand out the spare sine half too,
 * changing the weights every seed has given so far).
 */
function gaussian(seed: number): () => number {
  const rng = createRng(seed >>> 0 || 1);
  return () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

/**
 * One Adam step (β1 0.9, β2 0.999) for parameter `old` with gradient `g` at step t (from 1), from
 * the previous step's moments (none at the first). Returns the new moments and parameter; frees
 * nothing.
 */
export function adamStep(
  old: tf.Tensor,
  g: tf.Tensor,
  moments: readonly tf.Tensor[] | undefined,
  t: number,
  lr: number,
  eps: number,
): [m: tf.Tensor, v: tf.Tensor, next: tf.Tensor] {
  const [m0, v0] = moments ?? [];
  const b1 = 0.9;
  const b2 = 0.999;
  // One fused pass where the backend has it (wasm): same operations, same bits, a twelfth of the ops.
  if (m0 && v0 && [old, g, m0, v0].every((x) => x.dtype === 'float32') && fusedKernelsUsable(ADAM_UPDATE)) {
    const inputs = { param: old, grad: g, m: m0, v: v0 };
    return tf.engine().runKernel(ADAM_UPDATE, inputs, { beta1: b1, beta2: b2, lr, eps, t }) as unknown as [tf.Tensor, tf.Tensor, tf.Tensor];
  }
  return tf.tidy(() => {
    const m = m0 ? tf.add(tf.mul(m0, b1), tf.mul(g, 1 - b1)) : tf.mul(g, 1 - b1);
    const v = v0 ? tf.add(tf.mul(v0, b2), tf.mul(tf.square(g), 1 - b2)) : tf.mul(tf.square(g), 1 - b2);
    // ConvNet's original order of operations (m̂ first, then × lr), so its trained weights, and the
    // figures the notebooks quote, stay bit for bit what they were.
    const mhat = tf.div(m, 1 - b1 ** t);
    const vhat = tf.div(v, 1 - b2 ** t);
    return [m, v, tf.sub(old, tf.div(tf.mul(mhat, lr), tf.add(tf.sqrt(vhat), eps)))];
  }) as [tf.Tensor, tf.Tensor, tf.Tensor];
}

export class ConvNet {
  readonly config: Required<ModelConfig>;
  readonly params = new Map<string, tf.Tensor>();
  private readonly blocks: Block[] = [];
  private readonly slots = new Map<string, tf.Tensor[]>();
  private t = 0;
  private stepCount = 0;
  private disposed = false;

  constructor(config: ModelConfig) {
    const errs = validateModelConfig(config);
    if (errs.length) throw new Error(errs.join(' '));
    this.config = { rows: 28, cols: 28, channels: 1, classes: 10, seed: 1, inputDropout: 0, ...config };
    const { depth, width, rows, cols, channels, classes, seed } = this.config;
    const randn = gaussian(seed);
    const normal = (shape: number[], std: number) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const data = new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = randn() * std;
      return tf.tensor(data, shape);
    };
    let inC = channels;
    let h = rows;
    let w = cols;
    for (let i = 0; i < depth; i++) {
      const blk: Block = { w: `conv${i}.w`, b: `conv${i}.b`, gamma: `bn${i}.gamma`, beta: `bn${i}.beta`, runningMean: null, runningVar: null };
      // He initialisation: ReLU halves the variance, so scale by sqrt(2 / fan-in).
      this.params.set(blk.w, normal([3, 3, inC, width], Math.sqrt(2 / (9 * inC))));
      this.params.set(blk.b, tf.zeros([width]));
      if (this.config.batchnorm) {
        this.params.set(blk.gamma, tf.ones([width]));
        this.params.set(blk.beta, tf.zeros([width]));
        blk.runningMean = tf.zeros([width]);
        blk.runningVar = tf.ones([width]);
      }
      this.blocks.push(blk);
      inC = width;
      h = Math.floor(h / 2);
      w = Math.floor(w / 2);
    }
    const d = h * w * inC;
    this.params.set('fc.w', normal([d, classes], Math.sqrt(1 / d)));
    this.params.set('fc.b', tf.zeros([classes]));
  }

  /** Number of scalar parameters. */
  get parameterCount(): number {
    let n = 0;
    for (const p of this.params.values()) n += p.size;
    return n;
  }

  get steps(): number {
    return this.stepCount;
  }

  private p(name: string): tf.Tensor {
    const t = this.params.get(name);
    if (!t) throw new Error(`ConvNet: no parameter ${name}`);
    return t;
  }

  /**
   * Forward pass. In train mode it returns the caches for backward and updates the batchnorm
   * running statistics; in test mode the caches are freed here. The caller owns `scores`.
   */
  private forward(x: tf.Tensor4D, mode: 'train' | 'test') {
    const caches: BlockCache[] = [];
    let h: tf.Tensor = x;
    if (mode === 'train' && this.config.inputDropout > 0) {
      // Nothing upstream has parameters, so the mask needs no backward pass.
      const r = dropoutForward(x, { dropProb: this.config.inputDropout, mode, seed: this.config.seed * 7919 + this.stepCount });
      disposeCache(r.cache);
      h = r.out;
    }
    for (const blk of this.blocks) {
      // Without batchnorm the ReLU follows the convolution directly: one fused kernel, same values.
      const conv: { out: tf.Tensor4D; cache: Conv2dCache; reluCache?: ReluCache } = this.config.batchnorm
        ? conv2dForward(h, this.p(blk.w), this.p(blk.b), { stride: 1, pad: 1 })
        : conv2dReluForward(h, this.p(blk.w), this.p(blk.b), { stride: 1, pad: 1 });
      if (h !== x) h.dispose();
      h = conv.out;
      let bn: SpatialBatchnormCache | undefined;
      if (this.config.batchnorm) {
        const r = spatialBatchnormForward(h, this.p(blk.gamma), this.p(blk.beta), {
          mode,
          runningMean: blk.runningMean ?? undefined,
          runningVar: blk.runningVar ?? undefined,
        });
        h.dispose();
        h = r.out;
        bn = r.cache;
        if (mode === 'train') {
          blk.runningMean?.dispose();
          blk.runningVar?.dispose();
          blk.runningMean = r.runningMean;
          blk.runningVar = r.runningVar;
        } else {
          r.runningMean.dispose();
          r.runningVar.dispose();
        }
      }
      let reluCache: ReluCache;
      if (conv.reluCache) {
        reluCache = conv.reluCache;
      } else {
        const relu = reluForward(h);
        h.dispose();
        h = relu.out;
        reluCache = relu.cache;
      }
      const pool = maxPoolForward(h, { pool: 2 });
      h.dispose();
      h = pool.out;
      caches.push({ conv: conv.cache, bn, relu: reluCache, pool: pool.cache });
    }
    let drop: DropoutCache | undefined;
    if (this.config.dropout > 0) {
      const r = dropoutForward(h, { dropProb: this.config.dropout, mode, seed: mode === 'train' ? this.config.seed * 100003 + this.stepCount : undefined });
      if (h !== x) h.dispose();
      h = r.out;
      drop = r.cache;
    }
    const fc = affineForward(h, this.p('fc.w'), this.p('fc.b'));
    if (h !== x) h.dispose();
    return { scores: fc.out, caches, drop, fc: fc.cache as AffineCache };
  }

  /** Class scores [N, classes] in test mode (batchnorm running stats, no dropout). Caller owns. */
  predict(x: tf.Tensor4D): tf.Tensor2D {
    this.assertLive();
    const f = this.forward(x, 'test');
    disposeCache(f.caches);
    if (f.drop) disposeCache(f.drop);
    disposeCache(f.fc);
    return f.scores;
  }

  /**
   * One optimisation step on a batch: forward, softmax loss, explicit backward, parameter update.
   * x: [N, rows, cols, channels] floats; y: N labels. Returns the batch loss (read back to JS).
   */
  async trainStep(x: tf.Tensor4D, y: tf.Tensor | ArrayLike<number>): Promise<number> {
    const loss = this.trainStepTensor(x, y);
    const v = (await loss.data())[0];
    loss.dispose();
    return v;
  }

  /** trainStep without reading the loss back (lets a loop skip the GPU→CPU sync); caller owns it. */
  trainStepTensor(x: tf.Tensor4D, y: tf.Tensor | ArrayLike<number>): tf.Scalar {
    this.assertLive();
    const f = this.forward(x, 'train');
    const { loss, dscores } = softmaxLoss(f.scores, y);
    f.scores.dispose();
    const grads = new Map<string, tf.Tensor>();
    const fcg = affineBackward(dscores, f.fc);
    dscores.dispose();
    disposeCache(f.fc);
    grads.set('fc.w', fcg.dw);
    grads.set('fc.b', fcg.db);
    let d: tf.Tensor = fcg.dx;
    if (f.drop) {
      const dx = dropoutBackward(d, f.drop);
      d.dispose();
      disposeCache(f.drop);
      d = dx;
    }
    for (let i = this.blocks.length - 1; i >= 0; i--) {
      const blk = this.blocks[i];
      const c = f.caches[i];
      let dx: tf.Tensor = maxPoolBackward(d, c.pool);
      d.dispose();
      d = dx;
      dx = reluBackward(d, c.relu);
      d.dispose();
      d = dx;
      if (c.bn) {
        const g = spatialBatchnormBackward(d, c.bn);
        d.dispose();
        d = g.dx;
        grads.set(blk.gamma, g.dgamma);
        grads.set(blk.beta, g.dbeta);
      }
      // The images need no gradient: the first block computes dw and db only.
      const g = i === 0 ? { ...conv2dParamGrads(d, c.conv), dx: null } : conv2dBackward(d, c.conv);
      d.dispose();
      grads.set(blk.w, g.dw);
      grads.set(blk.b, g.db);
      if (g.dx) d = g.dx;
      disposeCache(c);
    }
    this.apply(grads);
    for (const g of grads.values()) g.dispose();
    this.stepCount++;
    return loss;
  }

  /** The update rule, one tf.tidy per parameter; old parameter and slot tensors are freed. */
  private apply(grads: Map<string, tf.Tensor>): void {
    const { optimizer, lr } = this.config;
    this.t++;
    for (const [name, g] of grads) {
      const old = this.p(name);
      if (optimizer === 'sgd') {
        this.params.set(name, tf.tidy(() => tf.sub(old, tf.mul(g, lr))));
      } else if (optimizer === 'momentum') {
        const prev = this.slots.get(name)?.[0];
        const [v, next] = tf.tidy(() => {
          const v = prev ? tf.sub(tf.mul(prev, 0.9), tf.mul(g, lr)) : tf.mul(g, -lr);
          return [v, tf.add(old, v)];
        });
        prev?.dispose();
        this.slots.set(name, [v]);
        this.params.set(name, next);
      } else {
        const moments = this.slots.get(name);
        const [m, v, next] = adamStep(old, g, moments, this.t, lr, 1e-8);
        if (moments) tf.dispose(moments);
        this.slots.set(name, [m, v]);
        this.params.set(name, next);
      }
      old.dispose();
    }
  }

  /** First-layer filters as numbers: [width][3·3] for one input channel (channel 0). */
  async firstLayerFilters(): Promise<number[][]> {
    const w = this.p('conv0.w');
    const [fh, fw, inC, outC] = w.shape;
    const data = await w.data();
    const out: number[][] = [];
    for (let f = 0; f < outC; f++) {
      const filt: number[] = [];
      for (let i = 0; i < fh * fw; i++) filt.push(data[i * inC * outC + f]);
      out.push(filt);
    }
    return out;
  }

  private assertLive() {
    if (this.disposed) throw new Error('ConvNet: used after dispose()');
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const p of this.params.values()) p.dispose();
    for (const s of this.slots.values()) for (const t of s) t.dispose();
    for (const b of this.blocks) {
      b.runningMean?.dispose();
      b.runningVar?.dispose();
    }
    this.params.clear();
    this.slots.clear();
  }
}

/**
 * Normalises the uint8 grey images at `indices` (of count·rows·cols values, image after image)
 * into a [n, rows, cols, 1] float tensor with MNIST's mean and std, the input ConvNet expects.
 */
export function imagesToTensor(images: Uint8Array, rows: number, cols: number, indices: ArrayLike<number>): tf.Tensor4D {
  const px = rows * cols;
  const n = indices.length;
  const buf = new Float32Array(n * px);
  for (let k = 0; k < n; k++) {
    const off = indices[k] * px;
    for (let j = 0; j < px; j++) buf[k * px + j] = (images[off + j] / 255 - 0.1307) / 0.3081;
  }
  return tf.tensor4d(buf, [n, rows, cols, 1]);
}
