/**
 * 2-D convolution (really cross-correlation, as in every deep-learning library) and depthwise
 * convolution, NCHW, with stride and zero padding. Written as the naive nested loops of the
 * course: the point is to be obviously right, not fast.
 */
import { NDArray } from './ndarray';

export interface ConvParam {
  stride: number;
  /** Zeros added on every side of each spatial axis. */
  pad: number;
}

/** Output length along one axis: floor((size + 2·pad − kernel) / stride) + 1, as in the course. */
export function convOutputSize(size: number, kernel: number, stride: number, pad: number): number {
  if (!(Number.isInteger(stride) && stride >= 1) || !(Number.isInteger(pad) && pad >= 0)) {
    throw new RangeError(`conv: stride must be an integer >= 1 and pad an integer >= 0 (got ${stride}, ${pad})`);
  }
  const out = Math.floor((size + 2 * pad - kernel) / stride) + 1;
  if (out < 1) throw new RangeError(`conv: kernel ${kernel} does not fit input ${size} with pad ${pad}`);
  return out;
}

/** (N, C, H, W) -> (N, C, H + 2·pad, W + 2·pad) with zeros around, like `np.pad`. */
export function zeroPad2d(x: NDArray, pad: number): NDArray {
  const [n, c, h, w] = x.shape;
  const hp = h + 2 * pad;
  const wp = w + 2 * pad;
  const out = new NDArray([n, c, hp, wp]);
  for (let p = 0; p < n * c; p++) {
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) out.data[(p * hp + i + pad) * wp + j + pad] = x.data[(p * h + i) * w + j];
    }
  }
  return out;
}

/** The inverse of `zeroPad2d` for gradients: keep the interior, drop the border. */
function cropPad2d(xp: NDArray, pad: number): NDArray {
  const [n, c, hp, wp] = xp.shape;
  const h = hp - 2 * pad;
  const w = wp - 2 * pad;
  const out = new NDArray([n, c, h, w]);
  for (let p = 0; p < n * c; p++) {
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) out.data[(p * h + i) * w + j] = xp.data[(p * hp + i + pad) * wp + j + pad];
    }
  }
  return out;
}

/** Flat index into a contiguous (A, B, C, D) array; indexing through `get` is too slow for grad checks. */
function at4(shape: readonly number[]): (a: number, b: number, c: number, d: number) => number {
  const [, s1, s2, s3] = shape;
  return (a, b, c, d) => ((a * s1 + b) * s2 + c) * s3 + d;
}

export interface Conv2dCache {
  xPadded: NDArray;
  w: NDArray;
  param: ConvParam;
}

/**
 * x (N, C, H, W), w (F, C, HH, WW), b (F) -> out (N, F, H', W'):
 * out[n, f, i, j] = b[f] + Σ_{c,u,v} xpad[n, c, i·stride + u, j·stride + v] · w[f, c, u, v].
 */
export function conv2dForward(
  x: NDArray,
  w: NDArray,
  b: NDArray,
  param: ConvParam,
): { out: NDArray; cache: Conv2dCache } {
  const [n, c, h, wd] = x.shape;
  const [f, cw, hh, ww] = w.shape;
  if (x.ndim !== 4 || w.ndim !== 4 || cw !== c || b.ndim !== 1 || b.shape[0] !== f) {
    throw new RangeError(
      `conv2d: x [${x.shape.join(', ')}] (N,C,H,W), w [${w.shape.join(', ')}] (F,C,HH,WW), b [${b.shape.join(', ')}] (F) do not fit`,
    );
  }
  const { stride, pad } = param;
  const hOut = convOutputSize(h, hh, stride, pad);
  const wOut = convOutputSize(wd, ww, stride, pad);
  const xp = zeroPad2d(x, pad);
  const out = new NDArray([n, f, hOut, wOut]);
  const X = at4(xp.shape);
  const Wt = at4(w.shape);
  const O = at4(out.shape);
  for (let s = 0; s < n; s++) {
    for (let k = 0; k < f; k++) {
      for (let i = 0; i < hOut; i++) {
        for (let j = 0; j < wOut; j++) {
          let acc = b.data[k];
          for (let ch = 0; ch < c; ch++) {
            for (let u = 0; u < hh; u++) {
              for (let v = 0; v < ww; v++) {
                acc += xp.data[X(s, ch, i * stride + u, j * stride + v)] * w.data[Wt(k, ch, u, v)];
              }
            }
          }
          out.data[O(s, k, i, j)] = acc;
        }
      }
    }
  }
  return { out, cache: { xPadded: xp, w, param } };
}

/**
 * Every output value touched one window of the padded input; its gradient flows back to that
 * window through the weights (dx) and to the weights through the window (dw).
 */
