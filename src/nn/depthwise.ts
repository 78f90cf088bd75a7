import * as tf from '@tensorflow/tfjs';
import type { ConvParams } from './conv';
import { requireKernels, runKernel } from './kernels';
import { assert4D, kernelPad, pair, type KernelPad } from './params';

export type DepthwiseConv2dCache = {
  kind: 'depthwiseConv2d';
  x: tf.Tensor4D;
  w: tf.Tensor4D;
  strides: [number, number];
  pad: KernelPad;
}

/**
 * x: [N, H, W, C], w: [fh, fw, C, M]. Each input channel c is convolved with its own M filters;
 * output channel c·M + m holds filter m of channel c (TF.js's order). No bias, as in a depthwise
 * separable block where the pointwise conv carries it.
 */
export function depthwiseConv2dForward(
  x: tf.Tensor,
  w: tf.Tensor,
  { stride, pad }: ConvParams,
): { out: tf.Tensor4D; cache: DepthwiseConv2dCache } {
  assert4D(x, 'depthwiseConv2d x');
  assert4D(w, 'depthwiseConv2d w');
  if (x.shape[3] !== w.shape[2]) {
    throw new Error(
      `depthwiseConv2d: x has ${x.shape[3]} channels but w expects ${w.shape[2]} (w is [fh, fw, inC, multiplier])`,
    );
  }
  requireKernels('depthwiseConv2dForward', 'DepthwiseConv2dNative');
  const strides = pair(stride, 'depthwiseConv2d stride');
  const p = kernelPad(pad);
  const out = tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, strides, p);
  const cache: DepthwiseConv2dCache = {
    kind: 'depthwiseConv2d',
    x: x.clone() as tf.Tensor4D,
    w: w.clone() as tf.Tensor4D,
    strides,
    pad: p,
  };
  return { out, cache };
}

export function depthwiseConv2dBackward(
  dout: tf.Tensor,
  cache: DepthwiseConv2dCache,
): { dx: tf.Tensor4D; dw: tf.Tensor4D } {
  assert4D(dout, 'depthwiseConv2d dout');
  requireKernels(
    'depthwiseConv2dBackward',
    'DepthwiseConv2dNativeBackpropInput',
    'DepthwiseConv2dNativeBackpropFilter',
  );
  const { x, w, strides, pad } = cache;
  // NamedAttrMap's declared value types omit nested arrays, but the kernels take explicit padding.
  const common = { strides, pad, dilations: [1, 1], dimRoundingMode: 'floor' } as unknown as tf.NamedAttrMap;
  return tf.tidy(() => {
    const dx = runKernel<tf.Tensor4D>(
      'DepthwiseConv2dNativeBackpropInput',
      { dy: dout, filter: w },
      { ...common, inputShape: x.shape },
    );
    const dw = runKernel<tf.Tensor4D>(
      'DepthwiseConv2dNativeBackpropFilter',
      { x, dy: dout },
      { ...common, filterShape: w.shape },
    );
    return { dx, dw };
  });
}
