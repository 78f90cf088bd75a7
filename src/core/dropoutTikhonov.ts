/**
 * Dropout as Tikhonov regularization (problem 2 of the first homework).
 *
 * Convention: `keepProb` = p is the probability that a feature is KEPT (R_ij ~ Bernoulli(p)),
 * and kept features are NOT rescaled — the homework's convention, unlike the course's coding
 * notebook (drop rate, inverted dropout) and `dropoutLab.ts`.
 *
 * Results re-derived here (see multiplicativeNoise.ts for the expectation):
 * (a) E_R||y − (R∘X)w̃||² = ||y − pXw̃||² + p(1−p)||Γ̃w̃||², Γ̃ = diag(XᵀX)^{1/2}
 *     (Bernoulli(p) has mean p and variance p(1−p)).
 * (b) Substituting w = p·w̃: ||y − Xw||² + ((1−p)/p)||Γ̃w||², i.e. Tikhonov (3) with
 *     Γ = √((1−p)/p)·Γ̃. Minimizers: the dropout objective's normal equations are
 *     (p XᵀX + (1−p) Γ̃²) w̃ = Xᵀy, Tikhonov's are (XᵀX + Γ²) w = Xᵀy; multiplying the first by
 *     p shows w = p·w̃ exactly.
 * (c) With v = Γw (Γ invertible): ||y − XΓ⁻¹v||² + ||v||², so X̃ = XΓ⁻¹ and λ = 1.
 *     (Another valid reading keeps λ: X̃ = XΓ̃⁻¹, λ = (1−p)/p; then the columns have norm 1.)
 * (d) Column j of X̃ = XΓ⁻¹ is X_:j / (√((1−p)/p)·||X_:j||), so every column has norm
 *     √(p/(1−p)) — the same for all j (1 at p = ½). Generally, for Γ = c·Γ̃ every column has norm
 *     1/c. Dropout thus acts like ridge regression on column-normalized features, the kind of
 *     per-feature scale normalization batch normalization performs. A zero column of X makes Γ
 *     singular; that column is left out (reported, not divided by zero).
 */
import { createRng, type Rng } from './rng';
import {
  columnNorms,
  lstsqMinNorm,
  matmul,
  matvec,
  maxAbsDiff,
  pinv,
  SingularMatrixError,
  solveSPD,
  transpose,
  vecScale,
  type Matrix,
  type MatrixLike,
  type Vector,
  type VectorLike,
} from './linalg';
import { monteCarloMean, type McEstimate } from './monteCarlo';
import {
  assertRegressionShapes,
  lossWithMultipliers,
  multiplicativeNoiseClosedForm,
  type NoisyLossClosedForm,
} from './multiplicativeNoise';

export interface RegressionProblem {
  /** n×d design matrix. */
  X: Matrix;
  /** Targets, length n. */
  y: Vector;
  /** A weight vector at which to evaluate the losses, length d. */
  w: Vector;
}

export interface DrawProblemOptions {
  n: number;
  d: number;
  seed: number | string;
  /** Standard deviation of the label noise; default 0.5. */
  noise?: number;
}

/**
 * A random regression problem. Columns get different scales (uniform in [0.5, 3]) so that Γ̃ is
 * visibly non-uniform and the equal column norms of X̃ in part (d) are a real effect;
 * y = X w* + noise for a hidden w*; w is an independent N(0, 1) draw.
 */
export function drawRegressionProblem(options: DrawProblemOptions): RegressionProblem {
  const { n, d } = options;
  if (!Number.isInteger(n) || !Number.isInteger(d) || n < 1 || d < 1) throw new RangeError('n and d must be positive integers');
  const rng = createRng(options.seed);
  const noise = options.noise ?? 0.5;
  const scales = Array.from({ length: d }, () => rng.uniform(0.5, 3));
  const X = Array.from({ length: n }, () => scales.map((s) => s * rng.normal()));
  const wStar = Array.from({ length: d }, () => rng.normal());
  const y = matvec(X, wStar).map((v) => v + noise * rng.normal());
  const w = Array.from({ length: d }, () => rng.normal());
  return { X, y, w };
}

