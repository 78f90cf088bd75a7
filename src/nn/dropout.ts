import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { DROPOUT_TRAIN, fusedKernelsUsable } from './kernels';

/**
 * The probability is named on purpose: this course's coding notebook calls `p` the probability of
 * dropping a unit, the written problem and CS231n the probability of keeping one. Give exactly one
 * of keepProb or dropProb.
 */
export interface DropoutParams {
  keepProb?: number;
  dropProb?: number;
  mode: 'train' | 'test';
  /** Same seed, same shape -> same mask, on every backend (the mask is drawn in JavaScript). */
  seed?: number | string;
}

export type DropoutCache = {
  kind: 'dropout';
  mode: 'train' | 'test';
  keepProb: number;
  /** Train mode: the kept-unit mask already scaled by 1 / keepProb (0 or 1/keepProb). */
  mask?: tf.Tensor;
};

function keepProbability({ keepProb, dropProb }: DropoutParams): number {
  if ((keepProb === undefined) === (dropProb === undefined)) {
    throw new Error('dropout: give exactly one of keepProb and dropProb');
  }
  const keep = keepProb ?? 1 - (dropProb as number);
  if (!(keep > 0 && keep <= 1)) {
    throw new Error(`dropout: the keep probability must be in (0, 1], got ${keep}`);
  }
  return keep;
}

/**
 * Inverted dropout: in train mode each unit is kept with probability keepProb and scaled by
 * 1 / keepProb, so the expected output equals the input and test mode is the identity.
 */
export function dropoutForward(x: tf.Tensor, params: DropoutParams): { out: tf.Tensor; cache: DropoutCache } {
  const keepProb = keepProbability(params);
  if (params.mode === 'test') {
    return { out: x.clone(), cache: { kind: 'dropout', mode: 'test', keepProb } };
  }
  if (params.mode !== 'train') {
    throw new Error(`dropout mode must be 'train' or 'test', got ${JSON.stringify(params.mode)}`);
  }
  if (x.dtype === 'float32' && fusedKernelsUsable(DROPOUT_TRAIN)) {
    // One kernel, the same bits: the draws tf.randomUniform would make from this seed (it seeds
    // seedrandom's Alea with the seed as a string, Math.random()'s when none is given).
    const seed = String(params.seed ?? Math.random());
    const state = seedrandom.alea(seed, { state: true }).state();
    const [out, mask] = tf.engine().runKernel(DROPOUT_TRAIN, { x }, { keepProb, ...state }) as unknown as [tf.Tensor, tf.Tensor];
    return { out, cache: { kind: 'dropout', mode: 'train', keepProb, mask } };
  }
  const mask = tf.tidy(() =>
    tf.div(
      tf.cast(tf.less(tf.randomUniform(x.shape, 0, 1, 'float32', params.seed), keepProb), 'float32'),
      keepProb,
    ),
  );
  const out = tf.mul(x, mask);
  return { out, cache: { kind: 'dropout', mode: 'train', keepProb, mask } };
}

/** The forward mask routes the gradient: dropped units get none, kept ones are scaled alike. */
export function dropoutBackward(dout: tf.Tensor, cache: DropoutCache): tf.Tensor {
  if (cache.mode === 'test' || cache.mask === undefined) return dout.clone();
  return tf.mul(dout, cache.mask);
}
