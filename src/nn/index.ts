/**
 * GradBook's tensor layers: TF.js ops with explicit backward passes, NHWC images, HWIO conv
 * filters, [fh, fw, inC, multiplier] depthwise filters. Outside checks call these names; keep them.
 * Ownership of tensors: see cache.ts (callers free caches with disposeCache).
 */
export { disposeCache } from './cache';
export { conv2dForward, conv2dReluForward, conv2dBackward, conv2dParamGrads, type ConvParams, type Conv2dCache } from './conv';
export { depthwiseConv2dForward, depthwiseConv2dBackward, type DepthwiseConv2dCache } from './depthwise';
export {
  batchnormForward,
  batchnormBackward,
  spatialBatchnormForward,
  spatialBatchnormBackward,
  type BatchnormParams,
  type BatchnormCache,
  type BatchnormResult,
  type SpatialBatchnormCache,
} from './batchnorm';
export { dropoutForward, dropoutBackward, type DropoutParams, type DropoutCache } from './dropout';
export {
  maxPoolForward,
  maxPoolBackward,
  maxPoolBackwardOps,
  maxPoolGradKernelIsSound,
  avgPoolForward,
  avgPoolBackward,
  type PoolParams,
  type PoolCache,
} from './pool';
export { affineForward, affineBackward, denseForward, denseBackward, type AffineCache } from './dense';
export { reluForward, reluBackward, type ReluCache } from './relu';
export { softmaxLoss } from './loss';
export { MissingKernelError, hasKernel, requireKernels } from './kernels';
export type { Pair, Padding } from './params';
export {
  BACKENDS,
  useBackend,
  wasmThreads,
  setBackend,
  listAvailableBackends,
  currentBackend,
  isBackendName,
  type BackendName,
} from './backend';
export { relError, absError, scaledError, compareWithAutodiff, type GradComparison } from './gradcheck';
