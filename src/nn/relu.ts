import * as tf from '@tensorflow/tfjs';

export type ReluCache = { kind: 'relu'; x: tf.Tensor };

export function reluForward(x: tf.Tensor): { out: tf.Tensor; cache: ReluCache } {
  return { out: tf.relu(x), cache: { kind: 'relu', x: x.clone() } };
}

/** The gradient passes where x > 0; at exactly 0 it is cut, as in the course and in TF.js. */
export function reluBackward(dout: tf.Tensor, cache: ReluCache): tf.Tensor {
  return tf.tidy(() => tf.mul(dout, tf.step(cache.x)));
}
