import { describe, expect, it } from 'vitest';
import {
  closedFormVariances,
  fixedPointVariance,
  productFormulaVariances,
  simulateVariances,
} from '../../../src/core/initVariance';

describe('closed form', () => {
  it('first layer: (n0 + 1)/(3 n0) for unit-variance inputs', () => {
    expect(closedFormVariances({ widths: [4, 4] })[1]).toBeCloseTo(5 / 12, 15);
    expect(productFormulaVariances([4, 4])[1]).toBeCloseTo(5 / 12, 15);
  });

  it('hand case: two layers of width 2', () => {
    // v1 = 1/3 + 1/6 = 1/2; v2 = (1/2)/3 + 1/6 = 1/3 (the product formula says 1/4).
    const v = closedFormVariances({ widths: [2, 2, 2] });
    expect(v[1]).toBeCloseTo(0.5, 15);
    expect(v[2]).toBeCloseTo(1 / 3, 15);
    expect(productFormulaVariances([2, 2, 2])[2]).toBeCloseTo(0.25, 15);
  });

  it('depends on the input second moment and on the bias', () => {
    expect(closedFormVariances({ widths: [10, 5], inputSecondMoment: 4 })[1]).toBeCloseTo(4 / 3 + 1 / 30, 15);
    const noBias = closedFormVariances({ widths: [10, 10, 10, 10], bias: false });
    expect(noBias[3]).toBeCloseTo(1 / 27, 15);
  });

  it('matches the unrolled sum and converges to 1/(2n)', () => {
    const n = 16;
    const widths = Array.from({ length: 31 }, () => n);
    const v = closedFormVariances({ widths });
    const L = 5;
    let unrolled = 1 / 3 ** L;
    for (let l = 1; l <= L; l++) unrolled += 1 / (3 ** (L - l + 1) * n);
    expect(v[L]).toBeCloseTo(unrolled, 14);
    expect(v[30]).toBeCloseTo(fixedPointVariance(n), 12);
    expect(productFormulaVariances(widths)[30]).toBeLessThan(1e-12);
  });
});

describe('simulation vs closed form', () => {
  it('agrees within 4 standard errors and 5% at every depth', () => {
    const widths = [32, 32, 32, 32, 32, 32, 32];
    const sim = simulateVariances({ widths, seed: 11, trials: 300, batch: 8 });
    const exact = closedFormVariances({ widths });
    exact.forEach((v, l) => {
      expect(Math.abs(sim.variances[l] - v)).toBeLessThan(4 * sim.standardErrors[l] + 1e-12);
      expect(Math.abs(sim.variances[l] - v) / v).toBeLessThan(0.05);
    });
    // The product formula is clearly off by layer 6.
    expect(productFormulaVariances(widths)[6] / exact[6]).toBeLessThan(0.2);
  });

  it('handles varying widths, uniform inputs and no bias', () => {
    const widths = [8, 64, 4, 16];
    const sim = simulateVariances({ widths, seed: 'w', trials: 400, input: 'uniform', inputSecondMoment: 2, bias: false });
    const exact = closedFormVariances({ widths, inputSecondMoment: 2, bias: false });
    exact.forEach((v, l) => expect(Math.abs(sim.variances[l] - v) / v).toBeLessThan(0.08));
  });
});
