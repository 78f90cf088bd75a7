import * as tf from '@tensorflow/tfjs';
import { fusedKernelsUsable, SPATIAL_BATCHNORM_BACKWARD, SPATIAL_BATCHNORM_TRAIN } from './kernels';
import { assert2D, assert4D, assertShape } from './params';

export interface BatchnormParams {
  mode: 'train' | 'test';
  /** Added to the variance before the square root; default 1e-5. */
  eps?: number;
  /** running = momentum·running + (1 − momentum)·batch; default 0.9. */
  momentum?: number;
  /** Per-feature running mean [D]; zeros when absent (as in the course). */
  runningMean?: tf.Tensor;
  /** Per-feature running variance [D]; zeros when absent (as in the course). */
  runningVar?: tf.Tensor;
}

export type BatchnormCache = {
  kind: 'batchnorm';
  mode: 'train' | 'test';
  /** The normalized input, [N, D]. */
  xhat: tf.Tensor2D;
  gamma: tf.Tensor1D;
  /** 1 / sqrt(var + eps) of the statistics the forward pass used (batch or running), [D]. */
  invStd: tf.Tensor1D;
}

export interface BatchnormResult {
  out: tf.Tensor;
  cache: BatchnormCache;
  /** Updated running statistics in train mode, copies of the given ones in test mode; caller owns. */
  runningMean: tf.Tensor1D;
  runningVar: tf.Tensor1D;
}

/** gamma, beta and the running statistics given must all be [d]. */
function assertBatchnormParams(d: number, gamma: tf.Tensor, beta: tf.Tensor, params: BatchnormParams): void {
  assertShape(gamma, [d], 'batchnorm gamma');
  assertShape(beta, [d], 'batchnorm beta');
  if (params.runningMean) assertShape(params.runningMean, [d], 'batchnorm runningMean');
  if (params.runningVar) assertShape(params.runningVar, [d], 'batchnorm runningVar');
}

/** momentum·running + (1 − momentum)·batch; allocates, so call it inside a tidy. */
function runningAverage(running: tf.Tensor, batch: tf.Tensor, momentum: number): tf.Tensor {
  return tf.add(tf.mul(momentum, running), tf.mul(1 - momentum, batch));
}

/**
 * x: [N, D]; gamma, beta: [D]. Train mode normalizes with the batch statistics (variance divided
 * by N, not N − 1) and updates the running averages; test mode normalizes with the running ones.
 */
export function batchnormForward(
  x: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  params: BatchnormParams,
): BatchnormResult {
  assert2D(x, 'batchnorm x');
  const d = x.shape[1];
  const { mode, eps = 1e-5, momentum = 0.9 } = params;
  if (mode !== 'train' && mode !== 'test') {
    throw new Error(`batchnorm mode must be 'train' or 'test', got ${JSON.stringify(mode)}`);
  }
  assertBatchnormParams(d, gamma, beta, params);

  return tf.tidy(() => {
    const rm = params.runningMean ?? tf.zeros([d]);
    const rv = params.runningVar ?? tf.zeros([d]);
    let mean: tf.Tensor;
    let variance: tf.Tensor;
    let runningMean: tf.Tensor;
    let runningVar: tf.Tensor;
    if (mode === 'train') {
      mean = tf.mean(x, 0);
      variance = tf.mean(tf.square(tf.sub(x, mean)), 0);
      runningMean = runningAverage(rm, mean, momentum);
      runningVar = runningAverage(rv, variance, momentum);
    } else {
      mean = rm;
      variance = rv;
      // Cloned so that the caller owns what it gets back in both modes and can dispose uniformly.
      runningMean = tf.clone(rm);
      runningVar = tf.clone(rv);
    }
    const invStd = tf.rsqrt(tf.add(variance, eps)) as tf.Tensor1D;
    const xhat = tf.mul(tf.sub(x, mean), invStd) as tf.Tensor2D;
    const out = tf.add(tf.mul(gamma, xhat), beta);
    const cache: BatchnormCache = { kind: 'batchnorm', mode, xhat, gamma: tf.clone(gamma) as tf.Tensor1D, invStd };
    return {
      out,
      cache,
      runningMean: runningMean as tf.Tensor1D,
      runningVar: runningVar as tf.Tensor1D,
    };
  });
}

/**
 * Train mode uses the simplified closed form (the course's batchnorm_backward_alt):
 *   dx = γ·invStd/N · (N·dout − Σdout − x̂·Σ(dout·x̂)),
 * which accounts for the mean and variance depending on x. In test mode the statistics are
 * constants, so dx = γ·invStd·dout.
 */
