import * as tf from '@tensorflow/tfjs';

/**
 * The reference CNN of the training benchmark (issue 6), built with tf.layers so that it is the
 * same network PyTorch trains in scripts/bench_torch.py: input 28x28x1 → conv 3x3, 16 filters,
 * same padding → ReLU → batchnorm → max-pool 2 → conv 3x3, 32 filters, same → ReLU → max-pool 2 →
 * flatten → dropout 0.5 → dense 10 → softmax cross-entropy; Adam, learning rate 1e-3.
 */
export const REFERENCE_BATCH = 64;

export function buildReferenceModel(seed = 1): tf.LayersModel {
  const init = (k: number) => tf.initializers.heNormal({ seed: seed * 100 + k });
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) }),
      tf.layers.batchNormalization({ axis: -1, momentum: 0.9, epsilon: 1e-5 }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(2) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dropout({ rate: 0.5, seed }),
      tf.layers.dense({ units: 10, kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 100 + 3 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: tf.losses.softmaxCrossEntropy });
  return model;
}

/** A deterministic batch of MNIST-sized inputs and one-hot labels (the benchmark times steps, not learning). */
export function referenceBatch(n = REFERENCE_BATCH, seed = 1): { x: tf.Tensor4D; y: tf.Tensor2D } {
  let s = seed >>> 0 || 1;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const px = new Float32Array(n * 28 * 28);
  for (let i = 0; i < px.length; i++) px[i] = next() * 2 - 1;
  const labels = Array.from({ length: n }, (_, i) => i % 10);
  return tf.tidy(() => ({ x: tf.tensor4d(px, [n, 28, 28, 1]), y: tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat() as tf.Tensor2D }));
}

/** One training step (forward, loss, backward, Adam update); returns the loss. */
export async function referenceTrainStep(model: tf.LayersModel, x: tf.Tensor4D, y: tf.Tensor2D): Promise<number> {
  const r = await model.trainOnBatch(x, y);
  return Array.isArray(r) ? r[0] : r;
}
