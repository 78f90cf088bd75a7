import * as tf from '@tensorflow/tfjs';
import { requireKernels, runKernel } from './kernels';
import { assert4D, assertShape, kernelPad, pair, type KernelPad, type Padding, type Pair } from './params';
import type { ReluCache } from './relu';

export interface ConvParams {
  stride: Pair;
  pad: Padding;
}

export type Conv2dCache = {
  kind: 'conv2d';
  x: tf.Tensor4D;
  w: tf.Tensor4D;
  strides: [number, number];
  pad: KernelPad;
}

/**
 * x: [N, H, W, C] (NHWC), w: [fh, fw, C, F] (HWIO), b: [F]. Output [N, H', W', F] with
 * H' = floor((H + 2·pad − fh) / stride) + 1 for a numeric pad.
 */
export function conv2dForward(
  x: tf.Tensor,
  w: tf.Tensor,
  b: tf.Tensor,
  params: ConvParams,
): { out: tf.Tensor4D; cache: Conv2dCache } {
  return convForward(x, w, b, params, 'linear');
}

/**
 * conv2dForward followed by reluForward in one kernel (FusedConv2D's activation: in wasm XNNPACK
 * clamps while writing the output): the same values, one pass and one tensor fewer. The ReLU cache
 * holds the output, not the pre-activation: out > 0 exactly where the pre-activation is, which is
 * all reluBackward reads. The caller owns out and both caches.
 */
export function conv2dReluForward(
  x: tf.Tensor,
  w: tf.Tensor,
  b: tf.Tensor,
  params: ConvParams,
): { out: tf.Tensor4D; cache: Conv2dCache; reluCache: ReluCache } {
  const { out, cache } = convForward(x, w, b, params, 'relu');
  return { out, cache, reluCache: { kind: 'relu', x: out.clone() } };
}

function convForward(
  x: tf.Tensor,
  w: tf.Tensor,
  b: tf.Tensor,
  { stride, pad }: ConvParams,
  activation: 'linear' | 'relu',
): { out: tf.Tensor4D; cache: Conv2dCache } {
  assert4D(x, 'conv2d x');
  assert4D(w, 'conv2d w');
  if (x.shape[3] !== w.shape[2]) {
    throw new Error(`conv2d: x has ${x.shape[3]} channels but w expects ${w.shape[2]} (w is HWIO)`);
  }
  assertShape(b, [w.shape[3]], 'conv2d b');
  requireKernels('conv2dForward', 'Conv2D');
  const strides = pair(stride, 'conv2d stride');
  const p = kernelPad(pad);
  // The bias goes into the convolution kernel (FusedConv2D, every backend has it; in wasm XNNPACK
  // adds it while writing the output) instead of a separate pass over the output.
  const out = tf.fused.conv2d({ x: x as tf.Tensor4D, filter: w as tf.Tensor4D, strides, pad: p, bias: b, activation });
  const cache: Conv2dCache = {
    kind: 'conv2d',
    x: x.clone() as tf.Tensor4D,
    w: w.clone() as tf.Tensor4D,
    strides,
    pad: p,
  };
  return { out, cache };
}

/** The attributes Conv2DBackpropInput and Conv2DBackpropFilter share. */
function backpropAttrs({ strides, pad }: Conv2dCache): tf.NamedAttrMap {
  // NamedAttrMap's declared value types omit nested arrays, but the kernels take explicit padding.
  return { strides, pad, dataFormat: 'NHWC', dimRoundingMode: 'floor' } as unknown as tf.NamedAttrMap;
}

/**
 * dx and dw come from the Conv2DBackpropInput / Conv2DBackpropFilter kernels (the transposed
 * convolution and the input–gradient correlation), db from summing dout over N, H', W'.
 */
export function conv2dBackward(
  dout: tf.Tensor,
  cache: Conv2dCache,
): { dx: tf.Tensor4D; dw: tf.Tensor4D; db: tf.Tensor1D } {
  assert4D(dout, 'conv2d dout');
  requireKernels('conv2dBackward', 'Conv2DBackpropInput', 'Conv2DBackpropFilter');
  const { x, w } = cache;
  return tf.tidy(() => {
    const dx = runKernel<tf.Tensor4D>(
      'Conv2DBackpropInput',
      { dy: dout, filter: w },
      { ...backpropAttrs(cache), inputShape: x.shape },
    );
    return { dx, ...conv2dParamGrads(dout, cache) };
  });
}

/**
 * dw and db only: for a first layer, whose input (the images) needs no gradient. Skipping dx
 * saves the transposed convolution, as PyTorch and tf.layers do.
 */
export function conv2dParamGrads(dout: tf.Tensor, cache: Conv2dCache): { dw: tf.Tensor4D; db: tf.Tensor1D } {
  assert4D(dout, 'conv2d dout');
  requireKernels('conv2dParamGrads', 'Conv2DBackpropFilter');
  const { x, w } = cache;
  return tf.tidy(() => ({
    dw: runKernel<tf.Tensor4D>('Conv2DBackpropFilter', { x, dy: dout }, { ...backpropAttrs(cache), filterShape: w.shape }),
    db: tf.sum(dout, [0, 1, 2]) as tf.Tensor1D,
  }));
}
