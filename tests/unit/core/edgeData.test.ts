import { describe, expect, it } from 'vitest';
import {
  generateEdgeData,
  invertPermutation,
  permutePixels,
  pixelPermutation,
  positionRange,
  sobelFilters,
} from '../../../src/core/edgeData';

const pixel = (d: { images: Float32Array; size: number }, n: number, r: number, c: number): number =>
  d.images[n * d.size * d.size + r * d.size + c];

describe('edge data', () => {
  it('draws clean images of the three kinds with the edge where it says', () => {
    const d = generateEdgeData({ count: 60, seed: 1, noiseStd: 0 });
    expect(d.images.length).toBe(60 * 256);
    expect([0, 1, 2].map((k) => d.labels.filter((l) => l === k).length)).toEqual([20, 20, 20]);
    for (let n = 0; n < 60; n++) {
      const p = d.positions[n];
      const a = pixel(d, n, 0, 0);
      const b = pixel(d, n, 15, 15);
      if (d.labels[n] === 0) {
        expect(p).toBe(-1);
        expect(b).toBe(a);
        continue;
      }
      expect(Math.abs(a - b)).toBeGreaterThanOrEqual(0.5 - 1e-6);
      for (let i = 0; i < 16; i++) {
        if (d.labels[n] === 1) {
          expect(pixel(d, n, p - 1, i)).toBe(a);
          expect(pixel(d, n, p, i)).toBe(b);
        } else {
          expect(pixel(d, n, i, p - 1)).toBe(a);
          expect(pixel(d, n, i, p)).toBe(b);
        }
      }
    }
  });

  it('is reproducible from its seed and adds noise of the stated size', () => {
    const a = generateEdgeData({ count: 30, seed: 'e', noiseStd: 0.2 });
    const b = generateEdgeData({ count: 30, seed: 'e', noiseStd: 0.2 });
    expect(a.images).toEqual(b.images);
    const clean = generateEdgeData({ count: 30, seed: 'e', noiseStd: 0 });
    // Same labels either way; residual noise has std ≈ 0.2 on the flat "none" images.
    expect(a.labels).toEqual(clean.labels);
    const n = Array.from(a.labels).indexOf(0);
    const vals = Array.from(a.images.subarray(n * 256, (n + 1) * 256));
    const mean = vals.reduce((s, v) => s + v, 0) / 256;
    const sd = Math.sqrt(vals.reduce((s, v) => s + (v - mean) ** 2, 0) / 255);
    expect(Math.abs(sd - 0.2)).toBeLessThan(0.04);
  });

  it('keeps edges inside the requested positions; the halves are disjoint', () => {
    const first = positionRange(16, 'firstHalf');
    const second = positionRange(16, 'secondHalf');
    expect(first).toEqual({ min: 1, max: 7 });
    expect(second).toEqual({ min: 8, max: 15 });
    const train = generateEdgeData({ count: 300, seed: 2, positions: first });
    const test = generateEdgeData({ count: 300, seed: 3, positions: second });
    for (const p of train.positions) if (p >= 0) expect(p >= 1 && p <= 7).toBe(true);
    for (const p of test.positions) if (p >= 0) expect(p >= 8 && p <= 15).toBe(true);
    // Every allowed position occurs.
    expect(new Set(Array.from(train.positions).filter((p) => p >= 0)).size).toBe(7);
    expect(() => generateEdgeData({ count: 1, seed: 0, positions: { min: 0, max: 3 } })).toThrow();
  });

  it('can draw a subset of classes and other sizes', () => {
    const d = generateEdgeData({ count: 10, seed: 4, size: 8, classes: [1, 2] });
    expect(d.images.length).toBe(10 * 64);
    expect(Array.from(d.labels).every((l) => l === 1 || l === 2)).toBe(true);
  });
});

describe('pixel permutation', () => {
  it('is a fixed permutation, applied identically to every image, and invertible', () => {
    const perm = pixelPermutation(256, 99);
    expect(Array.from(perm).sort((a, b) => a - b)).toEqual(Array.from({ length: 256 }, (_, i) => i));
    expect(pixelPermutation(256, 99)).toEqual(perm);
    expect(pixelPermutation(256, 98)).not.toEqual(perm);
    const d = generateEdgeData({ count: 5, seed: 5 });
    const shuffled = permutePixels(d.images, perm);
    for (let n = 0; n < 5; n++) for (const i of [0, 17, 255]) expect(shuffled[n * 256 + i]).toBe(d.images[n * 256 + perm[i]]);
    expect(permutePixels(shuffled, invertPermutation(perm))).toEqual(d.images);
  });

  it('hand case on 4 pixels', () => {
    const perm = Int32Array.from([2, 0, 3, 1]);
    expect(Array.from(permutePixels(Float32Array.from([10, 11, 12, 13]), perm))).toEqual([12, 10, 13, 11]);
    expect(Array.from(invertPermutation(perm))).toEqual([1, 3, 0, 2]);
  });
});

describe('Sobel filters', () => {
  it('are HWIO with a horizontal and a vertical detector', () => {
    const f = sobelFilters();
    expect(f.shape).toEqual([3, 3, 1, 2]);
    const ch = (o: number): number[] => Array.from({ length: 9 }, (_, i) => f.values[i * 2 + o]);
    expect(ch(0)).toEqual([-1, -2, -1, 0, 0, 0, 1, 2, 1]);
    expect(ch(1)).toEqual([-1, 0, 1, -2, 0, 2, -1, 0, 1]);
  });
});
