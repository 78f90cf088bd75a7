import * as tf from '@tensorflow/tfjs';
import { fusedKernelsUsable, RELU_BACKWARD } from './kernels';

export type ReluCache = { kind: 'relu'; x: tf.Tensor };

export function reluForward(x: tf.Tensor): { out: tf.Tensor; cache: ReluCache } {
  return { out: tf.relu(x), cache: { kind: 'relu', x: x.clone() } };
}

/** The gradient passes where x > 0; at exactly 0 it is cut, as in the course and in TF.js. */
export function reluBackward(dout: tf.Tensor, cache: ReluCache): tf.Tensor {
  // One pass where the backend has GradBook's fused kernel (wasm), else two ops.
  if (fusedKernelsUsable(RELU_BACKWARD) && dout.dtype === 'float32' && cache.x.dtype === 'float32') {
    return tf.engine().runKernel(RELU_BACKWARD, { dy: dout, x: cache.x }, {}) as tf.Tensor;
  }
  return tf.tidy(() => tf.mul(dout, tf.step(cache.x)));
}
