import type * as tf from '@tensorflow/tfjs';

/** A stride or window size: one number for both axes, or [rows, cols]. */
export type Pair = number | [number, number];

/**
 * Zero padding: a number of pixels added on every side (the course's explicit, symmetric padding),
 * or TF.js's 'same' / 'valid'.
 */
export type Padding = number | 'same' | 'valid';

/** TF.js's explicit padding, NHWC: [[0, 0], [top, bottom], [left, right], [0, 0]]. */
export type ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];

/** What the conv and pool kernels accept as `pad`. */
export type KernelPad = 'same' | 'valid' | ExplicitPadding;

export function pair(value: Pair, what: string): [number, number] {
  const p: [number, number] = typeof value === 'number' ? [value, value] : [value[0], value[1]];
  if (!p.every((v) => Number.isInteger(v) && v >= 1)) {
    throw new Error(`${what} must be a positive integer or a pair of them, got ${JSON.stringify(value)}`);
  }
  return p;
}

/**
 * A numeric pad becomes explicit padding rather than TF.js's numeric `pad`: tfjs-core 4.22 computes
 * the output size of a numeric pad from the filter's height and the row stride for both axes, which
 * is wrong for non-square filters or strides; explicit padding computes each axis on its own.
 */
export function kernelPad(pad: Padding): KernelPad {
  if (pad === 'same' || pad === 'valid') return pad;
  if (!Number.isInteger(pad) || pad < 0) {
    throw new Error(`pad must be a non-negative integer, 'same' or 'valid', got ${JSON.stringify(pad)}`);
  }
  return [
    [0, 0],
    [pad, pad],
    [pad, pad],
    [0, 0],
  ];
}

function rankError(t: tf.Tensor, rank: number, what: string): Error {
  return new Error(`${what} must have rank ${rank}, got shape [${t.shape.join(', ')}]`);
}

export function assert2D(t: tf.Tensor, what: string): asserts t is tf.Tensor2D {
  if (t.rank !== 2) throw rankError(t, 2, what);
}

export function assert4D(t: tf.Tensor, what: string): asserts t is tf.Tensor4D {
  if (t.rank !== 4) throw rankError(t, 4, what);
}

export function assertShape(t: tf.Tensor, shape: readonly number[], what: string): void {
  if (t.rank !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new Error(`${what} must have shape [${shape.join(', ')}], got [${t.shape.join(', ')}]`);
  }
}
