import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/rng';
import {
  cholesky,
  columnNorms,
  det,
  diag,
  diagMatrix,
  eigenvalues,
  identity,
  inverse,
  lstsqMinNorm,
  matmul,
  matrixPower,
  matvec,
  maxAbsDiff,
  norm2,
  pinv,
  rank,
  SingularMatrixError,
  solve,
  solveSPD,
  svd,
  symmetricEigen,
  symmetricEigenvalues,
  transpose,
  type Matrix,
} from '../../../src/core/linalg';

function randomMatrix(seed: number, r: number, c: number): Matrix {
  const rng = createRng(seed);
  return Array.from({ length: r }, () => Array.from({ length: c }, () => rng.normal()));
}

describe('basic products', () => {
  it('matmul, transpose and matvec on a hand-computed case', () => {
    const A = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    const B = [
      [7, 8],
      [9, 10],
      [11, 12],
    ];
    expect(matmul(A, B)).toEqual([
      [58, 64],
      [139, 154],
    ]);
    expect(transpose(A)).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(matvec(A, [1, 0, -1])).toEqual([-2, -2]);
    expect(() => matmul(A, A)).toThrow(RangeError);
  });

  it('diag, diagMatrix, identity, column norms', () => {
    expect(diag([
      [1, 2],
      [3, 4],
    ])).toEqual([1, 4]);
    expect(diagMatrix([2, 3])).toEqual([
      [2, 0],
      [0, 3],
    ]);
    expect(identity(2)).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(columnNorms([
      [3, 0],
      [4, 1],
    ])).toEqual([5, 1]);
    expect(norm2([1e200, 1e200])).toBeCloseTo(Math.SQRT2 * 1e200, -190);
  });

  it('matrixPower counts walks exactly', () => {
    const cycle = [
      [0, 1, 0],
      [0, 0, 1],
      [1, 0, 0],
    ];
    expect(matrixPower(cycle, 3)).toEqual(identity(3));
    expect(matrixPower(cycle, 0)).toEqual(identity(3));
    const fib = [
      [1, 1],
      [1, 0],
    ];
    expect(matrixPower(fib, 10)[0][1]).toBe(55);
  });
});

describe('solves', () => {
  it('solve needs pivoting and gets it', () => {
    const A = [
      [0, 1],
      [1, 1],
    ];
    expect(solve(A, [2, 3])).toEqual([1, 2]);
    expect(det(A)).toBe(-1);
  });

  it('inverse of random matrices', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const A = randomMatrix(seed, 5, 5);
      expect(maxAbsDiff(matmul(A, inverse(A)), identity(5))).toBeLessThan(1e-12);
    }
  });

  it('singular matrices throw a named error', () => {
    expect(() => solve([
      [1, 2],
      [2, 4],
    ], [1, 1])).toThrow(SingularMatrixError);
  });

  it('Cholesky and SPD solve', () => {
    const B = randomMatrix(7, 6, 4);
    const A = matmul(transpose(B), B);
    const L = cholesky(A);
    expect(maxAbsDiff(matmul(L, transpose(L)), A)).toBeLessThan(1e-12);
    const x = [1, -2, 3, 0.5];
    expect(maxAbsDiff(solveSPD(A, matvec(A, x)), x)).toBeLessThan(1e-10);
    expect(() => cholesky([
      [1, 2],
      [2, 1],
    ])).toThrow(SingularMatrixError);
  });
});

