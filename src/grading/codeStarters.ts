/**
 * Starter code for each code-cell task: the function signatures the checks call, with comments
 * on shapes and conventions, and bodies left for the student. No solutions here.
 */
import type { CodeTask } from './codeChecks';

const HELPERS = `// In scope: NDArray, zeros, ones, full, zerosLike, randn, linspace, fromArray, fromNested,
// reshape, transpose, map, add, sub, mul, div, sum, sumAll, maxAbs, matmul, createRng.
// x.get(i, j), x.set([i, j], value), x.addAt([i, j], value), x.shape, x.data (Float64Array, row-major).`;

export const STARTERS: Record<CodeTask, string> = {
  'batchnorm-forward': `${HELPERS}

/**
 * x: (N, D); gamma, beta: (D); param: { mode: 'train' | 'test', eps, momentum,
 * runningMean?, runningVar? } (running stats start at zeros when absent).
 * Train: normalize with the batch mean and variance (divide by N), then
 * running = momentum * running + (1 - momentum) * batch.
 * Test: normalize with the running statistics.
 * Return { out, cache, runningMean, runningVar }.
 */
function batchnormForward(x, gamma, beta, param) {
  const [N, D] = x.shape;
  const runningMean = param.runningMean ?? zeros([D]);
  const runningVar = param.runningVar ?? zeros([D]);
  const out = zeros([N, D]);
  const cache = {};
  // TODO
  return { out, cache, runningMean, runningVar };
}
`,
  'batchnorm-backward': `// Your batchnormForward from part (a) is loaded before this cell.

/**
 * dout: (N, D); cache: what your batchnormForward returned (train mode).
 * Return { dx, dgamma, dbeta } with shapes (N, D), (D), (D).
 * Walk the forward computation backwards, one step at a time.
 */
function batchnormBackward(dout, cache) {
  const [N, D] = dout.shape;
  const dx = zeros([N, D]);
  const dgamma = zeros([D]);
  const dbeta = zeros([D]);
  // TODO
  return { dx, dgamma, dbeta };
}
`,
  'batchnorm-backward-alt': `// Your batchnormForward from part (a) is loaded before this cell.

/**
 * The same gradients as batchnormBackward, but with dx simplified on paper into a single
 * expression per column. Return { dx, dgamma, dbeta }.
 */
function batchnormBackwardAlt(dout, cache) {
  const [N, D] = dout.shape;
  const dx = zeros([N, D]);
  const dgamma = zeros([D]);
  const dbeta = zeros([D]);
  // TODO
  return { dx, dgamma, dbeta };
}
`,
  dropout: `${HELPERS}

/**
 * Inverted dropout. param: { p, mode: 'train' | 'test', seed }.
 * p is the probability of DROPPING a unit (this notebook's convention).
 * Train: zero each unit with probability p and scale the kept ones by 1 / (1 - p).
 * Test: return x unchanged.
 * Draw the mask from createRng(param.seed).next() (uniform in [0, 1)), so that the
 * same seed gives the same mask (the gradient check needs that).
 * Return { out, cache }.
 */
function dropoutForward(x, param) {
  const out = zeros(x.shape);
  const cache = { param };
  // TODO
  return { out, cache };
}

/** Return dx, the gradient with respect to x (same shape as dout). */
function dropoutBackward(dout, cache) {
  const dx = zeros(dout.shape);
  // TODO
  return dx;
}
`,
  conv: `${HELPERS}

/**
 * Naive convolution (cross-correlation), NCHW.
 * x: (N, C, H, W); w: (F, C, HH, WW); b: (F); param: { stride, pad } (zeros on every side).
 * out: (N, F, H', W') with H' = 1 + (H + 2 * pad - HH) / stride.
 * Return { out, cache }.
 */
function conv2dForward(x, w, b, param) {
  const { stride, pad } = param;
  const [N, C, H, W] = x.shape;
  const [F, , HH, WW] = w.shape;
  const Hout = 1 + Math.floor((H + 2 * pad - HH) / stride);
  const Wout = 1 + Math.floor((W + 2 * pad - WW) / stride);
  const out = zeros([N, F, Hout, Wout]);
  // TODO
  return { out, cache: { x, w, b, param } };
}

/** Return { dx, dw, db } with the shapes of x, w and b. */
function conv2dBackward(dout, cache) {
  const { x, w, b } = cache;
  const dx = zeros(x.shape);
  const dw = zeros(w.shape);
  const db = zeros(b.shape);
  // TODO
  return { dx, dw, db };
}
`,
  maxpool: `${HELPERS}

/**
 * Naive max pooling, NCHW, no padding.
 * x: (N, C, H, W); param: { poolHeight, poolWidth, stride }.
 * out: (N, C, H', W') with H' = 1 + (H - poolHeight) / stride.
 * Return { out, cache }.
 */
function maxPoolForward(x, param) {
  const { poolHeight, poolWidth, stride } = param;
  const [N, C, H, W] = x.shape;
  const Hout = 1 + Math.floor((H - poolHeight) / stride);
  const Wout = 1 + Math.floor((W - poolWidth) / stride);
  const out = zeros([N, C, Hout, Wout]);
  // TODO
  return { out, cache: { x, param } };
}

/** Return dx (shape of x): each window's gradient goes to the position of its maximum. */
function maxPoolBackward(dout, cache) {
  const dx = zeros(cache.x.shape);
  // TODO
  return dx;
}
`,
  'spatial-batchnorm': `// Your batchnormForward (part a) and batchnormBackwardAlt (part c) are loaded before this cell.

/**
 * Spatial batchnorm: x is (N, C, H, W); each channel is one feature, with statistics over
 * N * H * W values. gamma, beta: (C); param as for batchnormForward.
 * Hint: reshape to an (N*H*W, C) matrix (transpose(x, [0, 2, 3, 1]) first) and reuse batchnormForward.
 * Return { out, cache, runningMean, runningVar }.
 */
function spatialBatchnormForward(x, gamma, beta, param) {
  const out = zeros(x.shape);
  // TODO
  return { out, cache: {}, runningMean: param.runningMean, runningVar: param.runningVar };
}

/** Return { dx, dgamma, dbeta } with the shapes of x, gamma and beta. */
function spatialBatchnormBackward(dout, cache) {
  const [, C] = dout.shape;
  const dx = zeros(dout.shape);
  // TODO
  return { dx, dgamma: zeros([C]), dbeta: zeros([C]) };
}
`,
};
