import * as tf from '@tensorflow/tfjs';
import { requireKernels, runKernel } from './kernels';
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
 * Routes each output gradient to the position of its window's maximum (the first one on ties),
 * adding where windows overlap. The MaxPoolGrad kernel does this in one pass and is registered on
 * cpu, webgl, webgpu and wasm, so no scatter of argmax indices (and no per-backend index layout) is
 * involved.
 */
export function maxPoolBackward(dout: tf.Tensor, cache: PoolCache): tf.Tensor4D {
  assert4D(dout, 'maxPool dout');
  if (cache.kind !== 'maxPool' || cache.out === undefined) throw new Error('maxPoolBackward needs a maxPool cache');
  requireKernels('maxPoolBackward', 'MaxPoolGrad');
  return runKernel<tf.Tensor4D>(
    'MaxPoolGrad',
    { dy: dout, input: cache.x, output: cache.out },
    { filterSize: cache.filterSize, strides: cache.strides, pad: 'valid', dimRoundingMode: 'floor' },
  );
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
