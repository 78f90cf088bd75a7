/**
 * One layer's forward and explicit backward pass on a small seeded input, on a chosen backend: what
 * the layer playground draws. Imports TF.js statically like the other layer modules; the widget
 * imports this module on demand.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../core/rng';
import { useBackend } from './backend';
import { spatialBatchnormBackward, spatialBatchnormForward } from './batchnorm';
import { disposeCache } from './cache';
import { conv2dBackward, conv2dForward } from './conv';
import { depthwiseConv2dBackward, depthwiseConv2dForward } from './depthwise';
import { dropoutBackward, dropoutForward } from './dropout';
import { maxPoolBackward, maxPoolForward } from './pool';
import { errorMessage } from '../core/errorMessage';

/**
 * conv: 3×3, 3 filters, stride 1, pad 1; depthwise: 3×3, multiplier 1, stride 1, pad 1; maxpool:
 * 2×2, stride 2; spatial-batchnorm: train mode; dropout: keep probability 0.6, train mode.
 */
export type PlaygroundLayer = 'conv' | 'maxpool' | 'spatial-batchnorm' | 'dropout' | 'depthwise';

export interface Map2D {
  rows: number;
  cols: number;
  values: Float32Array;
}

export interface LayerRunResult {
  /** The backend that actually ran (useBackend's answer). */
  backend: string;
  input: Map2D;
  out: Map2D;
  /** Null when the backward pass threw (a missing kernel, typically); dxError then says why. */
  dx: Map2D | null;
  dxError: string | null;
  outShape: number[];
  ms: number;
}

/** Channel `c` of an NHWC tensor's first image. */
export function channel(data: Float32Array, shape: number[], c: number): Map2D {
  const [, h, w, ch] = shape;
  const values = new Float32Array(h * w);
  for (let i = 0; i < h * w; i++) values[i] = data[i * ch + c];
  return { rows: h, cols: w, values };
}


/**
 * Makes `backend` active (and leaves it so), runs `layer` forward on a seeded 1×8×8×2 input and
 * backward with a seeded random upstream gradient. Throws if the backend or the forward pass fails;
 * a failing backward pass is reported in `dxError` instead, so the forward result still shows.
 * Frees every tensor it made.
 */
export async function runLayer(layer: PlaygroundLayer, backend: string, seed: number): Promise<LayerRunResult> {
  const active = await useBackend(backend);
  const rng = createRng(seed);
  const randn = (shape: number[]) => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()), shape);
  const [h, w, c] = [8, 8, 2];
  const owned: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T) => (owned.push(t), t);
  const start = performance.now();
  let forward: { out: tf.Tensor; cache: unknown } | undefined;
  try {
    const x = keep(randn([1, h, w, c]));
    let backward: (dout: tf.Tensor) => tf.Tensor;
    switch (layer) {
      case 'conv': {
        const f = conv2dForward(x, keep(randn([3, 3, c, 3])), keep(randn([3])), { stride: 1, pad: 1 });
        forward = f;
        backward = (d) => {
          const g = conv2dBackward(d, f.cache);
          owned.push(g.dw, g.db);
          return g.dx;
        };
        break;
      }
      case 'depthwise': {
        const f = depthwiseConv2dForward(x, keep(randn([3, 3, c, 1])), { stride: 1, pad: 1 });
        forward = f;
        backward = (d) => {
          const g = depthwiseConv2dBackward(d, f.cache);
          owned.push(g.dw);
          return g.dx;
        };
        break;
      }
      case 'maxpool': {
        const f = maxPoolForward(x, { pool: 2, stride: 2 });
        forward = f;
        backward = (d) => maxPoolBackward(d, f.cache);
        break;
      }
      case 'spatial-batchnorm': {
        const f = spatialBatchnormForward(x, keep(tf.tensor1d([1, 2])), keep(tf.tensor1d([0, 1])), { mode: 'train' });
        owned.push(f.runningMean, f.runningVar);
        forward = f;
        backward = (d) => {
          const g = spatialBatchnormBackward(d, f.cache);
          owned.push(g.dgamma, g.dbeta);
          return g.dx;
        };
        break;
      }
      case 'dropout': {
        const f = dropoutForward(x, { keepProb: 0.6, mode: 'train', seed });
        forward = f;
        backward = (d) => dropoutBackward(d, f.cache);
        break;
      }
    }
    keep(forward.out);
    const outShape = forward.out.shape;
    const outData = (await forward.out.data()) as Float32Array;
    let dx: Map2D | null = null;
    let dxError: string | null = null;
    try {
      const dout = keep(randn(outShape));
      const g = keep(backward(dout));
      dx = channel((await g.data()) as Float32Array, g.shape, 0);
    } catch (err) {
      dxError = errorMessage(err);
    }
    return {
      backend: active,
      input: channel((await x.data()) as Float32Array, x.shape, 0),
      out: channel(outData, outShape, 0),
      dx,
      dxError,
      outShape,
      ms: performance.now() - start,
    };
  } finally {
    if (forward) disposeCache(forward.cache);
    tf.dispose(owned);
  }
}
