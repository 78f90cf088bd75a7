/**
 * Synthetic edge images for the "inductive bias of CNNs" experiment: square grayscale images
 * with a horizontal step edge, a vertical step edge, or no edge (3 classes), seeded.
 *
 * An edge at position p (1 ≤ p ≤ size − 1) separates rows (horizontal) or columns (vertical)
 * p − 1 and p: one side has intensity a, the other b, |a − b| ≥ minContrast, both in [0, 1].
 * "No edge" images have one random intensity. Gaussian noise is added to every pixel.
 * Restricting `positions` lets training see edges in one part of the image only, so a test set
 * with the complementary range shows what each model learned (location vs pattern).
 *
 * Layout: image n occupies images[n·size² … (n+1)·size²), row-major, which is also NHWC with
 * one channel, the layout GradBook's TF.js side uses.
 */
import { createRng, type Rng } from './rng';

export const EDGE_CLASSES = ['none', 'horizontal', 'vertical'] as const;
export type EdgeClassName = (typeof EDGE_CLASSES)[number];
/** 0 = none, 1 = horizontal, 2 = vertical. */
export type EdgeLabel = 0 | 1 | 2;

export interface PositionRange {
  /** Inclusive; 1 ≤ min ≤ max ≤ size − 1. */
  min: number;
  max: number;
}

export interface EdgeDataOptions {
  count: number;
  seed: number | string;
  size?: number;
  positions?: PositionRange;
  noiseStd?: number;
  minContrast?: number;
  /** Which classes to draw; the data set cycles through them, then shuffles. Default all three. */
  classes?: readonly EdgeLabel[];
}

export interface EdgeDataset {
  size: number;
  images: Float32Array;
  labels: Int32Array;
  /** Edge position per image; −1 for "none". */
  positions: Int32Array;
}

/** Edge positions over the whole image, or only its first or second half (disjoint, together all). */
export function positionRange(size: number, part: 'all' | 'firstHalf' | 'secondHalf'): PositionRange {
  const mid = Math.floor((size - 1) / 2);
  if (part === 'firstHalf') return { min: 1, max: mid };
  if (part === 'secondHalf') return { min: mid + 1, max: size - 1 };
  return { min: 1, max: size - 1 };
}

function shuffleInPlace<T>(a: T[], rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [a[i], a[j]] = [a[j], a[i]];
  }
}

function twoLevels(rng: Rng, minContrast: number): [number, number] {
  // Draw the darker level so that a brighter one at least minContrast above it exists.
  const lo = rng.uniform(0, 1 - minContrast);
  const hi = rng.uniform(lo + minContrast, 1);
  return rng.next() < 0.5 ? [lo, hi] : [hi, lo];
}

export function generateEdgeData(opts: EdgeDataOptions): EdgeDataset {
  const size = opts.size ?? 16;
  const range = opts.positions ?? positionRange(size, 'all');
  const noiseStd = opts.noiseStd ?? 0.1;
  const minContrast = opts.minContrast ?? 0.5;
  const classes = opts.classes ?? [0, 1, 2];
  if (!Number.isInteger(size) || size < 2) throw new Error(`size must be an integer ≥ 2, got ${size}`);
  if (!(range.min >= 1 && range.max <= size - 1 && range.min <= range.max)) {
    throw new Error(`positions must satisfy 1 ≤ min ≤ max ≤ ${size - 1}, got [${range.min}, ${range.max}]`);
  }
  if (!(minContrast > 0 && minContrast <= 1)) throw new Error('minContrast must be in (0, 1]');
  if (classes.length === 0) throw new Error('need at least one class');
  const rng = createRng(opts.seed);
  const labelList = Array.from({ length: opts.count }, (_, i) => classes[i % classes.length]);
  shuffleInPlace(labelList, rng);
  const px = size * size;
  const images = new Float32Array(opts.count * px);
  const labels = Int32Array.from(labelList);
  const positions = new Int32Array(opts.count).fill(-1);
  for (let n = 0; n < opts.count; n++) {
    const base = n * px;
    const label = labelList[n];
    if (label === 0) {
      images.fill(rng.uniform(0, 1), base, base + px);
    } else {
      const p = rng.int(range.min, range.max);
      positions[n] = p;
      const [a, b] = twoLevels(rng, minContrast);
      for (let r = 0; r < size; r++) {
        for (let c = 0; c < size; c++) {
          const before = label === 1 ? r < p : c < p;
          images[base + r * size + c] = before ? a : b;
        }
      }
    }
    if (noiseStd > 0) for (let i = 0; i < px; i++) images[base + i] += noiseStd * rng.normal();
  }
  return { size, images, labels, positions };
}

/** A fixed random permutation of numPixels pixel indices (Fisher–Yates, seeded). */
export function pixelPermutation(numPixels: number, seed: number | string): Int32Array {
  const rng = createRng(seed);
  const perm = Array.from({ length: numPixels }, (_, i) => i);
  shuffleInPlace(perm, rng);
  return Int32Array.from(perm);
}

/** Apply the same permutation to every image: out pixel i = in pixel perm[i]. */
export function permutePixels(images: Float32Array, perm: Int32Array): Float32Array {
  const px = perm.length;
  if (images.length % px !== 0) throw new Error('image buffer length is not a multiple of the permutation length');
  const out = new Float32Array(images.length);
  for (let base = 0; base < images.length; base += px) {
    for (let i = 0; i < px; i++) out[base + i] = images[base + perm[i]];
  }
  return out;
}

export function invertPermutation(perm: Int32Array): Int32Array {
  const inv = new Int32Array(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

/**
 * Hand-made 3×3 edge detectors (Sobel) for initializing a first conv layer: HWIO [3, 3, 1, 2],
 * output channel 0 responds to horizontal edges, 1 to vertical edges.
 */
export function sobelFilters(): { shape: [number, number, number, number]; values: Float32Array } {
  const horizontal = [-1, -2, -1, 0, 0, 0, 1, 2, 1];
  const vertical = [-1, 0, 1, -2, 0, 2, -1, 0, 1];
  const values = new Float32Array(18);
  for (let i = 0; i < 9; i++) {
    values[i * 2] = horizontal[i];
    values[i * 2 + 1] = vertical[i];
  }
  return { shape: [3, 3, 1, 2], values };
}
