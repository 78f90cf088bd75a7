import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { createRng, type Rng } from '../../../src/core/rng';

export { createRng, type Rng };

/** max |a − b| over max |b| (the reference's largest magnitude): float32-aware, for kernel comparisons. */
export function errorOverReference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let mag = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    mag = Math.max(mag, Math.abs(b[i]));
  }
  return mag === 0 ? diff : diff / mag;
}

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

export function randn(rng: Rng, shape: number[], scale = 1, shift = 0): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = shift + scale * rng.normal();
  return tf.tensor(data, shape, 'float32');
}

/** numpy.linspace(lo, hi, n), computed in float64. */
export function linspace(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

/** Runs fn and checks that it leaves the tensor count where it found it. */
export async function expectNoLeak(fn: () => void | Promise<void>): Promise<void> {
  const before = tf.memory().numTensors;
  await fn();
  expect(tf.memory().numTensors).toBe(before);
}

export async function values(t: tf.Tensor): Promise<Float64Array> {
  return Float64Array.from(await t.data());
}

/** A dense float64 NHWC-or-anything array, row-major. */
export interface Arr {
  shape: number[];
  data: Float64Array;
}

export async function toArr(t: tf.Tensor): Promise<Arr> {
  return { shape: t.shape.slice(), data: await values(t) };
}

/**
 * Textbook float64 convolution, NHWC input, HWIO filter, symmetric zero padding `pad`; written
 * independently of TF.js so the conv kernels are checked against something other than themselves.
 * Returns out, and for a given dout the gradients dx, dw (db is Σ dout, checked elsewhere).
 */
export function naiveConv(
  x: Arr,
  w: Arr,
  stride: [number, number],
  pad: [number, number],
  dout?: Arr,
): { out: Arr; dx?: Float64Array; dw?: Float64Array } {
  const [n, h, wd, c] = x.shape;
  const [fh, fw, , f] = w.shape;
  const ho = Math.floor((h + 2 * pad[0] - fh) / stride[0]) + 1;
  const wo = Math.floor((wd + 2 * pad[1] - fw) / stride[1]) + 1;
  const out = new Float64Array(n * ho * wo * f);
  const dx = dout ? new Float64Array(x.data.length) : undefined;
  const dw = dout ? new Float64Array(w.data.length) : undefined;
  const xi = (b: number, i: number, j: number, k: number) => ((b * h + i) * wd + j) * c + k;
  const wi = (i: number, j: number, k: number, o: number) => ((i * fw + j) * c + k) * f + o;
  for (let b = 0; b < n; b++)
    for (let oi = 0; oi < ho; oi++)
      for (let oj = 0; oj < wo; oj++)
        for (let o = 0; o < f; o++) {
          const oIdx = ((b * ho + oi) * wo + oj) * f + o;
          const g = dout ? dout.data[oIdx] : 0;
          let s = 0;
          for (let i = 0; i < fh; i++)
            for (let j = 0; j < fw; j++) {
              const r = oi * stride[0] + i - pad[0];
              const q = oj * stride[1] + j - pad[1];
              if (r < 0 || r >= h || q < 0 || q >= wd) continue;
              for (let k = 0; k < c; k++) {
                s += x.data[xi(b, r, q, k)] * w.data[wi(i, j, k, o)];
                if (dx && dw) {
                  dx[xi(b, r, q, k)] += g * w.data[wi(i, j, k, o)];
                  dw[wi(i, j, k, o)] += g * x.data[xi(b, r, q, k)];
                }
              }
            }
          out[oIdx] = s;
        }
  return { out: { shape: [n, ho, wo, f], data: out }, dx, dw };
}

/** Textbook float64 depthwise convolution, filter [fh, fw, C, M], output channel c·M + m. */
export function naiveDepthwise(
  x: Arr,
  w: Arr,
  stride: [number, number],
  pad: [number, number],
  dout?: Arr,
): { out: Arr; dx?: Float64Array; dw?: Float64Array } {
  const [n, h, wd, c] = x.shape;
  const [fh, fw, , m] = w.shape;
  const ho = Math.floor((h + 2 * pad[0] - fh) / stride[0]) + 1;
  const wo = Math.floor((wd + 2 * pad[1] - fw) / stride[1]) + 1;
  const out = new Float64Array(n * ho * wo * c * m);
  const dx = dout ? new Float64Array(x.data.length) : undefined;
  const dw = dout ? new Float64Array(w.data.length) : undefined;
  for (let b = 0; b < n; b++)
    for (let oi = 0; oi < ho; oi++)
      for (let oj = 0; oj < wo; oj++)
        for (let k = 0; k < c; k++)
          for (let q = 0; q < m; q++) {
            const oIdx = ((b * ho + oi) * wo + oj) * c * m + k * m + q;
            const g = dout ? dout.data[oIdx] : 0;
            let s = 0;
            for (let i = 0; i < fh; i++)
              for (let j = 0; j < fw; j++) {
                const r = oi * stride[0] + i - pad[0];
                const col = oj * stride[1] + j - pad[1];
                if (r < 0 || r >= h || col < 0 || col >= wd) continue;
                const xIdx = ((b * h + r) * wd + col) * c + k;
                const wIdx = ((i * fw + j) * c + k) * m + q;
                s += x.data[xIdx] * w.data[wIdx];
                if (dx && dw) {
                  dx[xIdx] += g * w.data[wIdx];
                  dw[wIdx] += g * x.data[xIdx];
                }
              }
            out[oIdx] = s;
          }
  return { out: { shape: [n, ho, wo, c * m], data: out }, dx, dw };
}

/** Textbook float64 max pool without padding; the gradient goes to the first maximum of a window. */
export function naiveMaxPool(
  x: Arr,
  pool: [number, number],
  stride: [number, number],
  dout?: Arr,
): { out: Arr; dx?: Float64Array } {
  const [n, h, wd, c] = x.shape;
  const ho = Math.floor((h - pool[0]) / stride[0]) + 1;
  const wo = Math.floor((wd - pool[1]) / stride[1]) + 1;
  const out = new Float64Array(n * ho * wo * c);
  const dx = dout ? new Float64Array(x.data.length) : undefined;
  for (let b = 0; b < n; b++)
    for (let oi = 0; oi < ho; oi++)
      for (let oj = 0; oj < wo; oj++)
        for (let k = 0; k < c; k++) {
          let best = -Infinity;
          let at = -1;
          for (let i = 0; i < pool[0]; i++)
            for (let j = 0; j < pool[1]; j++) {
              const idx = ((b * h + oi * stride[0] + i) * wd + oj * stride[1] + j) * c + k;
              if (x.data[idx] > best) {
                best = x.data[idx];
                at = idx;
              }
            }
          const oIdx = ((b * ho + oi) * wo + oj) * c + k;
          out[oIdx] = best;
          if (dx && dout) dx[at] += dout.data[oIdx];
        }
  return { out: { shape: [n, ho, wo, c], data: out }, dx };
}
