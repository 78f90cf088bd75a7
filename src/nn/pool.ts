import * as tf from '@tensorflow/tfjs';
import { hasKernel, requireKernels, runKernel } from './kernels';
import { assert4D, pair, type Pair } from './params';

export interface PoolParams {
  /** Window size: one number or [rows, cols]. */
  pool: Pair;
  /** Defaults to the window size (non-overlapping windows). */
  stride?: Pair;
}

export type PoolCache = {
  kind: 'maxPool' | 'avgPool';
  x: tf.Tensor4D;
  /** Max pool only: the forward output, which MaxPoolGrad compares against x to find the argmax. */
  out?: tf.Tensor4D;
  filterSize: [number, number];
  strides: [number, number];
}

function poolShape(x: tf.Tensor, { pool, stride }: PoolParams, layer: string) {
  assert4D(x, `${layer} x`);
  const filterSize = pair(pool, `${layer} pool`);
  const strides = pair(stride ?? filterSize, `${layer} stride`);
  if (filterSize[0] > x.shape[1] || filterSize[1] > x.shape[2]) {
    throw new Error(`${layer}: window ${filterSize.join('x')} is larger than the input ${x.shape[1]}x${x.shape[2]}`);
  }
  return { filterSize, strides };
}

/**
 * x: [N, H, W, C]; windows without padding (as in the course), H' = floor((H − ph) / stride) + 1.
 */
export function maxPoolForward(x: tf.Tensor, params: PoolParams): { out: tf.Tensor4D; cache: PoolCache } {
  const { filterSize, strides } = poolShape(x, params, 'maxPool');
  requireKernels('maxPoolForward', 'MaxPool');
  const out = tf.maxPool(x as tf.Tensor4D, filterSize, strides, 'valid');
  const cache: PoolCache = {
    kind: 'maxPool',
    x: x.clone() as tf.Tensor4D,
    out: out.clone(),
    filterSize,
    strides,
  };
  return { out, cache };
}

/**
 * Routes each output gradient to the position of its window's maximum, adding where windows
 * overlap (on ties, see SUSPECT_MAXPOOLGRAD below). Uses the backend's MaxPoolGrad kernel where it is
 * trustworthy, and otherwise (kernel missing, or failing the probe below, as on stock wasm) an
 * equivalent built from elementwise ops that every backend has.
 */
export function maxPoolBackward(dout: tf.Tensor, cache: PoolCache): tf.Tensor4D {
  assert4D(dout, 'maxPool dout');
  if (cache.kind !== 'maxPool' || cache.out === undefined) throw new Error('maxPoolBackward needs a maxPool cache');
  if (!maxPoolGradKernelIsSound()) return maxPoolBackwardOps(dout, cache);
  return runKernel<tf.Tensor4D>(
    'MaxPoolGrad',
    { dy: dout, input: cache.x, output: cache.out },
    { filterSize: cache.filterSize, strides: cache.strides, pad: 'valid', dimRoundingMode: 'floor' },
  );
}

/**
 * Backends whose MaxPoolGrad kernel is known to have been wrong. tfjs-backend-wasm 4.22 starts its
 * running maximum at FLT_MIN (the smallest positive float, not the most negative), so a window
 * whose maximum is ≤ 0 sends its gradient nowhere. These get probed once, so that a fixed kernel is
 * used once one is registered.
 *
 * Ties are a separate matter: cpu's kernel (and maxPoolBackwardOps) sends a tied window's gradient
 * to the first maximum in row-major order, as numpy's argmax in the course does; the webgl, webgpu
 * and wasm kernels send it to the last one. Both are valid subgradients; random inputs do not tie.
 */
const SUSPECT_MAXPOOLGRAD = new Set(['wasm']);
const soundness = new Map<string, boolean>();

export function maxPoolGradKernelIsSound(): boolean {
  const backend = tf.getBackend();
  if (!hasKernel('MaxPoolGrad', backend)) return false;
  if (!SUSPECT_MAXPOOLGRAD.has(backend)) return true;
  let sound = soundness.get(backend);
  if (sound === undefined) {
    sound = probeMaxPoolGrad();
    soundness.set(backend, sound);
  }
  return sound;
}

/**
 * Two 2x2 windows side by side, the second with a negative maximum (-1, at offset 2). A sound kernel
 * gives dx = [1,0,1,0, 0,0,0,0]. (The second window matters: a kernel that never finds the maximum
 * falls back to offset 0, which happens to be right for a window at the origin.)
 */
function probeMaxPoolGrad(): boolean {
  const dx = tf.tidy(() => {
    const x = tf.tensor4d([2, 1, -1, -2, 0, 1, -3, -4], [1, 2, 4, 1]);
    const out = tf.maxPool(x, 2, 2, 'valid');
    return runKernel<tf.Tensor4D>(
      'MaxPoolGrad',
      { dy: tf.onesLike(out), input: x, output: out },
      { filterSize: [2, 2], strides: [2, 2], pad: 'valid', dimRoundingMode: 'floor' },
    );
  });
  // Synchronous read: only ever done on CPU-memory backends (wasm), once per backend.
  const v = Array.from(dx.dataSync());
  dx.dispose();
  return v.join(',') === '1,0,1,0,0,0,0,0';
}

