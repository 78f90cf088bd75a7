/**
 * The dropout lab (homework problem 6): a linear model ŷ = w·x̃ (+ b) fitted to ONE example
 * x = [10, 1], y = 11, weights starting at 0, squared-error loss (the batch loss is the mean over
 * the batch), SGD with lr 1e-3 for 1,000 steps unless a part says otherwise. Float64 throughout.
 *
 * Convention: `p` is the DROP rate (probability that a feature is zeroed), as in the course's
 * coding notebook; kept features are scaled by 1/(1−p) ("inverted" dropout), so E[x̃] = x.
 *
 * Derivation used by the closed forms (q = 1 − p, m_i ~ Bernoulli(q), x̃_i = m_i x_i / q):
 *   E[x̃_i] = x_i,  Var[x̃_i] = x_i² p/q,  features independent, so
 *   L(w) = E(w·x̃ − y)² = (w·x − y)² + (p/q) Σ_i x_i² w_i².
 *   ∂L/∂w_i = 2(w·x − y) x_i + 2(p/q) x_i² w_i = 0  ⇒  x_i w_i = (q/p)(y − w·x) for every i,
 *   so all contributions x_i w_i are equal, = c, and with w·x = d·c:
 *   c·p = q(y − d·c)  ⇒  c = q·y / (p + d·q).
 *   For d = 2: c = 11(1−p)/(2−p), i.e. w1 = 1.1(1−p)/(2−p), w2 = 11(1−p)/(2−p) = 10·w1.
 *   For p > 0 the Hessian 2(xxᵀ + (p/q)diag(x²)) is positive definite: a unique minimum.
 *   As p → 0⁺, c → y/d: (0.55, 5.5), the minimiser of Σ x_i² w_i² on the line w·x = y. At p = 0
 *   the loss is flat along that line and gradient descent from 0 returns the Euclidean
 *   minimum-norm point x·y/‖x‖² = (1.0891, 0.1089): the discontinuity of part (g).
 */
import { createRng, type Rng } from './rng';

export interface DropoutProblem {
  /** The single input row. */
  x: readonly number[];
  /** Its target. */
  y: number;
}

/** The homework's problem: 10·w1 + w2 = 11. */
export const DROPOUT_PROBLEM: DropoutProblem = Object.freeze({ x: Object.freeze([10, 1]), y: 11 });

function checkRate(p: number): void {
  if (!(p >= 0 && p < 1)) throw new RangeError(`drop rate p must be in [0, 1); got ${p}`);
}

