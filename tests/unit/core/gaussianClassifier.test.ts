import { describe, expect, it } from 'vitest';
import {
  accuracy,
  compareFitToTruth,
  decisionGrid,
  fitMle,
  linearBoundary,
  logJoint,
  logLikelihood,
  logLikelihoodGradients,
  posterior,
  sampleData,
  sharedVarianceParams,
  type GaussianParams,
} from '../../../src/core/gaussianClassifier';

const truth = sharedVarianceParams([0.3, 0.7], [[-1, 0.5], [1.5, -0.5]], [1.0, 2.25]);

describe('posterior and likelihood', () => {
  it('hand case: 1-D, μ = ±1, σ² = 1, equal priors gives sigmoid(2x)', () => {
    const p = sharedVarianceParams([0.5, 0.5], [[-1], [1]], [1]);
    for (const x of [-2, -0.3, 0, 0.7, 3]) {
      expect(posterior(p, [x])[1]).toBeCloseTo(1 / (1 + Math.exp(-2 * x)), 12);
    }
    // log α + log N(0; 1, 1) = log ½ − ½ log 2π − ½.
    expect(logJoint(p, [0])[1]).toBeCloseTo(Math.log(0.5) - 0.5 * Math.log(2 * Math.PI) - 0.5, 12);
  });

  it('sums to one and survives points far from every mean', () => {
    const post = posterior(truth, [1e3, -1e3]);
    expect(post.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(post.every((v) => Number.isFinite(v))).toBe(true);
  });
});

describe('gradients', () => {
  const data = sampleData(truth, 50, 3);
  const p: GaussianParams = sharedVarianceParams([0.4, 0.6], [[0, 0], [1, 1]], [1.5, 0.8]);

  it('∂ℓ/∂μ and ∂ℓ/∂σ² (shared) match finite differences', () => {
    const g = logLikelihoodGradients(p, data.X, data.y, 'shared');
    const h = 1e-6;
    for (let k = 0; k < 2; k++) {
      for (let i = 0; i < 2; i++) {
        const plus = structuredClone(p);
        const minus = structuredClone(p);
        plus.means[k][i] += h;
        minus.means[k][i] -= h;
        const fd = (logLikelihood(plus, data.X, data.y) - logLikelihood(minus, data.X, data.y)) / (2 * h);
        expect(g.means[k][i]).toBeCloseTo(fd, 5);
      }
    }
    for (let i = 0; i < 2; i++) {
      const plus = structuredClone(p);
      const minus = structuredClone(p);
      for (const row of plus.variances) row[i] += h;
      for (const row of minus.variances) row[i] -= h;
      const fd = (logLikelihood(plus, data.X, data.y) - logLikelihood(minus, data.X, data.y)) / (2 * h);
      expect(g.variances[0][i]).toBeCloseTo(fd, 5);
      expect(g.variances[1][i]).toBe(g.variances[0][i]);
    }
    const nk = data.y.filter((v) => v === 1).length;
    expect(g.priors[1]).toBeCloseTo(nk / 0.6, 12);
  });

  it('vanish at the MLE (priors up to the multiplier λ = N)', () => {
    for (const mode of ['shared', 'perClass'] as const) {
      const fit = fitMle(data.X, data.y, 2, mode);
      const g = logLikelihoodGradients(fit, data.X, data.y, mode);
      for (const row of [...g.means, ...g.variances]) for (const v of row) expect(Math.abs(v)).toBeLessThan(1e-9);
      for (const v of g.priors) expect(v).toBeCloseTo(data.X.length, 9);
    }
  });
});

describe('maximum likelihood', () => {
  it('hand case', () => {
    const X = [[0, 0], [2, 0], [10, 4], [12, 8]];
    const y = [0, 0, 1, 1];
    const fit = fitMle(X, y, 2);
    expect(fit.priors).toEqual([0.5, 0.5]);
    expect(fit.means).toEqual([[1, 0], [11, 6]]);
    // Pooled: feature 0 residuals ±1, ±1 → 1; feature 1 residuals 0, 0, ±2 → 2.
    expect(fit.variances).toEqual([[1, 2], [1, 2]]);
    expect(fitMle(X, y, 2, 'perClass').variances).toEqual([[1, 0], [1, 4]]);
  });

  it('recovers the true parameters from many samples', () => {
    const d = sampleData(truth, 20000, 'mle');
    const fit = fitMle(d.X, d.y, 2);
    expect(Math.abs(fit.priors[0] - 0.3)).toBeLessThan(0.015);
    fit.means.forEach((row, k) => row.forEach((m, i) => expect(Math.abs(m - truth.means[k][i])).toBeLessThan(0.05)));
    fit.variances[0].forEach((v, i) => expect(Math.abs(v - truth.variances[0][i]) / truth.variances[0][i]).toBeLessThan(0.04));
  });

  it('fitted classifier is nearly as accurate as the true one', () => {
    const c = compareFitToTruth({ truth, nTrain: 500, nTest: 2000, seed: 8 });
    expect(c.testAccuracyTrue).toBeGreaterThan(0.8);
    expect(Math.abs(c.testAccuracyFitted - c.testAccuracyTrue)).toBeLessThan(0.02);
    expect(c.agreement).toBeGreaterThan(0.95);
    expect(accuracy(c.fitted, c.train.X, c.train.y)).toBe(c.trainAccuracy);
  });

  it('refuses a class with no examples', () => {
    expect(() => fitMle([[0, 0]], [0], 2)).toThrow(/no examples/);
  });
});

describe('decision boundary', () => {
  it('the grid agrees with the linear boundary for shared variances', () => {
    const g = decisionGrid(truth, { xMin: -4, xMax: 4, yMin: -4, yMax: 4, nx: 41, ny: 31 });
    const { w, c } = linearBoundary(truth, 0, 1);
    expect(g.labels.length).toBe(41 * 31);
    g.ys.forEach((yv, r) =>
      g.xs.forEach((xv, col) => {
        const s = w[0] * xv + w[1] * yv + c;
        expect(g.logOdds01[r * 41 + col]).toBeCloseTo(s, 9);
        if (Math.abs(s) > 1e-9) expect(g.labels[r * 41 + col]).toBe(s > 0 ? 1 : 0);
      }),
    );
    expect(Math.min(...g.confidence)).toBeGreaterThanOrEqual(0.5);
  });

  it('refuses a linear boundary when variances differ by class', () => {
    const p: GaussianParams = { priors: [0.5, 0.5], means: [[0, 0], [1, 1]], variances: [[1, 1], [2, 1]] };
    expect(() => linearBoundary(p, 0, 1)).toThrow(/share/);
  });
});