function assertKeepProb(p: number, open: boolean): void {
  const ok = open ? p > 0 && p < 1 : p >= 0 && p <= 1;
  if (!Number.isFinite(p) || !ok) {
    throw new RangeError(`keep probability must be in ${open ? '(0, 1)' : '[0, 1]'}, got ${p}`);
  }
}

/** Γ̃'s diagonal: the column norms of X, i.e. diag(XᵀX)^{1/2}. */
export function gammaTildeDiag(X: MatrixLike): Vector {
  return columnNorms(X);
}

/** ||y − (M∘X)w||² for one 0/1 mask M (n×d). */
export function dropoutLossForMask(X: MatrixLike, y: VectorLike, w: VectorLike, mask: MatrixLike): number {
  return lossWithMultipliers(X, y, w, (i, j) => mask[i][j]);
}

/** One n×d Bernoulli(keepProb) mask. */
export function drawMask(rng: Rng, n: number, d: number, keepProb: number): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: d }, () => (rng.next() < keepProb ? 1 : 0)));
}

/** Equation (4): ||y − pXw||² + p(1−p)||Γ̃w||², split into its two terms. */
export function dropoutClosedForm(X: MatrixLike, y: VectorLike, w: VectorLike, keepProb: number): NoisyLossClosedForm {
  assertKeepProb(keepProb, false);
  return multiplicativeNoiseClosedForm(X, y, w, keepProb, keepProb * (1 - keepProb));
}

/** The largest n·d for which `dropoutExactExpectation` enumerates (2^20 ≈ 10⁶ masks). */
export const MAX_ENUMERATED_ENTRIES = 20;

export interface ExactExpectation {
  value: number;
  /** 2^(n·d). */
  masks: number;
}

/**
 * E_R||y − (R∘X)w||² by summing over all 2^(n·d) masks weighted by p^k(1−p)^(nd−k): a check
 * that uses neither independence nor the closed form. Neumaier summation keeps the sum of a
 * million terms accurate to ~1e-15 relative.
 */
export function dropoutExactExpectation(X: MatrixLike, y: VectorLike, w: VectorLike, keepProb: number): ExactExpectation {
  assertRegressionShapes(X, y, w);
  assertKeepProb(keepProb, false);
  const n = X.length;
  const d = w.length;
  const entries = n * d;
  if (entries > MAX_ENUMERATED_ENTRIES) {
    throw new RangeError(`exact enumeration needs n·d ≤ ${MAX_ENUMERATED_ENTRIES} (got ${entries}: 2^${entries} masks)`);
  }
  const masks = 2 ** entries;
  const weightByKept = Array.from({ length: entries + 1 }, (_, k) => keepProb ** k * (1 - keepProb) ** (entries - k));
  let sum = 0;
  let comp = 0;
  for (let m = 0; m < masks; m++) {
    let kept = 0;
    let loss = 0;
    for (let i = 0; i < n; i++) {
      let z = 0;
      for (let j = 0; j < d; j++) {
        if ((m >>> (i * d + j)) & 1) {
          kept++;
          z += X[i][j] * w[j];
        }
      }
      loss += (y[i] - z) ** 2;
    }
    const term = weightByKept[kept] * loss;
    const t = sum + term;
    comp += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
    sum = t;
  }
  return { value: sum + comp, masks };
}

export interface MonteCarloDropoutOptions {
  samples: number;
  seed: number | string;
  z?: number;
  tracePoints?: number;
}

/** Monte Carlo estimate of E_R||y − (R∘X)w||² with a confidence band and a convergence trace. */
export function monteCarloDropoutLoss(
  X: MatrixLike,
  y: VectorLike,
  w: VectorLike,
  keepProb: number,
  options: MonteCarloDropoutOptions,
): McEstimate {
  assertRegressionShapes(X, y, w);
  assertKeepProb(keepProb, false);
  const rng = createRng(options.seed);
  const keep = (): number => (rng.next() < keepProb ? 1 : 0);
  return monteCarloMean(() => lossWithMultipliers(X, y, w, keep), options);
}

