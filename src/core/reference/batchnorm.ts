/**
 * Batch normalization (vanilla and spatial) and layer normalization.
 *
 * Conventions, as in the course: `mode` is required, eps = 1e-5, momentum = 0.9, running
 * statistics start at 0 and move as running = momentum·running + (1 − momentum)·batch, and the
 * variance divides by N (the biased estimate, both for normalizing and for the running average).
 * The functions are pure: the updated running statistics are returned rather than written into
 * the parameter object.
 */
import { NDArray, reshape, transpose, zeros } from './ndarray';

export type NormMode = 'train' | 'test';

export interface BatchnormParam {
  mode: NormMode;
  /** Added to the variance before the square root; 1e-5 by default. */
  eps?: number;
  /** Weight of the old running value; 0.9 by default. */
  momentum?: number;
  /** Shape (D); zeros when absent. */
  runningMean?: NDArray;
  /** Shape (D); zeros when absent. */
  runningVar?: NDArray;
}

export const BN_DEFAULT_EPS = 1e-5;
export const BN_DEFAULT_MOMENTUM = 0.9;

/** Every intermediate of the train-mode forward graph, so the backward pass can walk it back. */
export interface BatchnormTrainCache {
  mode: 'train';
  xhat: NDArray; // (N, D) normalized input
  xmu: NDArray; // (N, D) x − μ
  variance: NDArray; // (D)
  sqrtvar: NDArray; // (D) sqrt(var + eps)
  ivar: NDArray; // (D) 1 / sqrt(var + eps)
  gamma: NDArray;
  eps: number;
}

/** In test mode the layer is a fixed affine map per feature. */
export interface BatchnormTestCache {
  mode: 'test';
  xhat: NDArray;
  ivar: NDArray;
  gamma: NDArray;
}

export type BatchnormCache = BatchnormTrainCache | BatchnormTestCache;

export interface BatchnormResult<C> {
  out: NDArray;
  cache: C;
  runningMean: NDArray;
  runningVar: NDArray;
}

export interface NormGrads {
  dx: NDArray;
  dgamma: NDArray;
  dbeta: NDArray;
}

function checkNormShapes(x: NDArray, gamma: NDArray, beta: NDArray, name: string): void {
  const d = x.shape[1];
  if (x.ndim !== 2 || gamma.ndim !== 1 || beta.ndim !== 1 || gamma.shape[0] !== d || beta.shape[0] !== d) {
    throw new RangeError(
      `${name}: x [${x.shape.join(', ')}] must be (N, D) with gamma, beta of shape (D); got ` +
        `[${gamma.shape.join(', ')}], [${beta.shape.join(', ')}]`,
    );
  }
}

/**
 * x (N, D), gamma (D), beta (D). Train mode normalizes with the batch's own mean and (biased)
 * variance and updates the running statistics; test mode normalizes with the running statistics
 * and leaves them as they are.
 */
export function batchnormForward(
  x: NDArray,
  gamma: NDArray,
  beta: NDArray,
  param: BatchnormParam,
): BatchnormResult<BatchnormCache> {
  checkNormShapes(x, gamma, beta, 'batchnormForward');
  const [n, d] = x.shape;
  const eps = param.eps ?? BN_DEFAULT_EPS;
  const momentum = param.momentum ?? BN_DEFAULT_MOMENTUM;
  const runningMean = param.runningMean?.clone() ?? zeros([d]);
  const runningVar = param.runningVar?.clone() ?? zeros([d]);
  const out = new NDArray([n, d]);
  const xhat = new NDArray([n, d]);

  if (param.mode === 'test') {
    const ivar = new NDArray([d]);
    for (let j = 0; j < d; j++) ivar.data[j] = 1 / Math.sqrt(runningVar.data[j] + eps);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const k = i * d + j;
        xhat.data[k] = (x.data[k] - runningMean.data[j]) * ivar.data[j];
        out.data[k] = gamma.data[j] * xhat.data[k] + beta.data[j];
      }
    }
    return { out, cache: { mode: 'test', xhat, ivar, gamma }, runningMean, runningVar };
  }
  if (param.mode !== 'train') throw new RangeError(`batchnorm mode must be 'train' or 'test', got ${String(param.mode)}`);

  // Step by step, one node of the computational graph per line, as the backward pass undoes it.
  const mu = new NDArray([d]);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mu.data[j] += x.data[i * d + j] / n;
  const xmu = new NDArray([n, d]);
  for (let k = 0; k < n * d; k++) xmu.data[k] = x.data[k] - mu.data[k % d];
  const variance = new NDArray([d]);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) variance.data[j] += xmu.data[i * d + j] ** 2 / n;
  const sqrtvar = new NDArray([d]);
  const ivar = new NDArray([d]);
  for (let j = 0; j < d; j++) {
    sqrtvar.data[j] = Math.sqrt(variance.data[j] + eps);
    ivar.data[j] = 1 / sqrtvar.data[j];
  }
  for (let k = 0; k < n * d; k++) {
    const j = k % d;
    xhat.data[k] = xmu.data[k] * ivar.data[j];
    out.data[k] = gamma.data[j] * xhat.data[k] + beta.data[j];
  }
  for (let j = 0; j < d; j++) {
    runningMean.data[j] = momentum * runningMean.data[j] + (1 - momentum) * mu.data[j];
    runningVar.data[j] = momentum * runningVar.data[j] + (1 - momentum) * variance.data[j];
  }
  return {
    out,
    cache: { mode: 'train', xhat, xmu, variance, sqrtvar, ivar, gamma, eps },
    runningMean,
    runningVar,
  };
}

