import { describe, expect, it } from 'vitest';
import {
  NDArray,
  add,
  div,
  fromArray,
  fromNested,
  linspace,
  map,
  matmul,
  mul,
  ones,
  randn,
  reshape,
  sub,
  sum,
  sumAll,
  transpose,
  zeros,
} from '../../../src/core/reference';
import { createRng } from './helpers';

describe('NDArray', () => {
  it('derives C-order strides and reads and writes by multi-index', () => {
    const x = zeros([2, 3, 4]);
    expect(x.strides).toEqual([12, 4, 1]);
    expect(x.ndim).toBe(3);
    expect(x.size).toBe(24);
    x.set([1, 2, 3], 5);
    x.addAt([1, 2, 3], 2);
    expect(x.get(1, 2, 3)).toBe(7);
    expect(x.data[23]).toBe(7);
  });

  it('rejects out-of-bounds and wrong-rank indices instead of wrapping', () => {
    const x = zeros([2, 3]);
    expect(() => x.get(2, 0)).toThrow(RangeError);
    expect(() => x.get(0, -1)).toThrow(RangeError);
    expect(() => x.get(0)).toThrow(RangeError);
    expect(() => new NDArray([2, 2], new Float64Array(3))).toThrow(RangeError);
  });

  it('linspace matches NumPy: both ends included, even steps', () => {
    const x = linspace(-0.1, 0.5, 4);
    // Exactly what np.linspace(-0.1, 0.5, 4) gives, round-off included.
    expect(Array.from(x.data)).toEqual([-0.1, 0.09999999999999998, 0.29999999999999993, 0.5]);
    expect(linspace(2, 3, 1).data[0]).toBe(2);
  });

  it('round-trips nested arrays and rejects ragged ones', () => {
    const nested = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    const x = fromNested(nested);
    expect(x.shape).toEqual([2, 3]);
    expect(x.get(1, 0)).toBe(4);
    expect(x.toNested()).toEqual(nested);
    expect(() => fromNested([[1, 2], [3]])).toThrow(RangeError);
  });

  it('reshape shares the buffer, infers -1 and checks the size', () => {
    const x = fromArray([1, 2, 3, 4, 5, 6]);
    const y = reshape(x, [2, -1]);
    expect(y.shape).toEqual([2, 3]);
    y.set([1, 1], 50);
    expect(x.data[4]).toBe(50);
    expect(() => reshape(x, [4, -1])).toThrow(RangeError);
  });

  it('transpose permutes axes like np.transpose', () => {
    const x = reshape(fromArray(Array.from({ length: 24 }, (_, i) => i)), [2, 3, 4]);
    const t = transpose(x, [2, 0, 1]);
    expect(t.shape).toEqual([4, 2, 3]);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) expect(t.get(k, i, j)).toBe(x.get(i, j, k));
    expect(() => transpose(x, [0, 0, 1])).toThrow(RangeError);
  });

  it('elementwise ops work with arrays of the same shape or a scalar', () => {
    const a = fromArray([1, 2, 3]);
    const b = fromArray([4, 5, 6]);
    expect(Array.from(add(a, b).data)).toEqual([5, 7, 9]);
    expect(Array.from(sub(a, 1).data)).toEqual([0, 1, 2]);
    expect(Array.from(mul(a, b).data)).toEqual([4, 10, 18]);
    expect(Array.from(div(b, 2).data)).toEqual([2, 2.5, 3]);
    expect(Array.from(map(a, (v, i) => v * i).data)).toEqual([0, 2, 6]);
    expect(() => add(a, ones([2]))).toThrow(RangeError);
  });

  it('sums over chosen axes, with and without kept dimensions', () => {
    const x = reshape(fromArray(Array.from({ length: 24 }, (_, i) => i)), [2, 3, 4]);
    const s02 = sum(x, [0, 2]);
    expect(s02.shape).toEqual([3]);
    // axis-1 index j: Σ_i Σ_k (12i + 4j + k) = 8·4j + (0+12)·4 + 2·(0+1+2+3)
    expect(Array.from(s02.data)).toEqual([0, 1, 2].map((j) => 32 * j + 48 + 12));
    expect(sum(x, [1], true).shape).toEqual([2, 1, 4]);
    expect(sum(x, [0, 1, 2]).shape).toEqual([]);
    expect(sumAll(x)).toBe(276);
  });

  it('matmul multiplies 2-D arrays', () => {
    const a = fromNested([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const b = fromNested([
      [1, 0, -1],
      [2, 1, 0],
    ]);
    expect(matmul(a, b).toNested()).toEqual([
      [5, 2, -1],
      [11, 4, -3],
      [17, 6, -5],
    ]);
    expect(() => matmul(a, a)).toThrow(RangeError);
  });

  it('randn is reproducible from a seed and roughly standard normal', () => {
    const a = randn([100, 100], createRng(1));
    const b = randn([100, 100], createRng(1));
    expect(a.data).toEqual(b.data);
    const mean = sumAll(a) / a.size;
    const variance = sumAll(map(a, (v) => (v - mean) ** 2)) / a.size;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});
