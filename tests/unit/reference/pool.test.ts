/** The pooling rows of REFERENCE-CHECKS.md, plus average pooling. */
import { describe, expect, it } from 'vitest';
import {
  absError,
  avgPoolBackward,
  avgPoolForward,
  evalNumericalGradientArray,
  fromNested,
  linspace,
  maxPoolBackward,
  maxPoolForward,
  relError,
  reshape,
  zeros,
} from '../../../src/core/reference';
import { createRng, randnAffine } from './helpers';

describe('max pool', () => {
  it('forward matches the course linspace fixture (2×2, stride 2) to ≈ 1e-8', () => {
    const x = reshape(linspace(-0.3, 0.4, 2 * 3 * 4 * 4), [2, 3, 4, 4]);
    const correct = fromNested([
      [
        [
          [-0.26315789, -0.24842105],
          [-0.20421053, -0.18947368],
        ],
        [
          [-0.14526316, -0.13052632],
          [-0.08631579, -0.07157895],
        ],
        [
          [-0.02736842, -0.01263158],
          [0.03157895, 0.04631579],
        ],
      ],
      [
        [
          [0.09052632, 0.10526316],
          [0.14947368, 0.16421053],
        ],
        [
          [0.20842105, 0.22315789],
          [0.26736842, 0.28210526],
        ],
        [
          [0.32631579, 0.34105263],
          [0.38526316, 0.4],
        ],
      ],
    ]);
    // Printed to 8 decimals; entries near 0 (−0.01263158) limit the relative match to ~1e-7.
    expect(relError(maxPoolForward(x, { pool: 2, stride: 2 }).out, correct)).toBeLessThan(2e-7);
  });

  it('backward: x (10,3,8,7), pool 2×3, stride 2: dx < 1e-10', () => {
    const rng = createRng(51);
    const x = randnAffine([10, 3, 8, 7], rng);
    const param = { pool: [2, 3] as const, stride: 2 };
    const { out, cache } = maxPoolForward(x, param);
    expect(out.shape).toEqual([10, 3, 4, 3]);
    const dout = randnAffine(out.shape, rng);
    const dx = maxPoolBackward(dout, cache);
    const numeric = evalNumericalGradientArray((v) => maxPoolForward(v, param).out, x, dout);
    expect(relError(dx, numeric)).toBeLessThan(1e-10);
  });

  it('overlapping windows (3×3, stride 1) accumulate gradient on a shared maximum', () => {
    const x = zeros([1, 1, 3, 4]);
    x.set([0, 0, 1, 1], 5); // inside both 3×3 windows
    const { out, cache } = maxPoolForward(x, { pool: 3, stride: 1 });
    expect(out.toNested()).toEqual([[[[5, 5]]]]);
    const dx = maxPoolBackward(fromNested([[[[1, 2]]]]), cache);
    expect(dx.get(0, 0, 1, 1)).toBe(3);
  });

  it('rejects windows larger than the input', () => {
    expect(() => maxPoolForward(zeros([1, 1, 2, 2]), { pool: 3, stride: 1 })).toThrow(RangeError);
  });
});

describe('average pool', () => {
  it('forward averages each window', () => {
    const x = reshape(linspace(1, 16, 16), [1, 1, 4, 4]);
    expect(avgPoolForward(x, { pool: 2, stride: 2 }).out.toNested()).toEqual([
      [
        [
          [3.5, 5.5],
          [11.5, 13.5],
        ],
      ],
    ]);
  });

  it('backward passes numerical gradient checks (pool 2×3, stride 2; and overlapping 3×3, stride 1)', () => {
    const rng = createRng(52);
    const x = randnAffine([4, 3, 8, 7], rng);
    for (const param of [
      { pool: [2, 3] as const, stride: 2 },
      { pool: 3, stride: 1 },
    ]) {
      const { out, cache } = avgPoolForward(x, param);
      const dout = randnAffine(out.shape, rng);
      const dx = avgPoolBackward(dout, cache);
      const numeric = evalNumericalGradientArray((v) => avgPoolForward(v, param).out, x, dout);
      // Linear, so the numerical gradient is exact up to round-off: about 1e-11 in absolute
      // terms. Entries of dx near 0 (an input in one window with a small dout) turn that into
      // relative errors of 1e-8 to 1e-7 under relError's 1e-8 floor, so check both measures.
      expect(relError(dx, numeric)).toBeLessThan(1e-7);
      expect(absError(dx, numeric)).toBeLessThan(1e-9);
    }
  });
});