function gammaBetaGrads(dout: NDArray, xhat: NDArray): { dgamma: NDArray; dbeta: NDArray } {
  const [n, d] = dout.shape;
  const dgamma = new NDArray([d]);
  const dbeta = new NDArray([d]);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      dgamma.data[j] += dout.data[i * d + j] * xhat.data[i * d + j];
      dbeta.data[j] += dout.data[i * d + j];
    }
  }
  return { dgamma, dbeta };
}

/** Test mode: out = gamma·(x − running mean)/sqrt(running var + eps) + beta, a per-feature affine map. */
function batchnormTestBackward(dout: NDArray, cache: BatchnormTestCache): NormGrads {
  const [n, d] = dout.shape;
  const dx = new NDArray([n, d]);
  for (let k = 0; k < n * d; k++) dx.data[k] = dout.data[k] * cache.gamma.data[k % d] * cache.ivar.data[k % d];
  return { dx, ...gammaBetaGrads(dout, cache.xhat) };
}

/**
 * Backward pass that walks the forward graph node by node in reverse (the "staged" derivation:
 * each line is the local derivative of one forward line times the upstream gradient).
 */
export function batchnormBackward(dout: NDArray, cache: BatchnormCache): NormGrads {
  if (cache.mode === 'test') return batchnormTestBackward(dout, cache);
  const { xhat, xmu, sqrtvar, ivar, gamma, variance, eps } = cache;
  const [n, d] = dout.shape;
  const { dgamma, dbeta } = gammaBetaGrads(dout, xhat);

  // out = gamma·xhat + beta
  const dxhat = new NDArray([n, d]);
  for (let k = 0; k < n * d; k++) dxhat.data[k] = dout.data[k] * gamma.data[k % d];
  // xhat = xmu·ivar: ivar is shared by the column, so its gradient sums over rows
  const divar = new NDArray([d]);
  for (let k = 0; k < n * d; k++) divar.data[k % d] += dxhat.data[k] * xmu.data[k];
  const dxmu = new NDArray([n, d]);
  for (let k = 0; k < n * d; k++) dxmu.data[k] = dxhat.data[k] * ivar.data[k % d];
  // ivar = 1/sqrtvar; sqrtvar = sqrt(var + eps); var = mean(xmu²)
  const dvar = new NDArray([d]);
  for (let j = 0; j < d; j++) {
    const dsqrtvar = (-1 / sqrtvar.data[j] ** 2) * divar.data[j];
    dvar.data[j] = (0.5 / Math.sqrt(variance.data[j] + eps)) * dsqrtvar;
  }
  for (let k = 0; k < n * d; k++) dxmu.data[k] += (2 * xmu.data[k] * dvar.data[k % d]) / n;
  // xmu = x − mu; mu = mean(x)
  const dmu = new NDArray([d]);
  for (let k = 0; k < n * d; k++) dmu.data[k % d] -= dxmu.data[k];
  const dx = new NDArray([n, d]);
  for (let k = 0; k < n * d; k++) dx.data[k] = dxmu.data[k] + dmu.data[k % d] / n;
  return { dx, dgamma, dbeta };
}

/**
 * The same gradient as `batchnormBackward`, simplified on paper to one expression per column:
 * dx = (gamma / (N·σ)) · (N·dout − Σ dout − xhat · Σ(dout·xhat)), with σ = sqrt(var + eps).
 */
export function batchnormBackwardAlt(dout: NDArray, cache: BatchnormCache): NormGrads {
  if (cache.mode === 'test') return batchnormTestBackward(dout, cache);
  const { xhat, ivar, gamma } = cache;
  const [n, d] = dout.shape;
  const { dgamma, dbeta } = gammaBetaGrads(dout, xhat);
  const dx = new NDArray([n, d]);
  for (let k = 0; k < n * d; k++) {
    const j = k % d;
    dx.data[k] =
      ((gamma.data[j] * ivar.data[j]) / n) * (n * dout.data[k] - dbeta.data[j] - xhat.data[k] * dgamma.data[j]);
  }
  return { dx, dgamma, dbeta };
}

