import * as tf from '@tensorflow/tfjs';
import { assert2D } from './params';

/**
 * Softmax cross-entropy averaged over the batch. scores: [N, C]; labels: N class indices in
 * [0, C). Returns the loss (a scalar tensor, so a training loop can keep it on the device) and
 * dscores = (softmax(scores) − onehot(labels)) / N.
 */
export function softmaxLoss(
  scores: tf.Tensor,
  labels: tf.Tensor | ArrayLike<number>,
): { loss: tf.Scalar; dscores: tf.Tensor2D } {
  assert2D(scores, 'softmaxLoss scores');
  const [n, c] = scores.shape;
  return tf.tidy(() => {
    const y = labels instanceof tf.Tensor ? tf.cast(labels, 'int32') : tf.tensor1d(Array.from(labels), 'int32');
    if (y.rank !== 1 || y.shape[0] !== n) {
      throw new Error(`softmaxLoss: expected ${n} labels, got shape [${y.shape.join(', ')}]`);
    }
    const onehot = tf.oneHot(y as tf.Tensor1D, c);
    // Subtracting the row maximum keeps exp from overflowing; it cancels in the softmax.
    const shifted = tf.sub(scores, tf.max(scores, 1, true));
    const logProbs = tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), 1, true)));
    const loss = tf.div(tf.neg(tf.sum(tf.mul(onehot, logProbs))), n) as tf.Scalar;
    const dscores = tf.div(tf.sub(tf.exp(logProbs), onehot), n) as tf.Tensor2D;
    return { loss, dscores };
  });
}
