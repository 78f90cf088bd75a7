/**
 * Inverted dropout.
 *
 * The probability is always passed by name, because the sources disagree: the course's coding
 * notebook calls `p` the probability of DROPPING a unit, its written problem and CS231n call `p`
 * the probability of KEEPING one. Pass exactly one of `{ dropProb }` or `{ keepProb }`
 * (keepProb = 1 − dropProb). Kept units are scaled by 1/keepProb in training so that the
 * expected activation is unchanged and test mode is the identity.
 */
import { createRng, type Rng } from '../rng';
import { NDArray } from './ndarray';

interface DropoutCommon {
  mode: 'train' | 'test';
  /**
   * Seed for the mask. A fresh generator is created from it on every call, so repeated forward
   * passes with the same seed drop the same units (what a numerical gradient check needs).
   */
  seed?: number;
  /** A generator to draw the mask from instead of a seed; it advances with every call. */
  rng?: Rng;
}

export type DropoutParam = DropoutCommon &
  ({ dropProb: number; keepProb?: undefined } | { keepProb: number; dropProb?: undefined });

export interface DropoutCache {
  mode: 'train' | 'test';
  /** Per unit: 0 where dropped, 1/keepProb where kept (train mode); null in test mode. */
  mask: NDArray | null;
  keepProb: number;
}

/** The keep probability named by either field; throws when both or neither are given. */
export function resolveKeepProb(param: { dropProb?: number; keepProb?: number }): number {
  const hasDrop = param.dropProb !== undefined;
  const hasKeep = param.keepProb !== undefined;
  if (hasDrop === hasKeep) throw new RangeError('dropout: give exactly one of dropProb or keepProb');
  const keep = hasDrop ? 1 - (param.dropProb as number) : (param.keepProb as number);
  // keepProb = 0 would divide by zero: a layer that drops everything has nothing to rescale.
  if (!(keep > 0 && keep <= 1)) {
    throw new RangeError(`dropout: keep probability must be in (0, 1], got ${keep} (dropProb in [0, 1))`);
  }
  return keep;
}

export function dropoutForward(x: NDArray, param: DropoutParam): { out: NDArray; cache: DropoutCache } {
  const keepProb = resolveKeepProb(param);
  if (param.mode === 'test') {
    return { out: x.clone(), cache: { mode: 'test', mask: null, keepProb } };
  }
  if (param.mode !== 'train') throw new RangeError(`dropout mode must be 'train' or 'test', got ${String(param.mode)}`);
  const rng = param.rng ?? (param.seed !== undefined ? createRng(param.seed) : undefined);
  if (!rng) throw new RangeError('dropout: train mode needs a seed or an rng, so that runs are reproducible');
  const mask = new NDArray(x.shape);
  const out = new NDArray(x.shape);
  for (let i = 0; i < x.size; i++) {
    mask.data[i] = rng.next() < keepProb ? 1 / keepProb : 0;
    out.data[i] = x.data[i] * mask.data[i];
  }
  return { out, cache: { mode: 'train', mask, keepProb } };
}

/** The forward mask, reused: dropped units get no gradient, kept ones get it scaled by 1/keepProb. */
export function dropoutBackward(dout: NDArray, cache: DropoutCache): NDArray {
  if (cache.mask === null) return dout.clone();
  const dx = new NDArray(dout.shape);
  for (let i = 0; i < dout.size; i++) dx.data[i] = dout.data[i] * cache.mask.data[i];
  return dx;
}