function checkProblem(problem: DropoutProblem): void {
  if (problem.x.length === 0 || problem.x.some((v) => !Number.isFinite(v) || v === 0)) {
    throw new RangeError('the input x must be a non-empty row of finite, non-zero numbers');
  }
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

// ---------------------------------------------------------------------------------------------
// (a) ordinary least squares

export interface LinearSolution {
  /** Weights, one per feature. */
  w: number[];
  /** Bias; 0 when the model has none. */
  b: number;
}

/**
 * (a) The minimum-norm least-squares solution (what `pinv` gives, and what gradient descent from 0
 * reaches): w = xᵀ(xxᵀ)⁻¹y = x·y/‖x‖² = 11/101·[10, 1]. With a bias the row is [x, 1], so
 * (w, b) = 11/102·[10, 1, 1].
 */
export function olsMinNorm(problem: DropoutProblem = DROPOUT_PROBLEM, options: { bias?: boolean } = {}): LinearSolution {
  checkProblem(problem);
  const norm2 = dot(problem.x, problem.x) + (options.bias ? 1 : 0);
  const scale = problem.y / norm2;
  return { w: problem.x.map((v) => v * scale), b: options.bias ? scale : 0 };
}

// ---------------------------------------------------------------------------------------------
// (c) dropout as least squares over all masks; closed forms for (c), (g)

export interface MaskRow {
  /** 1 = feature kept, 0 = dropped. */
  mask: number[];
  /** The scaled input the model sees: m ⊙ x / (1 − p). */
  input: number[];
  /** Probability of this mask. */
  prob: number;
}

/**
 * Every dropout mask of the row with its probability (2^d rows). For p = 0.5 and x = [10, 1]:
 * [20, 2], [20, 0], [0, 2], [0, 0], each with probability 1/4 — the rows of the notebook's part (c).
 */
export function dropoutMasks(p: number, problem: DropoutProblem = DROPOUT_PROBLEM): MaskRow[] {
  checkRate(p);
  checkProblem(problem);
  const d = problem.x.length;
  if (d > 16) throw new RangeError(`enumerating masks needs d ≤ 16 features; got ${d}`);
  const q = 1 - p;
  const rows: MaskRow[] = [];
  // Kept-first order, so index 0 is "all kept" and the list matches the notebook's rows.
  for (let code = 0; code < 1 << d; code++) {
    const mask = problem.x.map((_, i): number => ((code >> (d - 1 - i)) & 1 ? 0 : 1));
    const kept = mask.reduce((a, m) => a + m, 0);
    rows.push({
      mask,
      input: problem.x.map((v, i) => (mask[i] * v) / q),
      prob: q ** kept * p ** (d - kept),
    });
  }
  return rows;
}

/** Solves the symmetric positive definite system A w = r (Cholesky; tiny d). */
function solveSpd(A: number[][], r: number[]): number[] {
  const n = r.length;
  const L = A.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      if (i === j) {
        if (!(s > 0)) throw new RangeError('normal equations are singular');
        L[i][i] = Math.sqrt(s);
      } else {
        L[i][j] = s / L[j][j];
      }
    }
  }
  const z = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = r[i];
    for (let k = 0; k < i; k++) s -= L[i][k] * z[k];
    z[i] = s / L[i][i];
  }
  const w = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < n; k++) s -= L[k][i] * w[k];
    w[i] = s / L[i][i];
  }
  return w;
}

/**
 * (c) Dropout as weighted least squares over all masks: minimise Σ_masks prob·(w·x̃ − y)², i.e.
 * the expected dropout loss, by solving its normal equations. For p = 0.5 the four masks are
 * equally likely, so this is plain least squares on the rows [20,2],[20,0],[0,2],[0,0] with
 * y = 11: w = [0.36667, 3.66667]. p = 0 gives the minimum-norm OLS answer (the normal equations
 * are singular there).
 */
export function dropoutLeastSquares(p: number, problem: DropoutProblem = DROPOUT_PROBLEM): number[] {
  checkRate(p);
  if (p === 0) return olsMinNorm(problem).w;
  const d = problem.x.length;
  const A = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  const r = new Array<number>(d).fill(0);
  for (const row of dropoutMasks(p, problem)) {
    for (let i = 0; i < d; i++) {
      r[i] += row.prob * row.input[i] * problem.y;
      for (let j = 0; j < d; j++) A[i][j] += row.prob * row.input[i] * row.input[j];
    }
  }
  return solveSpd(A, r);
}

/**
 * Closed-form minimiser of the expected dropout loss (see the header):
 * w_i = (1−p)·y / ((p + d(1−p))·x_i); for the homework w1 = 1.1(1−p)/(2−p), w2 = 10·w1.
 * At p = 0 exactly it returns what training without dropout returns, the minimum-norm OLS
 * solution (1.0891, 0.1089) — not the p → 0⁺ limit; see {@link dropoutLimitAtZero}.
 */
export function dropoutClosedForm(p: number, problem: DropoutProblem = DROPOUT_PROBLEM): number[] {
  checkRate(p);
  checkProblem(problem);
  if (p === 0) return olsMinNorm(problem).w;
  const d = problem.x.length;
  const q = 1 - p;
  const c = (q * problem.y) / (p + d * q);
  return problem.x.map((v) => c / v);
}

/** The p → 0⁺ limit of the dropout solution: y/(d·x_i), (0.55, 5.5) for the homework. */
export function dropoutLimitAtZero(problem: DropoutProblem = DROPOUT_PROBLEM): number[] {
  checkProblem(problem);
  return problem.x.map((v) => problem.y / (problem.x.length * v));
}