/**
 * Minimizer of M w = b for symmetric positive semidefinite M: Cholesky when M is positive
 * definite, otherwise the minimum-norm solution pinv(M)·b (b lies in M's range for every normal
 * equation here, so that is the minimum-norm minimizer of the objective).
 */
function solveNormalEquations(M: MatrixLike, b: VectorLike): { w: Vector; unique: boolean } {
  try {
    return { w: solveSPD(M, b), unique: true };
  } catch (e) {
    if (!(e instanceof SingularMatrixError)) throw e;
    return { w: matvec(pinv(M), b), unique: false };
  }
}

/** XᵀX. */
function gram(X: MatrixLike): Matrix {
  return matmul(transpose(X), X);
}

/**
 * w̃ = argmin of the dropout objective (4): solves (p XᵀX + (1−p) Γ̃²) w̃ = Xᵀy. At p = 1 this
 * is ordinary least squares (minimum-norm if XᵀX is singular). keepProb must be in (0, 1]: at
 * p = 0 the objective is the constant ||y||².
 */
export function dropoutMinimizer(X: MatrixLike, y: VectorLike, keepProb: number): Vector {
  if (!(keepProb > 0 && keepProb <= 1)) throw new RangeError(`keep probability must be in (0, 1], got ${keepProb}`);
  if (keepProb === 1) return lstsqMinNorm(X, y);
  const G = gram(X);
  const M = G.map((row, i) => row.map((v, j) => keepProb * v + (i === j ? (1 - keepProb) * v : 0)));
  return solveNormalEquations(M, matvec(transpose(X), y)).w;
}

/**
 * argmin ||y − Xw||² + ||Γw||² for diagonal Γ (given by its diagonal) or a full matrix Γ:
 * solves (XᵀX + ΓᵀΓ) w = Xᵀy.
 */
export function tikhonovMinimizer(X: MatrixLike, y: VectorLike, gamma: VectorLike | MatrixLike): Vector {
  const G = gram(X);
  const d = G.length;
  const isMatrix = gamma.length > 0 && Array.isArray(gamma[0]);
  const GtG = isMatrix ? gram(gamma as MatrixLike) : null;
  const diagG = isMatrix ? null : (gamma as VectorLike);
  if (diagG && diagG.length !== d) throw new RangeError(`Γ has ${diagG.length} diagonal entries, X has ${d} columns`);
  const M = G.map((row, i) => row.map((v, j) => v + (GtG ? GtG[i][j] : i === j ? diagG![i] ** 2 : 0)));
  return solveNormalEquations(M, matvec(transpose(X), y)).w;
}

/** argmin ||y − X̃v||² + λ||v||²: solves (X̃ᵀX̃ + λI) v = X̃ᵀy. */
export function ridgeMinimizer(Xt: MatrixLike, y: VectorLike, lambda: number): Vector {
  if (!(lambda >= 0)) throw new RangeError('λ must be ≥ 0');
  const M = gram(Xt).map((row, i) => row.map((v, j) => v + (i === j ? lambda : 0)));
  return solveNormalEquations(M, matvec(transpose(Xt), y)).w;
}

/** Part (b): Γ = √((1−p)/p)·Γ̃, as a diagonal. keepProb in (0, 1]. */
export function equivalentGammaDiag(X: MatrixLike, keepProb: number): Vector {
  if (!(keepProb > 0 && keepProb <= 1)) throw new RangeError(`keep probability must be in (0, 1], got ${keepProb}`);
  return vecScale(gammaTildeDiag(X), Math.sqrt((1 - keepProb) / keepProb));
}

