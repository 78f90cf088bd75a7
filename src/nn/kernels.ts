import * as tf from '@tensorflow/tfjs';

/**
 * Thrown when the active backend has no kernel for an op a layer needs. TF.js's own message
 * ("Kernel 'X' not registered for backend 'Y'") comes from deep inside tf.grad or an op and does not
 * say which layer wanted it; this one does, so a test report or the page can name the gap.
 */
export class MissingKernelError extends Error {
  readonly kernel: string;
  readonly backend: string;
  constructor(kernel: string, backend: string, layer: string) {
    super(
      `The '${backend}' backend registers no '${kernel}' kernel, which ${layer} needs. ` +
        `Use another backend (cpu, webgl, webgpu) or register the kernel for '${backend}'.`,
    );
    this.name = 'MissingKernelError';
    this.kernel = kernel;
    this.backend = backend;
  }
}

/** True when the active backend registers `kernel`. */
export function hasKernel(kernel: string, backend: string = tf.getBackend()): boolean {
  return tf.getKernel(kernel, backend) !== undefined;
}

/**
 * GradBook's own fused kernels: no TF.js op has these names. A backend may register them
 * (wasm/kernels.ts does, for wasm); they have no gradients of their own.
 */
export const SPATIAL_BATCHNORM_TRAIN = 'GradBookSpatialBatchnormTrain';
export const SPATIAL_BATCHNORM_BACKWARD = 'GradBookSpatialBatchnormBackward';
export const RELU_BACKWARD = 'GradBookReluBackward';
export const ADAM_UPDATE = 'GradBookAdam';
export const DROPOUT_TRAIN = 'GradBookDropout';

/**
 * True when the active backend registers every one of GradBook's fused `kernels` and no gradient
 * tape records (under tf.grad the layers must take the op path, whose gradients TF.js knows).
 */
export function fusedKernelsUsable(...kernels: string[]): boolean {
  return tf.engine().state.gradientDepth === 0 && kernels.every((k) => hasKernel(k));
}

/**
 * Checks every kernel up front, before anything is allocated, so a missing kernel never leaves
 * half-built tensors behind.
 */
export function requireKernels(layer: string, ...kernels: string[]): void {
  const backend = tf.getBackend();
  for (const kernel of kernels) {
    if (!hasKernel(kernel, backend)) throw new MissingKernelError(kernel, backend, layer);
  }
}

/**
 * Runs a kernel by name. The backprop ops (conv2DBackpropFilter and friends) are internal to
 * tfjs-core, but the kernels behind them are registered on the engine under public names, and the
 * engine's runKernel is public; this is how tfjs-core's own gradients call them.
 */
export function runKernel<T extends tf.Tensor>(
  kernel: string,
  inputs: tf.NamedTensorMap,
  attrs: tf.NamedAttrMap,
): T {
  return tf.engine().runKernel<T>(kernel, inputs, attrs);
}
