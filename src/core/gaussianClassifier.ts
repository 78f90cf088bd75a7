/**
 * Gaussian class-conditional classifier with per-feature (diagonal) variances.
 *
 *   p(y = k) = α_k,   p(x | y = k) = Π_i N(x_i; μ_ki, σ²_i)
 *
 * The homework's model shares each feature's variance σ²_i across classes ('shared'); the
 * 'perClass' variant (σ²_ki) is offered for comparison. With shared variances the log-odds
 * between two classes is linear in x, so the decision boundary is a straight line (a hyperplane);
 * per-class variances make it quadratic.
 *
 * Posterior (Bayes' rule):
 *   P(y=k | x) = α_k Π_i N(x_i; μ_ki, σ²_i) / Σ_j α_j Π_i N(x_i; μ_ji, σ²_i)
 *
 * Log-likelihood of a labelled data set (the joint, which is what the MLE maximizes):
 *   ℓ = Σ_n [ log α_{y_n} − ½ Σ_i log(2π σ²_i) − Σ_i (x_ni − μ_{y_n i})² / (2σ²_i) ]
 * Gradients:
 *   ∂ℓ/∂μ_ki = Σ_{n: y_n=k} (x_ni − μ_ki) / σ²_i
 *   ∂ℓ/∂σ²_i = Σ_n [ −1/(2σ²_i) + (x_ni − μ_{y_n i})² / (2σ⁴_i) ]
 *   ∂ℓ/∂α_k = N_k / α_k   (with Σ α_k = 1 enforced by a multiplier λ: N_k/α_k = λ ⇒ λ = N)
 * Maximum likelihood:
 *   α_k = N_k / N,  μ_ki = (1/N_k) Σ_{n: y_n=k} x_ni,  σ²_i = (1/N) Σ_n (x_ni − μ_{y_n i})²
 * (per-class: σ²_ki = (1/N_k) Σ_{n: y_n=k} (x_ni − μ_ki)²).
 */
import { createRng } from './rng';

export type VarianceMode = 'shared' | 'perClass';

/** K classes, D features. `variances` is K×D; in 'shared' mode its rows are identical. */
export interface GaussianParams {
  priors: number[];
  means: number[][];
  variances: number[][];
}

/** Build parameters whose variances are shared across classes (one row of D values). */
export function sharedVarianceParams(priors: number[], means: number[][], variances: number[]): GaussianParams {
  return { priors, means, variances: means.map(() => [...variances]) };
}

function validate(p: GaussianParams): void {
  const K = p.priors.length;
  if (K === 0 || p.means.length !== K || p.variances.length !== K) throw new Error('priors, means and variances need one entry per class');
  const D = p.means[0].length;
  for (let k = 0; k < K; k++) {
    if (p.means[k].length !== D || p.variances[k].length !== D) throw new Error('every class needs D means and D variances');
    if (p.variances[k].some((v) => !(v > 0))) throw new Error('variances must be positive');
  }
}

const LOG_2PI = Math.log(2 * Math.PI);

/** log α_k + log p(x | y = k) for every class k. */
export function logJoint(p: GaussianParams, x: readonly number[]): number[] {
  return p.priors.map((a, k) => {
    let s = Math.log(a);
    const mu = p.means[k];
    const v = p.variances[k];
    for (let i = 0; i < x.length; i++) {
      const d = x[i] - mu[i];
      s -= 0.5 * (LOG_2PI + Math.log(v[i])) + (d * d) / (2 * v[i]);
    }
    return s;
  });
}

function logSumExp(a: readonly number[]): number {
  const m = Math.max(...a);
  if (m === -Infinity) return -Infinity;
  return m + Math.log(a.reduce((s, v) => s + Math.exp(v - m), 0));
}

/** P(y = k | x) for every k (computed in log space, so far-away points do not underflow to 0/0). */
export function posterior(p: GaussianParams, x: readonly number[]): number[] {
  const lj = logJoint(p, x);
  const z = logSumExp(lj);
  return lj.map((v) => Math.exp(v - z));
}

export function predict(p: GaussianParams, x: readonly number[]): number {
  const lj = logJoint(p, x);
  let best = 0;
  for (let k = 1; k < lj.length; k++) if (lj[k] > lj[best]) best = k;
  return best;
}