// ---------------------------------------------------------------------------------------------
// Layer normalization: the same normalization, but over each sample's features instead of over
// the batch, so it behaves identically in training and at test time and keeps no running stats.

export interface LayernormParam {
  eps?: number;
}

export interface LayernormCache {
  xhat: NDArray; // (N, D)
  ivar: NDArray; // (N) 1 / sqrt(var_i + eps)
  gamma: NDArray;
}

export function layernormForward(
  x: NDArray,
  gamma: NDArray,
  beta: NDArray,
  param: LayernormParam = {},
): { out: NDArray; cache: LayernormCache } {
  checkNormShapes(x, gamma, beta, 'layernormForward');
  const [n, d] = x.shape;
  const eps = param.eps ?? BN_DEFAULT_EPS;
  const xhat = new NDArray([n, d]);
  const ivar = new NDArray([n]);
  const out = new NDArray([n, d]);
  for (let i = 0; i < n; i++) {
    let mu = 0;
    for (let j = 0; j < d; j++) mu += x.data[i * d + j] / d;
    let variance = 0;
    for (let j = 0; j < d; j++) variance += (x.data[i * d + j] - mu) ** 2 / d;
    ivar.data[i] = 1 / Math.sqrt(variance + eps);
    for (let j = 0; j < d; j++) {
      const k = i * d + j;
      xhat.data[k] = (x.data[k] - mu) * ivar.data[i];
      out.data[k] = gamma.data[j] * xhat.data[k] + beta.data[j];
    }
  }
  return { out, cache: { xhat, ivar, gamma } };
}

/** The simplified batchnorm formula applied along each row, with dxhat = dout·gamma in place of dout. */
export function layernormBackward(dout: NDArray, cache: LayernormCache): NormGrads {
  const { xhat, ivar, gamma } = cache;
  const [n, d] = dout.shape;
  const { dgamma, dbeta } = gammaBetaGrads(dout, xhat);
  const dx = new NDArray([n, d]);
  for (let i = 0; i < n; i++) {
    let sumDxhat = 0;
    let sumDxhatXhat = 0;
    for (let j = 0; j < d; j++) {
      const dxhat = dout.data[i * d + j] * gamma.data[j];
      sumDxhat += dxhat;
      sumDxhatXhat += dxhat * xhat.data[i * d + j];
    }
    for (let j = 0; j < d; j++) {
      const k = i * d + j;
      const dxhat = dout.data[k] * gamma.data[j];
      dx.data[k] = (ivar.data[i] / d) * (d * dxhat - sumDxhat - xhat.data[k] * sumDxhatXhat);
    }
  }
  return { dx, dgamma, dbeta };
}

// ---------------------------------------------------------------------------------------------
// Spatial batch normalization: for images (N, C, H, W) every channel is one feature, and its
// statistics are taken over N·H·W values. It is vanilla batchnorm on the (N·H·W, C) matrix.

export interface SpatialBatchnormCache {
  inner: BatchnormCache;
  shape: readonly number[];
}

/** (N, C, H, W) -> (N·H·W, C): move channels last, then flatten the rest into rows. */
function channelsToColumns(x: NDArray): NDArray {
  const [n, c, h, w] = x.shape;
  return reshape(transpose(x, [0, 2, 3, 1]), [n * h * w, c]);
}

function columnsToChannels(cols: NDArray, shape: readonly number[]): NDArray {
  const [n, c, h, w] = shape;
  return transpose(reshape(cols, [n, h, w, c]), [0, 3, 1, 2]);
}

/** x (N, C, H, W), gamma (C), beta (C); param as for `batchnormForward`, with statistics of shape (C). */
export function spatialBatchnormForward(
  x: NDArray,
  gamma: NDArray,
  beta: NDArray,
  param: BatchnormParam,
): BatchnormResult<SpatialBatchnormCache> {
  if (x.ndim !== 4) throw new RangeError(`spatialBatchnormForward: x must be (N, C, H, W), got [${x.shape.join(', ')}]`);
  const r = batchnormForward(channelsToColumns(x), gamma, beta, param);
  return {
    out: columnsToChannels(r.out, x.shape),
    cache: { inner: r.cache, shape: x.shape },
    runningMean: r.runningMean,
    runningVar: r.runningVar,
  };
}

export function spatialBatchnormBackward(dout: NDArray, cache: SpatialBatchnormCache): NormGrads {
  const g = batchnormBackwardAlt(channelsToColumns(dout), cache.inner);
  return { dx: columnsToChannels(g.dx, cache.shape), dgamma: g.dgamma, dbeta: g.dbeta };
}
