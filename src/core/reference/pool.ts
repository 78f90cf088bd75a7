/**
 * Max and average pooling over NCHW images, without padding: windows of poolH × poolW taken every
 * `stride` pixels, output size floor((H − poolH) / stride) + 1 as in the course.
 */
import { NDArray } from './ndarray';

export interface PoolParam {
  /** Window size: one number for a square window, or [height, width]. */
  pool: number | readonly [number, number];
  stride: number;
}

function windowOf(param: PoolParam): [number, number] {
  const [ph, pw] = typeof param.pool === 'number' ? [param.pool, param.pool] : param.pool;
  if (![ph, pw, param.stride].every((v) => Number.isInteger(v) && v >= 1)) {
    throw new RangeError(`pool: window and stride must be integers >= 1 (got ${ph}×${pw}, stride ${param.stride})`);
  }
  return [ph, pw];
}

function pooledShape(x: NDArray, ph: number, pw: number, stride: number): [number, number, number, number] {
  if (x.ndim !== 4) throw new RangeError(`pool: x must be (N, C, H, W), got [${x.shape.join(', ')}]`);
  const [n, c, h, w] = x.shape;
  if (ph > h || pw > w) throw new RangeError(`pool: window ${ph}×${pw} is larger than the ${h}×${w} input`);
  return [n, c, Math.floor((h - ph) / stride) + 1, Math.floor((w - pw) / stride) + 1];
}

export interface MaxPoolCache {
  xShape: readonly number[];
  /** For each output value, the flat index in x of the input it took. */
  argmax: Int32Array;
}

export function maxPoolForward(x: NDArray, param: PoolParam): { out: NDArray; cache: MaxPoolCache } {
  const [ph, pw] = windowOf(param);
  const { stride } = param;
  const [n, c, hOut, wOut] = pooledShape(x, ph, pw, stride);
  const [, , h, w] = x.shape;
  const out = new NDArray([n, c, hOut, wOut]);
  const argmax = new Int32Array(out.size);
  for (let p = 0; p < n * c; p++) {
    for (let i = 0; i < hOut; i++) {
      for (let j = 0; j < wOut; j++) {
        let best = -Infinity;
        let bestAt = -1;
        for (let u = 0; u < ph; u++) {
          for (let v = 0; v < pw; v++) {
            const at = (p * h + i * stride + u) * w + j * stride + v;
            // Strict '>' keeps the first maximum on ties; the gradient then goes to that one only.
            if (x.data[at] > best || bestAt < 0) {
              best = x.data[at];
              bestAt = at;
            }
          }
        }
        const o = (p * hOut + i) * wOut + j;
        out.data[o] = best;
        argmax[o] = bestAt;
      }
    }
  }
  return { out, cache: { xShape: x.shape, argmax } };
}

/** Each output's gradient goes to the one input that won its window; overlapping windows add up. */
export function maxPoolBackward(dout: NDArray, cache: MaxPoolCache): NDArray {
  const dx = new NDArray(cache.xShape);
  for (let o = 0; o < dout.size; o++) dx.data[cache.argmax[o]] += dout.data[o];
  return dx;
}

export interface AvgPoolCache {
  xShape: readonly number[];
  param: PoolParam;
}

export function avgPoolForward(x: NDArray, param: PoolParam): { out: NDArray; cache: AvgPoolCache } {
  const [ph, pw] = windowOf(param);
  const { stride } = param;
  const [n, c, hOut, wOut] = pooledShape(x, ph, pw, stride);
  const [, , h, w] = x.shape;
  const out = new NDArray([n, c, hOut, wOut]);
  for (let p = 0; p < n * c; p++) {
    for (let i = 0; i < hOut; i++) {
      for (let j = 0; j < wOut; j++) {
        let acc = 0;
        for (let u = 0; u < ph; u++) {
          for (let v = 0; v < pw; v++) acc += x.data[(p * h + i * stride + u) * w + j * stride + v];
        }
        out.data[(p * hOut + i) * wOut + j] = acc / (ph * pw);
      }
    }
  }
  return { out, cache: { xShape: x.shape, param } };
}

/** Each output's gradient is shared equally by the ph·pw inputs of its window. */
export function avgPoolBackward(dout: NDArray, cache: AvgPoolCache): NDArray {
  const [ph, pw] = windowOf(cache.param);
  const { stride } = cache.param;
  const [, , h, w] = cache.xShape;
  const [n, c, hOut, wOut] = dout.shape;
  const dx = new NDArray(cache.xShape);
  for (let p = 0; p < n * c; p++) {
    for (let i = 0; i < hOut; i++) {
      for (let j = 0; j < wOut; j++) {
        const g = dout.data[(p * hOut + i) * wOut + j] / (ph * pw);
        for (let u = 0; u < ph; u++) {
          for (let v = 0; v < pw; v++) dx.data[(p * h + i * stride + u) * w + j * stride + v] += g;
        }
      }
    }
  }
  return dx;
}
