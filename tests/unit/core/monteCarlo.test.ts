import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/rng';
import { monteCarloMean, normalCoverage } from '../../../src/core/monteCarlo';

describe('normalCoverage', () => {
  it('is P(|Z| ≤ z) for a standard normal Z', () => {
    expect(normalCoverage(0)).toBe(0);
    expect(normalCoverage(1)).toBeCloseTo(0.6826894921, 9);
    expect(normalCoverage(1.96)).toBeCloseTo(0.9500042097, 9);
    expect(normalCoverage(2.5758293035)).toBeCloseTo(0.99, 9);
    expect(normalCoverage(8)).toBeCloseTo(1, 12);
  });

  it('labels the default band of monteCarloMean as 95%', () => {
    const rng = createRng(1);
    const estimate = monteCarloMean(() => rng.normal(), { samples: 100 });
    expect(estimate.z).toBe(1.96);
    expect(Math.round(normalCoverage(estimate.z) * 100)).toBe(95);
  });
});
