import { describe, expect, it } from 'vitest';
import {
  absError,
  relError,
  evalNumericalGradient,
  evalNumericalGradientArray,
  fromArray,
  map,
  sumAll,
} from '../../../src/core/reference';

describe('relError and absError (course definitions)', () => {
  it('is max |x − y| / max(1e-8, |x| + |y|)', () => {
    expect(relError(fromArray([1, 2]), fromArray([1, 2]))).toBe(0);
    expect(relError(fromArray([1, 3]), fromArray([1, 1]))).toBeCloseTo(0.5, 15);
    // The 1e-8 floor: two tiny numbers are compared against 1e-8, not against each other.
    expect(relError(fromArray([1e-12]), fromArray([-1e-12]))).toBeCloseTo(2e-4, 15);
    expect(absError(fromArray([1, -2]), fromArray([1.5, 1]))).toBe(3);
    expect(() => relError(fromArray([1]), fromArray([1, 2]))).toThrow(RangeError);
  });
});

describe('numerical gradients', () => {
  it('scalar version matches the analytic gradient of Σ x³ and restores x', () => {
    const x = fromArray([0.5, -1.5, 2]);
    const before = Array.from(x.data);
    const g = evalNumericalGradient((v) => sumAll(map(v, (t) => t ** 3)), x);
    expect(relError(g, map(x, (t) => 3 * t * t))).toBeLessThan(1e-9);
    expect(Array.from(x.data)).toEqual(before);
  });

  it('array version contracts with dout: Σ dout·sin(x) has gradient dout·cos(x)', () => {
    const x = fromArray([0.1, 0.7, -2, 3]);
    const dout = fromArray([1, -2, 0.5, 4]);
    const g = evalNumericalGradientArray((v) => map(v, Math.sin), x, dout);
    expect(relError(g, map(x, (t, i) => dout.data[i] * Math.cos(t)))).toBeLessThan(1e-9);
    expect(Array.from(x.data)).toEqual([0.1, 0.7, -2, 3]);
  });
});
