/**
 * Linear regression with multiplicative input noise: the loss ||y − (R∘X)w||² for a random
 * matrix R with i.i.d. entries of mean m and variance v. Dropout (problem 2, R_ij ~ Bernoulli(p):
 * m = p, v = p(1−p)) and Gaussian noise (problem 3, R_ij ~ N(μ, σ²): m = μ, v = σ²) are both
 * cases of it.
 *
 * Derivation of the closed form. Row i of (R∘X)w is z_i = Σ_j R_ij X_ij w_j, a sum of
 * independent terms, so E z_i = m (Xw)_i and Var z_i = v Σ_j X_ij² w_j². Then
 * E(y_i − z_i)² = (y_i − m(Xw)_i)² + Var z_i, and summing over i,
 *   E||y − (R∘X)w||² = ||y − mXw||² + v Σ_j w_j² Σ_i X_ij² = ||y − mXw||² + v ||Γw||²,
 * with Γ = diag(XᵀX)^{1/2} (the diagonal of column norms of X). Only the mean and the variance of
 * R's entries matter, not their distribution.
 */
import { columnNorms, type MatrixLike, type VectorLike } from './linalg';

export interface NoisyLossClosedForm {
  /** ||y − mXw||²: the squared error of the mean-scaled model. */
  fit: number;
  /** v·||Γw||²: the Tikhonov penalty the noise adds. */
  penalty: number;
  /** fit + penalty = E||y − (R∘X)w||². */
  total: number;
}

export function assertRegressionShapes(X: MatrixLike, y: VectorLike, w: VectorLike): void {
  if (X.length === 0) throw new RangeError('X must have at least one row');
  const d = X[0].length;
  if (X.some((row) => row.length !== d)) throw new RangeError('X rows must all have the same length');
  if (y.length !== X.length) throw new RangeError(`y has length ${y.length}, X has ${X.length} rows`);
  if (w.length !== d) throw new RangeError(`w has length ${w.length}, X has ${d} columns`);
}

/** E||y − (R∘X)w||² for i.i.d. R_ij with the given mean and variance. */
export function multiplicativeNoiseClosedForm(
  X: MatrixLike,
  y: VectorLike,
  w: VectorLike,
  mean: number,
  variance: number,
): NoisyLossClosedForm {
  assertRegressionShapes(X, y, w);
  let fit = 0;
  for (let i = 0; i < X.length; i++) {
    let xw = 0;
    for (let j = 0; j < w.length; j++) xw += X[i][j] * w[j];
    fit += (y[i] - mean * xw) ** 2;
  }
  const gamma = columnNorms(X);
  let gw2 = 0;
  for (let j = 0; j < w.length; j++) gw2 += (gamma[j] * w[j]) ** 2;
  const penalty = variance * gw2;
  return { fit, penalty, total: fit + penalty };
}

/**
 * ||y − (R∘X)w||² for one draw of R, entry by entry from `multiplier(i, j)` without building R
 * (the Monte Carlo loops call this hundreds of thousands of times).
 */
export function lossWithMultipliers(
  X: MatrixLike,
  y: VectorLike,
  w: VectorLike,
  multiplier: (i: number, j: number) => number,
): number {
  let loss = 0;
  for (let i = 0; i < X.length; i++) {
    const row = X[i];
    let z = 0;
    for (let j = 0; j < w.length; j++) z += multiplier(i, j) * row[j] * w[j];
    loss += (y[i] - z) ** 2;
  }
  return loss;
}
