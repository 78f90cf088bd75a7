import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/rng';
import { columnNorms, maxAbsDiff } from '../../../src/core/linalg';
import {
  changeOfVariables,
  drawMask,
  drawRegressionProblem,
  dropoutClosedForm,
  dropoutExactExpectation,
  dropoutLossForMask,
  dropoutMinimizer,
  dropoutTikhonovReport,
  equivalentGammaDiag,
  expectedXtildeColumnNorm,
  gammaTildeDiag,
  monteCarloDropoutLoss,
  ridgeMinimizer,
  tikhonovMinimizer,
} from '../../../src/core/dropoutTikhonov';
import { monteCarloMean, traceSchedule } from '../../../src/core/monteCarlo';

describe('monteCarloMean', () => {
  it('matches a hand-computed mean and standard error', () => {
    const xs = [1, 2, 3, 4];
    let i = 0;
    const est = monteCarloMean(() => xs[i++], { samples: 4, z: 2 });
    // sample variance 5/3, standard error √(5/3 / 4)
    expect(est.mean).toBe(2.5);
    expect(est.stdError).toBeCloseTo(Math.sqrt(5 / 12), 15);
    expect(est.hi - est.lo).toBeCloseTo(4 * est.stdError, 15);
    expect(est.trace[est.trace.length - 1].samples).toBe(4);
  });

  it('trace schedule is increasing, starts at 2 and ends at the total', () => {
    const s = traceSchedule(100000, 50);
    expect(s[0]).toBe(2);
    expect(s[s.length - 1]).toBe(100000);
    for (let k = 1; k < s.length; k++) expect(s[k]).toBeGreaterThan(s[k - 1]);
  });
});

describe('problem 2a: dropout expectation', () => {
  it('hand-computed one-entry case', () => {
    // X = [[2]], y = [3], w = [1]: loss 9 w.p. 1−p, 1 w.p. p; closed form (3−2p)² + p(1−p)·4.
    const p = 0.3;
    const exact = 0.7 * 9 + 0.3 * 1;
    expect(dropoutClosedForm([[2]], [3], [1], p).total).toBeCloseTo(exact, 14);
    expect(dropoutExactExpectation([[2]], [3], [1], p).value).toBeCloseTo(exact, 14);
  });

  it('enumeration over all 2^(n·d) masks equals the closed form to 1e-12', () => {
    for (const [n, d, seed] of [
      [2, 2, 1],
      [3, 2, 2],
      [2, 3, 3],
      [4, 3, 4],
    ]) {
      const { X, y, w } = drawRegressionProblem({ n, d, seed });
      for (const p of [0, 0.1, 0.5, 0.77, 1]) {
        const exact = dropoutExactExpectation(X, y, w, p);
        expect(exact.masks).toBe(2 ** (n * d));
        const closed = dropoutClosedForm(X, y, w, p);
        expect(Math.abs(exact.value - closed.total)).toBeLessThan(1e-12 * Math.max(1, closed.total));
      }
    }
  });

  it('refuses to enumerate big matrices', () => {
    const { X, y, w } = drawRegressionProblem({ n: 7, d: 3, seed: 1 });
    expect(() => dropoutExactExpectation(X, y, w, 0.5)).toThrow(RangeError);
  });

  it('closed form splits into fit ||y − pXw||² and penalty p(1−p)||Γ̃w||²', () => {
    const X = [
      [1, 2],
      [3, 4],
    ];
    const y = [1, 1];
    const w = [1, -1];
    const p = 0.5;
    // pXw = [-0.5, -0.5]: fit = 2·1.5² = 4.5; Γ̃ = [√10, √20]; ||Γ̃w||² = 30; penalty = 7.5
    const c = dropoutClosedForm(X, y, w, p);
    expect(c.fit).toBeCloseTo(4.5, 14);
    expect(c.penalty).toBeCloseTo(7.5, 13);
    expect(gammaTildeDiag(X)).toEqual([Math.sqrt(10), Math.sqrt(20)]);
  });

  it('Monte Carlo lands within its 3σ band for fixed seeds, and the band covers ≈95% at 1.96', () => {
    const { X, y, w } = drawRegressionProblem({ n: 8, d: 4, seed: 'mc' });
    const p = 0.6;
    const closed = dropoutClosedForm(X, y, w, p).total;
    const big = monteCarloDropoutLoss(X, y, w, p, { samples: 40000, seed: 7, z: 3 });
    expect(closed).toBeGreaterThan(big.lo);
    expect(closed).toBeLessThan(big.hi);
    expect(big.trace.length).toBeGreaterThan(20);
    let covered = 0;
    const runs = 40;
    for (let s = 0; s < runs; s++) {
      const est = monteCarloDropoutLoss(X, y, w, p, { samples: 2000, seed: 1000 + s });
      if (closed >= est.lo && closed <= est.hi) covered++;
    }
    expect(covered / runs).toBeGreaterThan(0.8);
  });

  it('mask sampling keeps a fraction ≈ p and a mask loss matches the definition', () => {
    const rng = createRng(3);
    const M = drawMask(rng, 200, 50, 0.3);
    const frac = M.flat().reduce((a, b) => a + b, 0) / 10000;
    expect(Math.abs(frac - 0.3)).toBeLessThan(0.02);
    expect(dropoutLossForMask([[1, 2]], [5], [1, 1], [[1, 0]])).toBe(16);
  });
});

