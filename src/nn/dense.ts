import * as tf from '@tensorflow/tfjs';
import { assert2D, assertShape } from './params';

export type AffineCache = {
  kind: 'affine';
  /** The input flattened to [N, D]. */
  x: tf.Tensor2D;
  /** The original input shape, to restore dx. */
  shape: number[];
  w: tf.Tensor2D;
};

/**
 * x: [N, d1, ..., dk] flattened to [N, D] (D = d1·…·dk, in NHWC order for images), w: [D, M],
 * b: [M]. out = x·w + b, shape [N, M].
 */
export function affineForward(
  x: tf.Tensor,
  w: tf.Tensor,
  b: tf.Tensor,
): { out: tf.Tensor2D; cache: AffineCache } {
  assert2D(w, 'affine w');
  if (x.rank < 1) throw new Error('affine x must have a batch axis');
  const n = x.shape[0];
  const d = x.size / Math.max(n, 1);
  if (d !== w.shape[0]) {
    throw new Error(`affine: x has ${d} features per example but w has ${w.shape[0]} rows`);
  }
  assertShape(b, [w.shape[1]], 'affine b');
  const flat = tf.reshape(x, [n, d]) as tf.Tensor2D;
  const out = tf.tidy(() => tf.add(tf.matMul(flat, w as tf.Tensor2D), b)) as tf.Tensor2D;
  return { out, cache: { kind: 'affine', x: flat, shape: x.shape.slice(), w: w.clone() as tf.Tensor2D } };
}

export function affineBackward(
  dout: tf.Tensor,
  cache: AffineCache,
): { dx: tf.Tensor; dw: tf.Tensor2D; db: tf.Tensor1D } {
  assert2D(dout, 'affine dout');
  return tf.tidy(() => {
    const dx = tf.reshape(tf.matMul(dout, cache.w, false, true), cache.shape);
    const dw = tf.matMul(cache.x, dout, true, false) as tf.Tensor2D;
    const db = tf.sum(dout, 0) as tf.Tensor1D;
    return { dx, dw, db };
  });
}

/** The same layer under the name TF.js and Keras use. */
export const denseForward = affineForward;
export const denseBackward = affineBackward;
