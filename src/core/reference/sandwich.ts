/**
 * "Sandwich" layers: the fixed sequences the course's networks repeat, composed from the single
 * layers so a network reads as a list of blocks.
 */
import { conv2dBackward, conv2dForward, type Conv2dCache, type ConvParam } from './conv';
import { affineBackward, affineForward, reluBackward, reluForward, type AffineCache, type ReluCache } from './layers';
import { NDArray } from './ndarray';
import { maxPoolBackward, maxPoolForward, type MaxPoolCache, type PoolParam } from './pool';

export interface AffineReluCache {
  affine: AffineCache;
  relu: ReluCache;
}

export function affineReluForward(x: NDArray, w: NDArray, b: NDArray): { out: NDArray; cache: AffineReluCache } {
  const a = affineForward(x, w, b);
  const r = reluForward(a.out);
  return { out: r.out, cache: { affine: a.cache, relu: r.cache } };
}

export function affineReluBackward(dout: NDArray, cache: AffineReluCache): { dx: NDArray; dw: NDArray; db: NDArray } {
  return affineBackward(reluBackward(dout, cache.relu), cache.affine);
}

export interface ConvReluPoolCache {
  conv: Conv2dCache;
  relu: ReluCache;
  pool: MaxPoolCache;
}

/** conv -> ReLU -> max pool. */
export function convReluPoolForward(
  x: NDArray,
  w: NDArray,
  b: NDArray,
  convParam: ConvParam,
  poolParam: PoolParam,
): { out: NDArray; cache: ConvReluPoolCache } {
  const c = conv2dForward(x, w, b, convParam);
  const r = reluForward(c.out);
  const p = maxPoolForward(r.out, poolParam);
  return { out: p.out, cache: { conv: c.cache, relu: r.cache, pool: p.cache } };
}

export function convReluPoolBackward(
  dout: NDArray,
  cache: ConvReluPoolCache,
): { dx: NDArray; dw: NDArray; db: NDArray } {
  return conv2dBackward(reluBackward(maxPoolBackward(dout, cache.pool), cache.relu), cache.conv);
}