describe('problems 2b–2d: equivalence with Tikhonov', () => {
  it('course notebook values: x = [10, 1], y = 11', () => {
    // Inverted dropout with drop rate q is the Tikhonov minimizer p·w̃ with p = 1 − q:
    // w1 = 1.1(1−q)/(2−q), w2 = 10·w1 (REFERENCE-CHECKS, problem 6).
    for (const q of [0.1, 0.3, 0.5, 0.7]) {
      const p = 1 - q;
      const w = tikhonovMinimizer([[10, 1]], [11], equivalentGammaDiag([[10, 1]], p));
      const w1 = (1.1 * (1 - q)) / (2 - q);
      expect(maxAbsDiff(w, [w1, 10 * w1])).toBeLessThan(1e-13);
      expect(maxAbsDiff(dropoutMinimizer([[10, 1]], [11], p).map((v) => p * v), w)).toBeLessThan(1e-13);
    }
  });

  it('p·w̃ equals the Tikhonov minimizer with Γ = √((1−p)/p)Γ̃, and ridge on X̃ maps back to it', () => {
    for (const seed of [1, 2, 3]) {
      const { X, y } = drawRegressionProblem({ n: 12, d: 4, seed });
      for (const p of [0.2, 0.5, 0.9]) {
        const r = dropoutTikhonovReport(X, y, p);
        expect(r.maxDiffScaledDropoutVsTikhonov).toBeLessThan(1e-12);
        expect(maxAbsDiff(r.wFromRidge, r.wTikhonov)).toBeLessThan(1e-12);
        for (const norm of r.colNormsXtilde) expect(norm).toBeCloseTo(Math.sqrt(p / (1 - p)), 12);
        expect(r.expectedColNormXtilde).toBeCloseTo(Math.sqrt(p / (1 - p)), 15);
        expect(r.colNormsX).toEqual(r.gammaTilde);
        expect(r.notes).toEqual([]);
      }
    }
  });

  it('w̃ minimizes the dropout objective (4): perturbations only increase it', () => {
    const { X, y } = drawRegressionProblem({ n: 6, d: 3, seed: 9 });
    const p = 0.4;
    const wt = dropoutMinimizer(X, y, p);
    const base = dropoutClosedForm(X, y, wt, p).total;
    const rng = createRng(5);
    for (let k = 0; k < 20; k++) {
      const pert = wt.map((v) => v + 1e-3 * rng.normal());
      expect(dropoutClosedForm(X, y, pert, p).total).toBeGreaterThan(base);
    }
  });

  it('X̃ with Γ = Γ̃ has unit columns (the λ = (1−p)/p reading of part c)', () => {
    const { X, y } = drawRegressionProblem({ n: 10, d: 3, seed: 4 });
    const p = 0.3;
    const { Xtilde } = changeOfVariables(X, gammaTildeDiag(X));
    for (const v of columnNorms(Xtilde)) expect(v).toBeCloseTo(1, 13);
    const v = ridgeMinimizer(Xtilde, y, (1 - p) / p);
    const w = v.map((vi, j) => vi / gammaTildeDiag(X)[j]);
    expect(maxAbsDiff(w, tikhonovMinimizer(X, y, equivalentGammaDiag(X, p)))).toBeLessThan(1e-12);
  });

  it('a zero column gives a note, finite numbers and a zero weight', () => {
    const X = [
      [1, 0],
      [2, 0],
      [3, 0],
    ];
    const r = dropoutTikhonovReport(X, [1, 2, 2], 0.5);
    expect(r.notes.length).toBe(1);
    expect(r.wDropout[1]).toBe(0);
    expect([...r.wDropout, ...r.wTikhonov, ...r.Xtilde.flat()].every(Number.isFinite)).toBe(true);
  });

  it('validates the keep probability', () => {
    expect(() => expectedXtildeColumnNorm(1)).toThrow(RangeError);
    expect(() => dropoutMinimizer([[1]], [1], 0)).toThrow(RangeError);
    expect(() => dropoutClosedForm([[1]], [1], [1], 1.5)).toThrow(RangeError);
  });
});