/** Expected squared error under dropout: (w·x + b − y)² + p/(1−p)·Σ x_i² w_i². */
export function dropoutExpectedLoss(
  w: readonly number[],
  p: number,
  problem: DropoutProblem = DROPOUT_PROBLEM,
  b = 0,
): number {
  checkRate(p);
  const r = dot(w, problem.x) + b - problem.y;
  let penalty = 0;
  for (let i = 0; i < w.length; i++) penalty += (problem.x[i] * w[i]) ** 2;
  return r * r + (p / (1 - p)) * penalty;
}

// ---------------------------------------------------------------------------------------------
// exact sampling of mask counts

/** log k! for k = 0..n. */
function logFactorials(n: number): Float64Array {
  const lf = new Float64Array(n + 1);
  for (let k = 2; k <= n; k++) lf[k] = lf[k - 1] + Math.log(k);
  return lf;
}

let logFactCache: Float64Array = new Float64Array(1);
/** A table covering 0..n, grown on demand and shared: it is the same numbers for every caller. */
function sharedLogFactorials(n: number): Float64Array {
  if (logFactCache.length <= n) logFactCache = logFactorials(Math.max(n, 2 * logFactCache.length));
  return logFactCache;
}

/**
 * A Binomial(n, prob) draw. Small n: n Bernoulli draws. Larger n: inversion of the CDF, summing
 * the pmf outward from the mode (about √(n·prob·(1−prob)) terms per draw), which is exact up to
 * float rounding and needs one uniform. `logFact` (log k! for k = 0..n) is optional.
 */
export function sampleBinomial(rng: Rng, n: number, prob: number, logFact?: Float64Array): number {
  if (n <= 0 || prob <= 0) return 0;
  if (prob >= 1) return n;
  if (n <= 16) {
    let k = 0;
    for (let i = 0; i < n; i++) if (rng.next() < prob) k++;
    return k;
  }
  const lf = logFact && logFact.length > n ? logFact : sharedLogFactorials(n);
  const q = 1 - prob;
  const mode = Math.min(n, Math.floor((n + 1) * prob));
  const pMode = Math.exp(lf[n] - lf[mode] - lf[n - mode] + mode * Math.log(prob) + (n - mode) * Math.log(q));
  let u = rng.next() - pMode;
  if (u < 0) return mode;
  const up = prob / q;
  const down = q / prob;
  let lo = mode;
  let hi = mode;
  let pLo = pMode;
  let pHi = pMode;
  while (lo > 0 || hi < n) {
    if (hi < n) {
      pHi *= ((n - hi) / (hi + 1)) * up;
      hi++;
      u -= pHi;
      if (u < 0) return hi;
    }
    if (lo > 0) {
      pLo *= (lo / (n - lo + 1)) * down;
      lo--;
      u -= pLo;
      if (u < 0) return lo;
    }
  }
  // Only reachable through rounding in the last ulp of the CDF.
  return mode;
}

/** Counts of n draws over categories with probabilities `probs` (summing to 1), into `out`. */
function sampleMultinomial(rng: Rng, n: number, probs: readonly number[], out: Float64Array, logFact: Float64Array): void {
  let left = n;
  let mass = 1;
  for (let k = 0; k < probs.length; k++) {
    if (k === probs.length - 1 || left === 0) {
      out[k] = left;
      left = 0;
      continue;
    }
    const share = mass > 0 ? Math.min(1, Math.max(0, probs[k] / mass)) : 1;
    const c = sampleBinomial(rng, left, share, logFact);
    out[k] = c;
    left -= c;
    mass -= probs[k];
  }
}

// ---------------------------------------------------------------------------------------------
// (b), (d), (e), (h): training by simulation

export type DropoutOptimizer = 'sgd' | 'adam';

export interface AdamOptions {
  beta1: number;
  beta2: number;
  eps: number;
}

/** PyTorch's defaults, which the course notebook uses. */
export const ADAM_DEFAULTS: Readonly<AdamOptions> = Object.freeze({ beta1: 0.9, beta2: 0.999, eps: 1e-8 });