/** Σ_n log p(x_n, y_n | θ). The homework's negative log-likelihood is minus this. */
export function logLikelihood(p: GaussianParams, X: readonly number[][], y: readonly number[]): number {
  return X.reduce((s, x, n) => s + logJoint(p, x)[y[n]], 0);
}

export interface GaussianGradients {
  /** ∂ℓ/∂μ (K×D). */
  means: number[][];
  /** ∂ℓ/∂σ²: K×D for 'perClass'; for 'shared' every row holds the same D values, the derivative with respect to the shared σ²_i. */
  variances: number[][];
  /** ∂ℓ/∂α_k, ignoring the sum-to-one constraint. */
  priors: number[];
}

/** Gradients of the log-likelihood ℓ (not of its negative). */
export function logLikelihoodGradients(
  p: GaussianParams,
  X: readonly number[][],
  y: readonly number[],
  mode: VarianceMode = 'shared',
): GaussianGradients {
  validate(p);
  const K = p.priors.length;
  const D = p.means[0].length;
  const dMu = p.means.map(() => new Array<number>(D).fill(0));
  const dVar = p.means.map(() => new Array<number>(D).fill(0));
  const counts = new Array<number>(K).fill(0);
  X.forEach((x, n) => {
    const k = y[n];
    counts[k]++;
    for (let i = 0; i < D; i++) {
      const v = p.variances[k][i];
      const d = x[i] - p.means[k][i];
      dMu[k][i] += d / v;
      dVar[k][i] += -1 / (2 * v) + (d * d) / (2 * v * v);
    }
  });
  let variances = dVar;
  if (mode === 'shared') {
    const total = new Array<number>(D).fill(0);
    for (const row of dVar) row.forEach((g, i) => (total[i] += g));
    variances = dVar.map(() => [...total]);
  }
  return { means: dMu, variances, priors: counts.map((c, k) => c / p.priors[k]) };
}

/** Closed-form maximum-likelihood estimates. Every class must appear at least once. */
export function fitMle(X: readonly number[][], y: readonly number[], numClasses: number, mode: VarianceMode = 'shared'): GaussianParams {
  const N = X.length;
  if (N === 0) throw new Error('no data');
  const D = X[0].length;
  const counts = new Array<number>(numClasses).fill(0);
  const means = Array.from({ length: numClasses }, () => new Array<number>(D).fill(0));
  X.forEach((x, n) => {
    counts[y[n]]++;
    x.forEach((v, i) => (means[y[n]][i] += v));
  });
  counts.forEach((c, k) => {
    if (c === 0) throw new Error(`class ${k} has no examples; its mean is undefined`);
    for (let i = 0; i < D; i++) means[k][i] /= c;
  });
  const sq = Array.from({ length: numClasses }, () => new Array<number>(D).fill(0));
  X.forEach((x, n) => x.forEach((v, i) => (sq[y[n]][i] += (v - means[y[n]][i]) ** 2)));
  let variances: number[][];
  if (mode === 'shared') {
    const pooled = new Array<number>(D).fill(0);
    for (const row of sq) row.forEach((s, i) => (pooled[i] += s / N));
    variances = means.map(() => [...pooled]);
  } else {
    variances = sq.map((row, k) => row.map((s) => s / counts[k]));
  }
  return { priors: counts.map((c) => c / N), means, variances };
}

export interface LabelledData {
  X: number[][];
  y: number[];
}

/** Draw y ~ Categorical(α), then x_i ~ N(μ_yi, σ²_yi). */
export function sampleData(p: GaussianParams, n: number, seed: number | string): LabelledData {
  validate(p);
  const rng = createRng(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let s = 0; s < n; s++) {
    let u = rng.next();
    let k = 0;
    while (k < p.priors.length - 1 && u >= p.priors[k]) {
      u -= p.priors[k];
      k++;
    }
    y.push(k);
    X.push(p.means[k].map((m, i) => m + Math.sqrt(p.variances[k][i]) * rng.normal()));
  }
  return { X, y };
}