export function conv2dBackward(dout: NDArray, cache: Conv2dCache): { dx: NDArray; dw: NDArray; db: NDArray } {
  const { xPadded: xp, w, param } = cache;
  const { stride, pad } = param;
  const [n, c] = xp.shape;
  const [f, , hh, ww] = w.shape;
  const [, , hOut, wOut] = dout.shape;
  const dxp = new NDArray(xp.shape);
  const dw = new NDArray(w.shape);
  const db = new NDArray([f]);
  const X = at4(xp.shape);
  const Wt = at4(w.shape);
  const O = at4(dout.shape);
  for (let s = 0; s < n; s++) {
    for (let k = 0; k < f; k++) {
      for (let i = 0; i < hOut; i++) {
        for (let j = 0; j < wOut; j++) {
          const g = dout.data[O(s, k, i, j)];
          db.data[k] += g;
          for (let ch = 0; ch < c; ch++) {
            for (let u = 0; u < hh; u++) {
              for (let v = 0; v < ww; v++) {
                const xi = X(s, ch, i * stride + u, j * stride + v);
                const wi = Wt(k, ch, u, v);
                dw.data[wi] += g * xp.data[xi];
                dxp.data[xi] += g * w.data[wi];
              }
            }
          }
        }
      }
    }
  }
  return { dx: cropPad2d(dxp, pad), dw, db };
}

export interface DepthwiseConv2dCache {
  xPadded: NDArray;
  w: NDArray;
  param: ConvParam;
}

/**
 * Depthwise convolution: each input channel is convolved with its own M filters and channels
 * never mix. x (N, C, H, W), w (C, M, HH, WW) -> out (N, C·M, H', W'), where output channel
 * c·M + m is input channel c under filter m. That is the channel order of TF.js's
 * depthwiseConv2d, whose filter [fh, fw, C, M] is this w transposed to (HH, WW, C, M).
 * No bias: in a depthwise separable block the bias belongs to the pointwise convolution.
 */
export function depthwiseConv2dForward(
  x: NDArray,
  w: NDArray,
  param: ConvParam,
): { out: NDArray; cache: DepthwiseConv2dCache } {
  const [n, c, h, wd] = x.shape;
  const [cw, m, hh, ww] = w.shape;
  if (x.ndim !== 4 || w.ndim !== 4 || cw !== c) {
    throw new RangeError(
      `depthwiseConv2d: x [${x.shape.join(', ')}] (N,C,H,W) and w [${w.shape.join(', ')}] (C,M,HH,WW) do not fit`,
    );
  }
  const { stride, pad } = param;
  const hOut = convOutputSize(h, hh, stride, pad);
  const wOut = convOutputSize(wd, ww, stride, pad);
  const xp = zeroPad2d(x, pad);
  const out = new NDArray([n, c * m, hOut, wOut]);
  const X = at4(xp.shape);
  const Wt = at4(w.shape);
  const O = at4(out.shape);
  for (let s = 0; s < n; s++) {
    for (let ch = 0; ch < c; ch++) {
      for (let k = 0; k < m; k++) {
        for (let i = 0; i < hOut; i++) {
          for (let j = 0; j < wOut; j++) {
            let acc = 0;
            for (let u = 0; u < hh; u++) {
              for (let v = 0; v < ww; v++) {
                acc += xp.data[X(s, ch, i * stride + u, j * stride + v)] * w.data[Wt(ch, k, u, v)];
              }
            }
            out.data[O(s, ch * m + k, i, j)] = acc;
          }
        }
      }
    }
  }
  return { out, cache: { xPadded: xp, w, param } };
}

export function depthwiseConv2dBackward(dout: NDArray, cache: DepthwiseConv2dCache): { dx: NDArray; dw: NDArray } {
  const { xPadded: xp, w, param } = cache;
  const { stride, pad } = param;
  const [n, c] = xp.shape;
  const [, m, hh, ww] = w.shape;
  const [, , hOut, wOut] = dout.shape;
  const dxp = new NDArray(xp.shape);
  const dw = new NDArray(w.shape);
  const X = at4(xp.shape);
  const Wt = at4(w.shape);
  const O = at4(dout.shape);
  for (let s = 0; s < n; s++) {
    for (let ch = 0; ch < c; ch++) {
      for (let k = 0; k < m; k++) {
        for (let i = 0; i < hOut; i++) {
          for (let j = 0; j < wOut; j++) {
            const g = dout.data[O(s, ch * m + k, i, j)];
            for (let u = 0; u < hh; u++) {
              for (let v = 0; v < ww; v++) {
                const xi = X(s, ch, i * stride + u, j * stride + v);
                const wi = Wt(ch, k, u, v);
                dw.data[wi] += g * xp.data[xi];
                dxp.data[xi] += g * w.data[wi];
              }
            }
          }
        }
      }
    }
  }
  return { dx: cropPad2d(dxp, pad), dw };
}