export interface TrainOptions {
  /** Drop rate; 0 = no dropout (default). */
  p?: number;
  /** Dropout masks per step (the batch is the same row repeated with independent masks). Default 1. */
  batchSize?: number;
  /** Default 1,000. */
  steps?: number;
  /** Default 1e-3. */
  lr?: number;
  /** Default 'sgd' (plain, no momentum). */
  optimizer?: DropoutOptimizer;
  adam?: Partial<AdamOptions>;
  /** Add a bias (never dropped). Default false. */
  bias?: boolean;
  /** Seed of the dropout masks. Default 0. */
  seed?: number | string;
  /**
   * Step on the exact expected gradient (the batch → ∞ limit) instead of sampled masks: the
   * noise-free path that the sampled runs scatter around. No randomness; batchSize is ignored.
   */
  infiniteBatch?: boolean;
  problem?: DropoutProblem;
}

export interface TrainResult {
  /** Final weights and bias. */
  w: number[];
  b: number;
  /** Batch loss at each step, measured before that step's update (what a training loop logs). */
  loss: Float64Array;
  /** weights[i][t] = w_i after t steps; length steps + 1, weights[i][0] = 0. */
  weights: Float64Array[];
  /** The bias after t steps, or null without a bias. */
  bias: Float64Array | null;
  /** True if the weights overflowed to a non-finite value; the run stops there. */
  diverged: boolean;
}

/**
 * Trains the linear model on the one row with dropout: each step sees `batchSize` copies of the
 * row, each with its own independent mask (every feature dropped with probability p, kept ones
 * scaled by 1/(1−p)), and takes a step on their mean squared error. Masks come from
 * `createRng(seed)`, so a seed always gives the same run.
 */
