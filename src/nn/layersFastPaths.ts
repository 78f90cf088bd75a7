import * as tf from '@tensorflow/tfjs';
import { fusedKernelsUsable, hasKernel, RELU_BACKWARD, SPATIAL_BATCHNORM_BACKWARD, SPATIAL_BATCHNORM_TRAIN } from './kernels';

/**
 * GradBook's fused kernels for a student's own tf.layers model (issue 15, item 3). tf.layers trains
 * through tf's gradient registry, so GradBook's explicit backward passes never run there; on wasm a
 * `trainOnBatch` step spent about twice the src/nn path's CPU time, a third of it in batch
 * normalization (tf.moments + tf.batchNorm forward, and their gradients: a dozen broadcast ops over
 * the activation) and in ReLU's gradient (Step, Cast, Multiply). Installed once, by
 * `useBackend('wasm')`; both take effect only where the active backend registers GradBook's kernels
 * and otherwise do exactly what TF.js does.
 */

let installed = false;
let enabled = true;

/** Turns the fast paths off and on again (the benchmark's before/after); on by default. */
export function setLayersFastPathsEnabled(on: boolean): void {
  enabled = on;
}

/** Installs the fast paths (idempotent). */
export function installLayersFastPaths(): void {
  if (installed) return;
  installed = true;
  installReluGradient();
  installBatchNormalization();
}

/**
 * ReLU's gradient: GradBook's one-pass kernel where the backend has it and no tape records the
 * backward pass (a second-order gradient needs the ops, whose gradients TF.js knows), else TF.js's
 * own gradient. Same values: dy where x > 0, 0 elsewhere (at 0 too).
 */
function installReluGradient(): void {
  const stock = tf.getGradient('Relu');
  if (!stock) return;
  tf.registerGradient({
    ...stock,
    gradFunc: (dy, saved, attrs) => {
      const x = saved[0];
      const g = dy as tf.Tensor;
      if (enabled && g.dtype === 'float32' && x.dtype === 'float32' && fusedKernelsUsable(RELU_BACKWARD)) {
        return { x: () => tf.engine().runKernel(RELU_BACKWARD, { dy: g, x }, {}) as tf.Tensor };
      }
      return stock.gradFunc(dy, saved, attrs);
    },
  });
}

interface BatchNormLayer {
  axis: number;
  epsilon: number;
  momentum: number;
  gamma: { read(): tf.Tensor } | null;
  beta: { read(): tf.Tensor } | null;
  movingMean: { read(): tf.Tensor; write(t: tf.Tensor): void };
  movingVariance: { read(): tf.Tensor; write(t: tf.Tensor): void };
  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[];
}

/**
 * tf.layers.batchNormalization in training, for NHWC images normalized per channel (the layer's
 * default axis -1 on a 4D input) with scale and centre: GradBook's fused train kernel forward (batch
 * mean and the variance divided by N, as tf.moments) and its fused backward as the gradient, in one
 * tf.customGrad, then the layer's own moving-average update. Every other case (inference, other
 * axes or ranks, another backend) runs the layer's own call.
 */
function installBatchNormalization(): void {
  const proto = Object.getPrototypeOf(tf.layers.batchNormalization({})) as BatchNormLayer;
  const stockCall = proto.call;
  proto.call = function (this: BatchNormLayer, inputs, kwargs) {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor;
    const training = kwargs?.training === true;
    const channelsLast = x.rank === 4 && (this.axis === -1 || this.axis === 3);
    if (
      !enabled ||
      !training ||
      !channelsLast ||
      (Array.isArray(inputs) && inputs.length !== 1) ||
      x.dtype !== 'float32' ||
      !this.gamma ||
      !this.beta ||
      !hasKernel(SPATIAL_BATCHNORM_TRAIN) ||
      !hasKernel(SPATIAL_BATCHNORM_BACKWARD)
    ) {
      return stockCall.call(this, inputs, kwargs);
    }
    const eps = this.epsilon;
    return tf.tidy(() => {
      let batchMean: tf.Tensor | null = null;
      let batchVariance: tf.Tensor | null = null;
      const normalize = tf.customGrad((...args: unknown[]) => {
        const [input, gamma, beta, save] = args as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
        const [out, mean, variance, invStd] = tf.engine().runKernel(SPATIAL_BATCHNORM_TRAIN, { x: input, gamma, beta }, { eps }) as unknown as tf.Tensor[];
        batchMean = tf.keep(mean);
        batchVariance = tf.keep(variance);
        save([input, mean, invStd, gamma]);
        return {
          value: out,
          gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
            const [sx, smean, sinvStd, sgamma] = saved;
            const d = dy as tf.Tensor4D;
            if (fusedKernelsUsable(SPATIAL_BATCHNORM_BACKWARD)) {
              return tf.engine().runKernel(SPATIAL_BATCHNORM_BACKWARD, { dy: d, x: sx, mean: smean, invStd: sinvStd, gamma: sgamma }, {}) as unknown as tf.Tensor[];
            }
            return batchnormGradOps(d, sx as tf.Tensor4D, smean, sinvStd, sgamma);
          },
        };
      });
      const out = normalize(x, this.gamma!.read(), this.beta!.read());
      // The layer's doMovingAverage: moving - (moving - batch) * (1 - momentum).
      const update = (variable: BatchNormLayer['movingMean'], value: tf.Tensor) =>
        tf.tidy(() => {
          const orig = variable.read();
          variable.write(tf.sub(orig, tf.mul(tf.sub(orig, value), 1 - this.momentum)));
        });
      update(this.movingMean, batchMean!);
      update(this.movingVariance, batchVariance!);
      tf.dispose([batchMean!, batchVariance!]);
      return out;
    });
  };
}

/**
 * The train-mode batchnorm gradient [dx, dgamma, dbeta] with ops (differentiable again), for a
 * tape that records the backward pass (a second-order gradient); exported for its test.
 */
export function batchnormGradOps(dy: tf.Tensor4D, x: tf.Tensor4D, mean: tf.Tensor, invStd: tf.Tensor, gamma: tf.Tensor): tf.Tensor[] {
  const n = x.size / x.shape[3];
  const axes = [0, 1, 2];
  const xhat = tf.mul(tf.sub(x, mean), invStd);
  const dbeta = tf.sum(dy, axes);
  const dgamma = tf.sum(tf.mul(dy, xhat), axes);
  const dx = tf.mul(tf.div(tf.mul(gamma, invStd), n), tf.sub(tf.sub(tf.mul(dy, n), dbeta), tf.mul(xhat, dgamma)));
  return [dx, dgamma, dbeta];
}