export interface ChangeOfVariables {
  /** X̃ = XΓ⁻¹; a column whose Γ entry is 0 is all zeros here (excluded, see zeroColumns). */
  Xtilde: Matrix;
  /** Column indices j with Γ_jj = 0, where Γ⁻¹ does not exist. */
  zeroColumns: number[];
}

/** Part (c): X̃ = XΓ⁻¹ for diagonal Γ (so v = Γw turns (3) into ridge with λ = 1). */
export function changeOfVariables(X: MatrixLike, gammaDiag: VectorLike): ChangeOfVariables {
  const zeroColumns = gammaDiag.flatMap((g, j) => (g === 0 ? [j] : []));
  const Xtilde = X.map((row) => row.map((v, j) => (gammaDiag[j] === 0 ? 0 : v / gammaDiag[j])));
  return { Xtilde, zeroColumns };
}

/** √(p/(1−p)): the common column norm of X̃ = XΓ⁻¹ when Γ = √((1−p)/p)·Γ̃. */
export function expectedXtildeColumnNorm(keepProb: number): number {
  assertKeepProb(keepProb, true);
  return Math.sqrt(keepProb / (1 - keepProb));
}

export interface DropoutTikhonovReport {
  keepProb: number;
  /** Γ̃ diagonal = column norms of X. */
  gammaTilde: Vector;
  /** Γ = √((1−p)/p)·Γ̃ diagonal. */
  gamma: Vector;
  /** w̃: minimizer of the dropout objective (4). */
  wDropout: Vector;
  /** p·w̃. */
  pTimesWDropout: Vector;
  /** w: minimizer of Tikhonov (3) with the Γ above. */
  wTikhonov: Vector;
  /** max |p·w̃ − w| (≈ 1e-15 when the claim holds). */
  maxDiffScaledDropoutVsTikhonov: number;
  /** X̃ = XΓ⁻¹. */
  Xtilde: Matrix;
  colNormsX: Vector;
  colNormsXtilde: Vector;
  /** √(p/(1−p)). */
  expectedColNormXtilde: number;
  /** v: ridge solution in the new variables (λ = 1). */
  vRidge: Vector;
  /** Γ⁻¹v: maps the ridge solution back; equals wTikhonov. */
  wFromRidge: Vector;
  /** Human-readable caveats (zero columns, …) for the widget to show. */
  notes: string[];
}

/** Everything the 2b–2d widget shows, computed from one X, y and p ∈ (0, 1). */
export function dropoutTikhonovReport(X: MatrixLike, y: VectorLike, keepProb: number): DropoutTikhonovReport {
  assertKeepProb(keepProb, true);
  const gammaTilde = gammaTildeDiag(X);
  const gamma = equivalentGammaDiag(X, keepProb);
  const wDropout = dropoutMinimizer(X, y, keepProb);
  const pTimesWDropout = vecScale(wDropout, keepProb);
  const wTikhonov = tikhonovMinimizer(X, y, gamma);
  const { Xtilde, zeroColumns } = changeOfVariables(X, gamma);
  const vRidge = ridgeMinimizer(Xtilde, y, 1);
  const wFromRidge = vRidge.map((v, j) => (gamma[j] === 0 ? 0 : v / gamma[j]));
  const notes: string[] = [];
  if (zeroColumns.length > 0) {
    notes.push(
      `Column(s) ${zeroColumns.join(', ')} of X are zero, so Γ is singular there: those columns are left out of X̃ ` +
        'and their weights are 0 (they never affect the loss).',
    );
  }
  return {
    keepProb,
    gammaTilde,
    gamma,
    wDropout,
    pTimesWDropout,
    wTikhonov,
    maxDiffScaledDropoutVsTikhonov: maxAbsDiff(pTimesWDropout, wTikhonov),
    Xtilde,
    colNormsX: columnNorms(X),
    colNormsXtilde: columnNorms(Xtilde),
    expectedColNormXtilde: expectedXtildeColumnNorm(keepProb),
    vRidge,
    wFromRidge,
    notes,
  };
}