export function accuracy(p: GaussianParams, X: readonly number[][], y: readonly number[]): number {
  if (X.length === 0) return NaN;
  return X.reduce((s, x, n) => s + (predict(p, x) === y[n] ? 1 : 0), 0) / X.length;
}

export interface GridSpec {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  nx: number;
  ny: number;
}

export interface DecisionGrid {
  xs: number[];
  ys: number[];
  /** Predicted class at (xs[c], ys[r]), row-major: labels[r * nx + c]. */
  labels: number[];
  /** The winning class's posterior at each point. */
  confidence: number[];
  /** log P(y=1|x) − log P(y=0|x), whose zero contour is the two-class boundary. */
  logOdds01: number[];
}

/** Evaluate a 2-D classifier on a grid, for a UI to draw regions and the boundary contour. */
export function decisionGrid(p: GaussianParams, g: GridSpec): DecisionGrid {
  const lin = (a: number, b: number, n: number): number[] =>
    Array.from({ length: n }, (_, i) => (n === 1 ? a : a + ((b - a) * i) / (n - 1)));
  const xs = lin(g.xMin, g.xMax, g.nx);
  const ys = lin(g.yMin, g.yMax, g.ny);
  const labels: number[] = [];
  const confidence: number[] = [];
  const logOdds01: number[] = [];
  for (const yv of ys) {
    for (const xv of xs) {
      const lj = logJoint(p, [xv, yv]);
      const post = posterior(p, [xv, yv]);
      let best = 0;
      for (let k = 1; k < lj.length; k++) if (lj[k] > lj[best]) best = k;
      labels.push(best);
      confidence.push(post[best]);
      logOdds01.push(lj.length > 1 ? lj[1] - lj[0] : 0);
    }
  }
  return { xs, ys, labels, confidence, logOdds01 };
}

/**
 * With shared variances the boundary between classes a and b is the hyperplane w·x + c = 0
 * (w·x + c > 0 where b is more probable):
 *   w_i = (μ_bi − μ_ai)/σ²_i,   c = Σ_i (μ²_ai − μ²_bi)/(2σ²_i) + log(α_b/α_a).
 */
export function linearBoundary(p: GaussianParams, a: number, b: number): { w: number[]; c: number } {
  validate(p);
  const v = p.variances[a];
  if (p.variances[b].some((vb, i) => Math.abs(vb - v[i]) > 1e-12 * Math.max(1, v[i]))) {
    throw new Error('the boundary is linear only when the two classes share their variances');
  }
  const w = v.map((vi, i) => (p.means[b][i] - p.means[a][i]) / vi);
  let c = Math.log(p.priors[b] / p.priors[a]);
  v.forEach((vi, i) => (c += (p.means[a][i] ** 2 - p.means[b][i] ** 2) / (2 * vi)));
  return { w, c };
}

export interface FitComparison {
  fitted: GaussianParams;
  train: LabelledData;
  test: LabelledData;
  trainAccuracy: number;
  /** Test accuracy of the fitted model and of the true parameters (the Bayes classifier). */
  testAccuracyFitted: number;
  testAccuracyTrue: number;
  /** Fraction of test points on which the fitted and the true classifier agree. */
  agreement: number;
}

/** Sample training and test data from true parameters, fit by MLE, and compare. */
export function compareFitToTruth(opts: {
  truth: GaussianParams;
  nTrain: number;
  nTest: number;
  seed: number | string;
  mode?: VarianceMode;
}): FitComparison {
  const train = sampleData(opts.truth, opts.nTrain, `${opts.seed}:train`);
  const test = sampleData(opts.truth, opts.nTest, `${opts.seed}:test`);
  const fitted = fitMle(train.X, train.y, opts.truth.priors.length, opts.mode ?? 'shared');
  const agree = test.X.reduce((s, x) => s + (predict(fitted, x) === predict(opts.truth, x) ? 1 : 0), 0);
  return {
    fitted,
    train,
    test,
    trainAccuracy: accuracy(fitted, train.X, train.y),
    testAccuracyFitted: accuracy(fitted, test.X, test.y),
    testAccuracyTrue: accuracy(opts.truth, test.X, test.y),
    agreement: test.X.length ? agree / test.X.length : NaN,
  };
}
