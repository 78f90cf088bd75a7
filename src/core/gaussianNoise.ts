/**
 * Multiplicative Gaussian noise (problem 3 of the first homework): R_ij ~ N(μ, σ²) i.i.d.,
 *   E||y − (R∘X)w||² = ||y − μXw||² + σ²||Γw||²,  Γ = diag(XᵀX)^{1/2},
 * so (A) = μ and (B) = σ² (derivation in multiplicativeNoise.ts: only the mean μ and the
 * variance σ² of R's entries enter).
 */
import { createRng } from './rng';
import type { MatrixLike, VectorLike } from './linalg';
import { monteCarloMean, type McEstimate } from './monteCarlo';
import {
  assertRegressionShapes,
  lossWithMultipliers,
  multiplicativeNoiseClosedForm,
  type NoisyLossClosedForm,
} from './multiplicativeNoise';

function assertNoise(mu: number, sigma: number): void {
  if (!Number.isFinite(mu)) throw new RangeError('μ must be finite');
  if (!(sigma >= 0) || !Number.isFinite(sigma)) throw new RangeError('σ must be finite and ≥ 0');
}

/** ||y − μXw||² + σ²||Γw||², split into its two terms. */
export function gaussianNoiseClosedForm(
  X: MatrixLike,
  y: VectorLike,
  w: VectorLike,
  mu: number,
  sigma: number,
): NoisyLossClosedForm {
  assertNoise(mu, sigma);
  return multiplicativeNoiseClosedForm(X, y, w, mu, sigma * sigma);
}

export interface MonteCarloGaussianOptions {
  samples: number;
  seed: number | string;
  z?: number;
  tracePoints?: number;
}

/** Monte Carlo estimate of E||y − (R∘X)w||², R_ij ~ N(μ, σ²), with band and convergence trace. */
export function monteCarloGaussianNoiseLoss(
  X: MatrixLike,
  y: VectorLike,
  w: VectorLike,
  mu: number,
  sigma: number,
  options: MonteCarloGaussianOptions,
): McEstimate {
  assertRegressionShapes(X, y, w);
  assertNoise(mu, sigma);
  const rng = createRng(options.seed);
  const draw = (): number => mu + sigma * rng.normal();
  return monteCarloMean(() => lossWithMultipliers(X, y, w, draw), options);
}

export interface CoefficientChoice {
  /** Stable id for answers and grading. */
  id: string;
  /** TeX for display. */
  latex: string;
  /** The option's value at given μ, σ (lets a grader or widget compare numerically). */
  value: (mu: number, sigma: number) => number;
}

/** The homework's options for the coefficient (A) in front of X. */
export const CHOICES_A: readonly CoefficientChoice[] = Object.freeze([
  { id: 'mu', latex: '\\mu', value: (mu: number) => mu },
  { id: '2mu', latex: '2\\mu', value: (mu: number) => 2 * mu },
  { id: 'mu/2', latex: '\\frac{\\mu}{2}', value: (mu: number) => mu / 2 },
  { id: 'sigma', latex: '\\sigma', value: (_mu: number, s: number) => s },
  { id: '2sigma', latex: '2\\sigma', value: (_mu: number, s: number) => 2 * s },
  { id: 'sigma/2', latex: '\\frac{\\sigma}{2}', value: (_mu: number, s: number) => s / 2 },
]);

/** The homework's options for the coefficient (B) in front of ||Γw||². */
export const CHOICES_B: readonly CoefficientChoice[] = Object.freeze([
  { id: 'mu^2', latex: '\\mu^2', value: (mu: number) => mu * mu },
  { id: '2mu^2', latex: '2\\mu^2', value: (mu: number) => 2 * mu * mu },
  { id: 'mu^2/2', latex: '\\frac{\\mu^2}{2}', value: (mu: number) => (mu * mu) / 2 },
  { id: 'sigma^2', latex: '\\sigma^2', value: (_mu: number, s: number) => s * s },
  { id: '2sigma^2', latex: '2\\sigma^2', value: (_mu: number, s: number) => 2 * s * s },
  { id: 'sigma^2/2', latex: '\\frac{\\sigma^2}{2}', value: (_mu: number, s: number) => (s * s) / 2 },
]);

/** Correct choice ids: (A) = μ, (B) = σ². */
export const CORRECT_CHOICES = Object.freeze({ A: 'mu', B: 'sigma^2' });

/**
 * ||y − aXw||² + b||Γw||² for a candidate pair of choices: lets a widget show that only the
 * correct pair matches the Monte Carlo estimate.
 */
export function lossForChoices(
  X: MatrixLike,
  y: VectorLike,
  w: VectorLike,
  mu: number,
  sigma: number,
  choiceA: string,
  choiceB: string,
): number {
  const a = CHOICES_A.find((c) => c.id === choiceA);
  const b = CHOICES_B.find((c) => c.id === choiceB);
  if (!a || !b) throw new RangeError(`unknown choice ${a ? choiceB : choiceA}`);
  return multiplicativeNoiseClosedForm(X, y, w, a.value(mu, sigma), b.value(mu, sigma)).total;
}
