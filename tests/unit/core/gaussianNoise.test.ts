import { describe, expect, it } from 'vitest';
import { drawRegressionProblem, dropoutClosedForm } from '../../../src/core/dropoutTikhonov';
import {
  CHOICES_A,
  CHOICES_B,
  CORRECT_CHOICES,
  gaussianNoiseClosedForm,
  lossForChoices,
  monteCarloGaussianNoiseLoss,
} from '../../../src/core/gaussianNoise';

describe('problem 3: multiplicative Gaussian noise', () => {
  it('hand-computed one-entry case: E(y − r x w)² = (y − μxw)² + σ²x²w²', () => {
    const c = gaussianNoiseClosedForm([[2]], [3], [1], 0.5, 0.7);
    expect(c.fit).toBeCloseTo(4, 14);
    expect(c.penalty).toBeCloseTo(0.49 * 4, 14);
  });

  it('Bernoulli dropout is the case μ = p, σ² = p(1−p)', () => {
    const { X, y, w } = drawRegressionProblem({ n: 5, d: 3, seed: 2 });
    const p = 0.35;
    expect(gaussianNoiseClosedForm(X, y, w, p, Math.sqrt(p * (1 - p))).total).toBeCloseTo(
      dropoutClosedForm(X, y, w, p).total,
      12,
    );
  });

  it('Monte Carlo within its 3σ band for fixed seeds and several (μ, σ)', () => {
    const { X, y, w } = drawRegressionProblem({ n: 8, d: 3, seed: 'gauss' });
    for (const [mu, sigma, seed] of [
      [1, 0.5, 1],
      [0.5, 1, 2],
      [-0.3, 0.2, 3],
      [2, 0, 4],
    ]) {
      const closed = gaussianNoiseClosedForm(X, y, w, mu, sigma).total;
      const est = monteCarloGaussianNoiseLoss(X, y, w, mu, sigma, { samples: 30000, seed, z: 3 });
      if (sigma === 0) {
        expect(est.mean).toBeCloseTo(closed, 10);
      } else {
        expect(closed).toBeGreaterThan(est.lo);
        expect(closed).toBeLessThan(est.hi);
      }
    }
  });

  it('only the correct choices (A) = μ, (B) = σ² reproduce the expectation', () => {
    expect(CORRECT_CHOICES).toEqual({ A: 'mu', B: 'sigma^2' });
    const { X, y, w } = drawRegressionProblem({ n: 6, d: 3, seed: 5 });
    const mu = 0.8;
    const sigma = 0.6;
    const truth = gaussianNoiseClosedForm(X, y, w, mu, sigma).total;
    for (const a of CHOICES_A) {
      for (const b of CHOICES_B) {
        const v = lossForChoices(X, y, w, mu, sigma, a.id, b.id);
        const matches = Math.abs(v - truth) < 1e-9 * truth;
        expect(matches).toBe(a.id === CORRECT_CHOICES.A && b.id === CORRECT_CHOICES.B);
      }
    }
  });
});