export function batchnormBackward(
  dout: tf.Tensor,
  cache: BatchnormCache,
): { dx: tf.Tensor2D; dgamma: tf.Tensor1D; dbeta: tf.Tensor1D } {
  const { xhat, gamma, invStd, mode } = cache;
  assertShape(dout, xhat.shape, 'batchnorm dout');
  return tf.tidy(() => {
    const dbeta = tf.sum(dout, 0) as tf.Tensor1D;
    const dgamma = tf.sum(tf.mul(dout, xhat), 0) as tf.Tensor1D;
    const scale = tf.mul(gamma, invStd);
    let dx: tf.Tensor2D;
    if (mode === 'train') {
      const n = xhat.shape[0];
      const centered = tf.sub(tf.sub(tf.mul(n, dout), dbeta), tf.mul(xhat, dgamma));
      dx = tf.mul(tf.div(scale, n), centered) as tf.Tensor2D;
    } else {
      dx = tf.mul(scale, dout) as tf.Tensor2D;
    }
    return { dx, dgamma, dbeta };
  });
}

export type SpatialBatchnormCache = {
  kind: 'spatialBatchnorm';
  /** The NHWC shape of x, to restore dx. */
  shape: [number, number, number, number];
  inner: BatchnormCache;
} | {
  kind: 'spatialBatchnorm';
  shape: [number, number, number, number];
  /** Train mode through the backend's fused kernels: x itself and the batch statistics. */
  fused: { x: tf.Tensor4D; mean: tf.Tensor1D; invStd: tf.Tensor1D; gamma: tf.Tensor1D };
}

/**
 * x: [N, H, W, C]; gamma, beta: [C]. In NHWC, reshaping to [N·H·W, C] puts every pixel of a
 * channel in one column, so spatial batchnorm is plain batchnorm over that matrix: statistics per
 * channel over the batch and both spatial axes.
 */
export function spatialBatchnormForward(
  x: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  params: BatchnormParams,
): { out: tf.Tensor4D; cache: SpatialBatchnormCache; runningMean: tf.Tensor1D; runningVar: tf.Tensor1D } {
  assert4D(x, 'spatialBatchnorm x');
  const shape: [number, number, number, number] = [...x.shape];
  if (params.mode === 'train' && fusedKernelsUsable(SPATIAL_BATCHNORM_TRAIN, SPATIAL_BATCHNORM_BACKWARD)) {
    return spatialBatchnormFused(x as tf.Tensor4D, gamma, beta, params);
  }
  const flat = tf.reshape(x, [-1, shape[3]]);
  try {
    const r = batchnormForward(flat, gamma, beta, params);
    const out = tf.tidy(() => tf.reshape(r.out, shape)) as tf.Tensor4D;
    r.out.dispose();
    return {
      out,
      cache: { kind: 'spatialBatchnorm', shape, inner: r.cache },
      runningMean: r.runningMean,
      runningVar: r.runningVar,
    };
  } finally {
    flat.dispose();
  }
}

export function spatialBatchnormBackward(
  dout: tf.Tensor,
  cache: SpatialBatchnormCache,
): { dx: tf.Tensor4D; dgamma: tf.Tensor1D; dbeta: tf.Tensor1D } {
  assertShape(dout, cache.shape, 'spatialBatchnorm dout');
  if ('fused' in cache) {
    const { x, mean, invStd, gamma } = cache.fused;
    const [dx, dgamma, dbeta] = tf.engine().runKernel(SPATIAL_BATCHNORM_BACKWARD, { dy: dout, x, mean, invStd, gamma }, {}) as unknown as [
      tf.Tensor4D,
      tf.Tensor1D,
      tf.Tensor1D,
    ];
    return { dx, dgamma, dbeta };
  }
  const inner = cache.inner;
  return tf.tidy(() => {
    const r = batchnormBackward(tf.reshape(dout, [-1, cache.shape[3]]), inner);
    return { dx: tf.reshape(r.dx, cache.shape) as tf.Tensor4D, dgamma: r.dgamma, dbeta: r.dbeta };
  });
}

/**
 * Train mode through the backend's fused kernels (src/nn/wasm/kernels.ts): two or three passes over
 * the activation instead of a dozen ops, with the op path's results within float32 rounding.
 */
function spatialBatchnormFused(
  x: tf.Tensor4D,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  params: BatchnormParams,
): { out: tf.Tensor4D; cache: SpatialBatchnormCache; runningMean: tf.Tensor1D; runningVar: tf.Tensor1D } {
  const c = x.shape[3];
  assertBatchnormParams(c, gamma, beta, params);
  const { eps = 1e-5, momentum = 0.9 } = params;
  const [out, mean, variance, invStd] = tf.engine().runKernel(SPATIAL_BATCHNORM_TRAIN, { x, gamma, beta }, { eps }) as unknown as [
    tf.Tensor4D,
    tf.Tensor1D,
    tf.Tensor1D,
    tf.Tensor1D,
  ];
  const [runningMean, runningVar] = tf.tidy(() => [
    runningAverage(params.runningMean ?? tf.zeros([c]), mean, momentum),
    runningAverage(params.runningVar ?? tf.zeros([c]), variance, momentum),
  ]) as tf.Tensor1D[];
  variance.dispose();
  return {
    out,
    cache: { kind: 'spatialBatchnorm', shape: [...x.shape], fused: { x: x.clone(), mean, invStd, gamma: gamma.clone() as tf.Tensor1D } },
    runningMean,
    runningVar,
  };
}