/**
 * Max-pool backward from elementwise ops only. For each offset (i, j) inside the window, a strided
 * slice gathers that element of every window; where it equals the window's maximum (and no earlier
 * offset already claimed the window) it receives dout, and the strided grid is put back in place
 * by interleaving zeros and padding. Costs ph·pw small passes; exact (no arithmetic on values).
 */
export function maxPoolBackwardOps(dout: tf.Tensor, cache: PoolCache): tf.Tensor4D {
  assert4D(dout, 'maxPool dout');
  if (cache.kind !== 'maxPool' || cache.out === undefined) throw new Error('maxPoolBackward needs a maxPool cache');
  requireKernels(
    'maxPoolBackward',
    'StridedSlice',
    'Equal',
    'LogicalAnd',
    'LogicalNot',
    'LogicalOr',
    'Cast',
    'Multiply',
    'PadV2',
    'Reshape',
    'Slice',
    'AddN',
  );
  const { x, out } = cache;
  const [ph, pw] = cache.filterSize;
  const [sh, sw] = cache.strides;
  const [n, h, w, c] = x.shape;
  const [, ho, wo] = out.shape;
  return tf.tidy(() => {
    let taken: tf.Tensor | null = null;
    const parts: tf.Tensor4D[] = [];
    for (let i = 0; i < ph; i++) {
      for (let j = 0; j < pw; j++) {
        const xij = tf.stridedSlice(x, [0, i, j, 0], [n, i + (ho - 1) * sh + 1, j + (wo - 1) * sw + 1, c], [1, sh, sw, 1]);
        let hit: tf.Tensor = tf.equal(xij, out);
        if (taken === null) {
          taken = hit;
        } else {
          hit = tf.logicalAnd(hit, tf.logicalNot(taken));
          taken = tf.logicalOr(taken, hit);
        }
        parts.push(placeStrided(tf.mul(dout, tf.cast(hit, 'float32')) as tf.Tensor4D, i, j, sh, sw, h, w));
      }
    }
    return parts.length === 1 ? parts[0] : tf.addN(parts);
  });
}

/**
 * The inverse of the strided slice above: g[:, r, q] lands at row i + r·sh, column j + q·sw of an
 * [N, h, w, C] tensor of zeros. Zeros are interleaved with rank-4 reshapes and pads only, since not
 * every backend pads tensors of higher rank.
 */
function placeStrided(g: tf.Tensor4D, i: number, j: number, sh: number, sw: number, h: number, w: number): tf.Tensor4D {
  const [n, ho, wo, c] = g.shape;
  let t: tf.Tensor = g;
  if (sh > 1) {
    t = tf.pad(tf.reshape(t, [n, ho, 1, wo * c]), [[0, 0], [0, 0], [0, sh - 1], [0, 0]]);
  }
  t = tf.reshape(t, [n * ho * sh, wo, 1, c]);
  if (sw > 1) t = tf.pad(t, [[0, 0], [0, 0], [0, sw - 1], [0, 0]]);
  t = tf.reshape(t, [n, ho * sh, wo * sw, c]);
  // The last real row is i + (ho − 1)·sh ≤ h − 1, so trimming only drops interleaved zeros.
  const rows = Math.min(ho * sh, h - i);
  const cols = Math.min(wo * sw, w - j);
  t = tf.slice(t, [0, 0, 0, 0], [n, rows, cols, c]);
  return tf.pad(t as tf.Tensor4D, [[0, 0], [i, h - i - rows], [j, w - j - cols], [0, 0]]);
}

export function avgPoolForward(x: tf.Tensor, params: PoolParams): { out: tf.Tensor4D; cache: PoolCache } {
  const { filterSize, strides } = poolShape(x, params, 'avgPool');
  requireKernels('avgPoolForward', 'AvgPool');
  const out = tf.avgPool(x as tf.Tensor4D, filterSize, strides, 'valid');
  return { out, cache: { kind: 'avgPool', x: x.clone() as tf.Tensor4D, filterSize, strides } };
}

/** Spreads each output gradient evenly over its window, adding where windows overlap. */
export function avgPoolBackward(dout: tf.Tensor, cache: PoolCache): tf.Tensor4D {
  assert4D(dout, 'avgPool dout');
  if (cache.kind !== 'avgPool') throw new Error('avgPoolBackward needs an avgPool cache');
  requireKernels('avgPoolBackward', 'AvgPoolGrad');
  return runKernel<tf.Tensor4D>(
    'AvgPoolGrad',
    { dy: dout, input: cache.x },
    { filterSize: cache.filterSize, strides: cache.strides, pad: 'valid' },
  );
}
