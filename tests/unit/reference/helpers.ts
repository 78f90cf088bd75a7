/** Shared fixtures for the reference tests: seeded inputs and per-column statistics. */
import { createRng, type Rng } from '../../../src/core/rng';
import { NDArray, map, randn, type Shape } from '../../../src/core/reference';

export { createRng };
export type { Rng };

/** scale·N(0, 1) + shift, like the course's `scale * np.random.randn(...) + shift`. */
export function randnAffine(shape: Shape, rng: Rng, scale = 1, shift = 0): NDArray {
  return map(randn(shape, rng), (v) => scale * v + shift);
}

/** Labels uniform in [0, classes), like `np.random.randint(classes, size=n)`. */
export function randLabels(n: number, classes: number, rng: Rng): number[] {
  return Array.from({ length: n }, () => rng.int(0, classes - 1));
}

/** Per-column mean and population standard deviation (NumPy's default ddof = 0) of an (N, D) array. */
export function columnStats(x: NDArray): { means: number[]; stds: number[] } {
  const [n, d] = x.shape;
  const means = new Array<number>(d).fill(0);
  const stds = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) means[j] += x.data[i * d + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) stds[j] += (x.data[i * d + j] - means[j]) ** 2 / n;
  return { means, stds: stds.map(Math.sqrt) };
}

/** Per-channel mean and population std of an (N, C, H, W) array, over N, H and W. */
export function channelStats(x: NDArray): { means: number[]; stds: number[] } {
  const [n, c, h, w] = x.shape;
  const means = new Array<number>(c).fill(0);
  const sq = new Array<number>(c).fill(0);
  const m = n * h * w;
  for (let s = 0; s < n; s++) {
    for (let ch = 0; ch < c; ch++) {
      for (let k = 0; k < h * w; k++) means[ch] += x.data[(s * c + ch) * h * w + k] / m;
    }
  }
  for (let s = 0; s < n; s++) {
    for (let ch = 0; ch < c; ch++) {
      for (let k = 0; k < h * w; k++) sq[ch] += (x.data[(s * c + ch) * h * w + k] - means[ch]) ** 2 / m;
    }
  }
  return { means, stds: sq.map(Math.sqrt) };
}

export function maxAbsDiff(a: readonly number[], b: readonly number[]): number {
  return Math.max(...a.map((v, i) => Math.abs(v - b[i])));
}