export function trainLinear(options: TrainOptions = {}): TrainResult {
  const problem = options.problem ?? DROPOUT_PROBLEM;
  const p = options.p ?? 0;
  const batchSize = options.batchSize ?? 1;
  const steps = options.steps ?? 1000;
  const lr = options.lr ?? 1e-3;
  const optimizer = options.optimizer ?? 'sgd';
  const adam = { ...ADAM_DEFAULTS, ...options.adam };
  const hasBias = options.bias ?? false;
  const infiniteBatch = options.infiniteBatch ?? false;
  checkRate(p);
  checkProblem(problem);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer; got ${batchSize}`);
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`steps must be a non-negative integer; got ${steps}`);
  if (!(lr > 0)) throw new RangeError(`lr must be positive; got ${lr}`);
  const d = problem.x.length;
  if (d > 12) throw new RangeError(`simulation supports at most 12 features; got ${d}`);

  const rng: Rng = createRng(options.seed ?? 0);
  const masks = dropoutMasks(p, problem);
  const patterns = masks.map((r) => r.input);
  const probs = masks.map((r) => r.prob);
  const nPat = patterns.length;
  const counts = new Float64Array(nPat);
  const logFact = sharedLogFactorials(infiniteBatch ? 0 : batchSize);

  // Parameters: d weights then (optionally) the bias.
  const nParam = d + (hasBias ? 1 : 0);
  const theta = new Float64Array(nParam);
  const grad = new Float64Array(nParam);
  const m = new Float64Array(nParam);
  const v = new Float64Array(nParam);
  const loss = new Float64Array(steps);
  const weights = Array.from({ length: d }, () => new Float64Array(steps + 1));
  const biasHist = hasBias ? new Float64Array(steps + 1) : null;
  let diverged = false;
  let done = steps;

  for (let t = 0; t < steps; t++) {
    // The batch gradient depends on the masks only through how many copies got each mask, so
    // draw those counts from their multinomial law: the same distribution as drawing batchSize
    // masks one by one, at O(2^d·√B) work per step instead of O(d·B).
    if (p === 0) {
      counts.fill(0);
      counts[0] = batchSize;
    } else if (infiniteBatch) {
      for (let k = 0; k < nPat; k++) counts[k] = probs[k] * batchSize;
    } else {
      sampleMultinomial(rng, batchSize, probs, counts, logFact);
    }
    grad.fill(0);
    let batchLoss = 0;
    const b = hasBias ? theta[d] : 0;
    for (let k = 0; k < nPat; k++) {
      if (counts[k] === 0) continue;
      const input = patterns[k];
      let pred = b;
      for (let i = 0; i < d; i++) pred += theta[i] * input[i];
      const r = pred - problem.y;
      const weight = counts[k] / batchSize;
      batchLoss += weight * r * r;
      for (let i = 0; i < d; i++) grad[i] += weight * 2 * r * input[i];
      if (hasBias) grad[d] += weight * 2 * r;
    }
    loss[t] = batchLoss;

    if (optimizer === 'sgd') {
      for (let i = 0; i < nParam; i++) theta[i] -= lr * grad[i];
    } else {
      const c1 = 1 - adam.beta1 ** (t + 1);
      const c2 = 1 - adam.beta2 ** (t + 1);
      for (let i = 0; i < nParam; i++) {
        m[i] = adam.beta1 * m[i] + (1 - adam.beta1) * grad[i];
        v[i] = adam.beta2 * v[i] + (1 - adam.beta2) * grad[i] * grad[i];
        theta[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + adam.eps);
      }
    }
    for (let i = 0; i < d; i++) weights[i][t + 1] = theta[i];
    if (biasHist) biasHist[t + 1] = theta[d];
    if (!theta.every(Number.isFinite)) {
      diverged = true;
      done = t + 1;
      break;
    }
  }
  return {
    w: Array.from(theta.subarray(0, d)),
    b: hasBias ? theta[d] : 0,
    loss: diverged ? loss.slice(0, done) : loss,
    weights: diverged ? weights.map((h) => h.slice(0, done + 1)) : weights,
    bias: biasHist && diverged ? biasHist.slice(0, done + 1) : biasHist,
    diverged,
  };
}

/**
 * The settings of each simulated part, and what they give (measured over 100 seeds).
 * - (b) lr 1e-3, 1,000 steps: the residual shrinks by 1 − 2·lr·‖x‖² = 0.798 a step, so GD ends on
 *   the minimum-norm solution to ~1e-15; the iterates never leave span(x), hence minimum norm.
 * - (d) dropout 0.5, one mask per step, 1,000 steps: the batch loss jumps between the four masks'
 *   losses (0 … 121); w ends at (0.37 ± 0.14, 3.48 ± 0.13). Even noise-free (`infiniteBatch`)
 *   1,000 steps only reach (0.3758, 3.4849): the slow direction of the dropout loss has Hessian
 *   eigenvalue 2·1.495, so it decays by e^{−2.99} ≈ 0.05 in 1,000 steps of lr 1e-3.
 * - (e) 1,024 masks per step, 10,000 steps: a smooth curve, w = (0.3669 ± 0.0039, 3.6670 ± 0.0033)
 *   against (c)'s (0.36667, 3.66667).
 */
export const DROPOUT_PRESETS = Object.freeze({
  /** (b) plain gradient descent, no dropout, no bias. */
  b: Object.freeze({ p: 0, batchSize: 1, steps: 1000, lr: 1e-3, seed: 1 }),
  /** (b) as the notebook's nn.Linear (with bias): reaches 11/102·[10, 1, 1]. */
  bWithBias: Object.freeze({ p: 0, batchSize: 1, steps: 1000, lr: 1e-3, bias: true, seed: 1 }),
  /** (d) dropout 0.5, one mask per step: a noisy loss curve. */
  d: Object.freeze({ p: 0.5, batchSize: 1, steps: 1000, lr: 1e-3, seed: 1 }),
  /** (e) dropout 0.5, 1,024 masks per step: a smooth curve ending near (c). */
  e: Object.freeze({ p: 0.5, batchSize: 1024, steps: 10000, lr: 1e-3, seed: 1 }),
});

/**
 * (h) Adam, PyTorch's defaults (β = (0.9, 0.999), ε = 1e-8), lr 1e-3.
 * - No dropout: every gradient is 2r·x, so for each coordinate m̂_i/√v̂_i = (x_i·M)/(|x_i|·√V) is
 *   the same number: Adam moves w1 and w2 by equal amounts (w1 − w2 stays below 1e-9), and stops
 *   where 11·w = 11, at (1, 1) — not at SGD's minimum-norm (1.089, 0.109). It creeps up without
 *   overshooting: 0.742 after 1,000 steps, 0.9998 after 3,000, |w − (1,1)| < 1e-9 after 5,000.
 * - Dropout 0.5: the expected loss is strictly convex (Hessian 2(xxᵀ + (p/q)diag(x²)) ≻ 0), so
 *   every method that converges reaches the same unique minimiser as SGD. Adam's step is at most
 *   ~lr, and w2 has to travel 3.67, so 5,000 steps leave it at ≈ 3.23; 10,000 steps with 1,024
 *   masks give (0.3669 ± 0.0018, 3.6671 ± 0.0049). (Other rates too: p = 0.2 → (0.491, 4.873)
 *   after 10,000 steps, (0.493, 4.891) after 20,000, vs 0.4889, 4.8889.)
 */
export const ADAM_PRESETS = Object.freeze({
  noDropout: Object.freeze({ p: 0, batchSize: 1, steps: 5000, lr: 1e-3, optimizer: 'adam' as const, seed: 1 }),
  dropout: Object.freeze({ p: 0.5, batchSize: 1024, steps: 10000, lr: 1e-3, optimizer: 'adam' as const, seed: 1 }),
});

// ---------------------------------------------------------------------------------------------
// (f) sizes of the weights and of their contributions

export interface WeightSizes {
  w: number[];
  /** x_i·w_i: what each feature adds to the prediction. */
  contributions: number[];
  /** w1/w2. */
  weightRatio: number;
  /** (x1·w1)/(x2·w2). */
  contributionRatio: number;
  /** x·w: the prediction on the clean input. */
  prediction: number;
}

export function weightSizes(w: readonly number[], problem: DropoutProblem = DROPOUT_PROBLEM): WeightSizes {
  const contributions = w.map((wi, i) => wi * problem.x[i]);
  return {
    w: [...w],
    contributions,
    weightRatio: w[0] / w[1],
    contributionRatio: contributions[0] / contributions[1],
    prediction: contributions.reduce((a, c) => a + c, 0),
  };
}

/**
 * (f) Without dropout: w1 = 10·w2 and 10·w1 contributes 100× more than w2 (10.89 vs 0.109).
 * With dropout (any p > 0): w2 = 10·w1 and the contributions are equal (3.667 each for p = 0.5),
 * and the clean prediction shrinks to 7.33 < 11: dropout's penalty (p/q)Σx_i²w_i² is cheapest
 * when the contributions are spread evenly.
 */
export function compareWeightSizes(p = 0.5, problem: DropoutProblem = DROPOUT_PROBLEM): {
  withoutDropout: WeightSizes;
  withDropout: WeightSizes;
} {
  return {
    withoutDropout: weightSizes(olsMinNorm(problem).w, problem),
    withDropout: weightSizes(dropoutClosedForm(p, problem), problem),
  };
}

// ---------------------------------------------------------------------------------------------
// (g) sweep over the drop rate

export interface SweepOptions {
  /** Drop rates to simulate. Default 0.05, 0.1, ..., 0.9. */
  rates?: readonly number[];
  /** Default 10,000. */
  steps?: number;
  /** Default 1,024. */
  batchSize?: number;
  /**
   * SGD step: a number, or 'auto' (default) = (1−p)/(2‖x‖²), half of 1/tr(E[x̃x̃ᵀ]) ≤ 1/λmax,
   * so every rate is stable and converges in 10,000 steps. A fixed lr 1e-3 does neither at the
   * ends: at p = 0.9 it sits on the stability edge (2·lr·λmax = 2.0002) and w1 keeps swinging
   * (0.19, 0.11, 0.05 after 10k, 20k, 40k steps, vs 0.1); at p = 0.05 the slow direction
   * (rate 2·lr·0.1017 per step) is still 13% short after 10,000 steps (w2 ≈ 4.67 vs 5.36).
   */
  lr?: number | 'auto';
  /** Average the last `tailFraction` of the iterates to take out SGD noise. Default 0.2. */
  tailFraction?: number;
  seed?: number | string;
  /** Points of the analytic curve on (0, max rate]. Default 200. */
  curvePoints?: number;
  problem?: DropoutProblem;
}

export interface SweepResult {
  rates: number[];
  /** Simulated weights per rate (tail average of SGD with dropout). */
  empirical: number[][];
  /** Final (not averaged) simulated weights per rate. */
  final: number[][];
  /** Closed form at each rate. */
  analytic: number[][];
  /**
   * Largest |simulated − closed form| / |closed form| over every rate and weight: the number the
   * lab's "within 1%" promise is about.
   */
  maxRelError: number;
  /** A fine analytic curve for plotting: w[k] at p[k]. */
  curve: { p: number[]; w: number[][] };
  /** p → 0⁺ limit, (0.55, 5.5). */
  limitAtZero: number[];
  /** The p = 0 answer, minimum-norm OLS (1.0891, 0.1089). */
  atZero: number[];
  /** The lr used at each rate. */
  lr: number[];
}

export const SWEEP_DEFAULT_RATES: readonly number[] = Object.freeze(
  Array.from({ length: 18 }, (_, k) => Math.round((k + 1) * 5) / 100),
);

/** The step 'auto' picks in {@link dropoutSweep}. */
export function autoSweepLr(p: number, problem: DropoutProblem = DROPOUT_PROBLEM): number {
  return (1 - p) / (2 * dot(problem.x, problem.x));
}

/**
 * (g) Simulated and analytic weights against the drop rate. Deterministic for a seed. With the
 * defaults (18 rates, 1,024 masks, 10,000 steps, tail average of the last 2,000) the simulated
 * weights are within 0.5% of the closed form at every rate (max over 30 seeds: 0.42%); the whole
 * sweep takes ~0.1 s.
 */
export function dropoutSweep(options: SweepOptions = {}): SweepResult {
  const problem = options.problem ?? DROPOUT_PROBLEM;
  const rates = [...(options.rates ?? SWEEP_DEFAULT_RATES)];
  const steps = options.steps ?? 10000;
  const batchSize = options.batchSize ?? 1024;
  const tailFraction = options.tailFraction ?? 0.2;
  const seedBase = options.seed ?? 0;
  const curvePoints = options.curvePoints ?? 200;
  if (!(tailFraction > 0 && tailFraction <= 1)) throw new RangeError(`tailFraction must be in (0, 1]; got ${tailFraction}`);
  const empirical: number[][] = [];
  const final: number[][] = [];
  const lrs: number[] = [];
  rates.forEach((p, k) => {
    const lr = options.lr === undefined || options.lr === 'auto' ? autoSweepLr(p, problem) : options.lr;
    lrs.push(lr);
    const run = trainLinear({ p, batchSize, steps, lr, seed: `${seedBase}/sweep/${k}`, problem });
    const n = run.weights[0].length;
    const from = Math.max(0, n - Math.max(1, Math.round(tailFraction * steps)));
    empirical.push(
      run.weights.map((h) => {
        let s = 0;
        for (let t = from; t < n; t++) s += h[t];
        return s / (n - from);
      }),
    );
    final.push(run.w);
  });
  const maxRate = Math.max(...rates, 0.9);
  const curveP = Array.from({ length: curvePoints }, (_, k) => ((k + 1) / curvePoints) * maxRate);
  const analytic = rates.map((p) => dropoutClosedForm(p, problem));
  return {
    rates,
    empirical,
    final,
    analytic,
    maxRelError: Math.max(...empirical.flatMap((w, k) => w.map((v, i) => Math.abs(v - analytic[k][i]) / Math.abs(analytic[k][i])))),
    curve: { p: curveP, w: curveP.map((p) => dropoutClosedForm(p, problem)) },
    limitAtZero: dropoutLimitAtZero(problem),
    atZero: olsMinNorm(problem).w,
    lr: lrs,
  };
}