describe('SVD and pseudo-inverse', () => {
  it('reconstructs A and satisfies the Penrose conditions', () => {
    for (const [r, c] of [
      [5, 3],
      [3, 5],
      [4, 4],
    ]) {
      const A = randomMatrix(r * 10 + c, r, c);
      const { U, s, V } = svd(A);
      expect(maxAbsDiff(matmul(matmul(U, diagMatrix(s)), transpose(V)), A)).toBeLessThan(1e-12);
      const P = pinv(A);
      expect(maxAbsDiff(matmul(matmul(A, P), A), A)).toBeLessThan(1e-12);
      expect(maxAbsDiff(matmul(matmul(P, A), P), P)).toBeLessThan(1e-12);
    }
  });

  it('rank-deficient: pinv of a rank-one matrix, min-norm least squares', () => {
    // The course's dropout notebook: x = [10, 1], y = 11 gives w = 11·[10, 1]/101.
    expect(maxAbsDiff(lstsqMinNorm([[10, 1]], [11]), [110 / 101, 11 / 101])).toBeLessThan(1e-14);
    const A = [
      [1, 2],
      [2, 4],
    ];
    expect(rank(A)).toBe(1);
    expect(maxAbsDiff(pinv(A), [
      [1 / 25, 2 / 25],
      [2 / 25, 4 / 25],
    ])).toBeLessThan(1e-15);
  });
});

describe('eigenvalues', () => {
  it('symmetric Jacobi: hand case and A v = λ v', () => {
    expect(maxAbsDiff(symmetricEigenvalues([
      [2, 1],
      [1, 2],
    ]), [1, 3])).toBeLessThan(1e-15);
    const B = randomMatrix(3, 6, 6);
    const S = matmul(B, transpose(B));
    const { values, vectors } = symmetricEigen(S);
    expect(maxAbsDiff(matmul(S, vectors), matmul(vectors, diagMatrix(values)))).toBeLessThan(1e-11);
    expect(maxAbsDiff(matmul(transpose(vectors), vectors), identity(6))).toBeLessThan(1e-13);
  });

  it('general: cube roots of unity from a 3-cycle (where mathjs eigs fails)', () => {
    const ev = eigenvalues([
      [0, 1, 0],
      [0, 0, 1],
      [1, 0, 0],
    ]);
    const expected = [
      { re: -0.5, im: -Math.sqrt(3) / 2 },
      { re: -0.5, im: Math.sqrt(3) / 2 },
      { re: 1, im: 0 },
    ];
    ev.forEach((e, i) => {
      expect(e.re).toBeCloseTo(expected[i].re, 12);
      expect(e.im).toBeCloseTo(expected[i].im, 12);
    });
  });

  it('general: companion matrix of (x−1)(x−2)(x−3)(x−4), triangular, symmetric agreement', () => {
    // x⁴ − 10x³ + 35x² − 50x + 24
    const C = [
      [10, -35, 50, -24],
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
    ];
    const ev = eigenvalues(C);
    expect(maxAbsDiff(ev.map((e) => e.re), [1, 2, 3, 4])).toBeLessThan(1e-9);
    expect(ev.every((e) => e.im === 0)).toBe(true);
    expect(eigenvalues([
      [3, 1, 4],
      [0, 1, 5],
      [0, 0, 2],
    ]).map((e) => e.re)).toEqual([1, 2, 3]);
    const B = randomMatrix(11, 7, 7);
    const S = matmul(B, transpose(B));
    expect(maxAbsDiff(eigenvalues(S).map((e) => e.re), symmetricEigenvalues(S))).toBeLessThan(1e-10);
  });

  it('general: random non-symmetric matrices, trace and determinant match', () => {
    for (let seed = 20; seed < 30; seed++) {
      const A = randomMatrix(seed, 6, 6);
      const ev = eigenvalues(A);
      const tr = A.reduce((s, row, i) => s + row[i], 0);
      expect(ev.reduce((s, e) => s + e.re, 0)).toBeCloseTo(tr, 10);
      expect(Math.abs(ev.reduce((s, e) => s + e.im, 0))).toBeLessThan(1e-10);
      // Product of complex eigenvalues equals det(A).
      let pr = 1;
      let pi = 0;
      for (const e of ev) [pr, pi] = [pr * e.re - pi * e.im, pr * e.im + pi * e.re];
      expect(pr).toBeCloseTo(det(A), 9);
    }
  });
});
