/**
 * Output variance through a deep linear network y_l = A_l y_{l−1} + b_l with PyTorch's default
 * nn.Linear initialization: every entry of A_l and b_l drawn from U(−1/√n, 1/√n), n = fan-in
 * n_{l−1}. (kaiming_uniform_ with a = √5 gives bound √(1/3)·√(3/n) = 1/√n for weights; the bias
 * bound is 1/√fan_in too.)
 *
 * Derivation. Var U(−a, a) = a²/3, so Var a_ij = Var b_i = 1/(3n). The weights of layer l are
 * independent of y_{l−1} and have mean zero, so every cross term vanishes and
 *
 *   E[y_l,i] = 0,   Var y_l,i = Σ_k E[a²]·E[y²_{l−1,k}] + E[b²] = v_{l−1}/3 + 1/(3 n_{l−1}),
 *
 * where v_{l−1} is the mean second moment of the previous layer (its variance for l ≥ 2, since
 * those outputs have mean zero; for the input it is E[x²], i.e. 1 for unit-variance zero-mean
 * inputs). Distinct outputs are uncorrelated (Cov(y_i, y_j) = 0 for i ≠ j).
 *
 * So only the first layer has the factor (n_0 + 1)/(3 n_0) for unit-variance inputs. The
 * per-layer factor after that is v_l / v_{l−1} = 1/3 + 1/(3 n_{l−1} v_{l−1}), not
 * (n_{l−1} + 1)/(3 n_{l−1}): the bias adds a constant 1/(3n), it does not scale with v. Unrolled,
 *
 *   v_L = v_0 / 3^L + Σ_{l=1..L} 1 / (3^{L−l+1} n_{l−1}),
 *
 * and for a constant width n the variance tends to the fixed point v* = 1/(2n), not to 0 as the
 * product Π (n_l + 1)/(3 n_l) ≈ 3^{−L} would suggest.
 */
import { createRng } from './rng';

export interface InitVarianceOptions {
  /** Layer widths n_0 (input), n_1, …, n_L. */
  widths: readonly number[];
  /** E[x²] of the inputs (the variance for zero-mean inputs). Default 1. */
  inputSecondMoment?: number;
  /** Whether layers have biases initialized like PyTorch's. Default true. */
  bias?: boolean;
}

function checkWidths(widths: readonly number[]): void {
  if (widths.length < 2) throw new Error('need at least an input width and one layer width');
  for (const n of widths) {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`widths must be positive integers, got ${n}`);
  }
}

/** Exact variance of each layer's outputs, v_0 (input), v_1, …, v_L. */
export function closedFormVariances(opts: InitVarianceOptions): number[] {
  checkWidths(opts.widths);
  const bias = opts.bias ?? true;
  const v = [opts.inputSecondMoment ?? 1];
  for (let l = 1; l < opts.widths.length; l++) {
    const n = opts.widths[l - 1];
    v.push(v[l - 1] / 3 + (bias ? 1 / (3 * n) : 0));
  }
  return v;
}

/**
 * The formula Π_{l<L} (n_l + 1)/(3 n_l) (as stated in the issue and the student solution), for
 * comparison: it is exact only for the first layer with unit-variance inputs.
 */
export function productFormulaVariances(widths: readonly number[]): number[] {
  checkWidths(widths);
  const v = [1];
  for (let l = 1; l < widths.length; l++) v.push(v[l - 1] * ((widths[l - 1] + 1) / (3 * widths[l - 1])));
  return v;
}

/** Limit of the variance for a constant width n with biases: v = v/3 + 1/(3n) gives v = 1/(2n). */
export function fixedPointVariance(width: number): number {
  return 1 / (2 * width);
}

export interface SimulationOptions extends InitVarianceOptions {
  seed: number | string;
  /** Independently initialized networks. Default 200. */
  trials?: number;
  /** Inputs pushed through each network. Default 8. */
  batch?: number;
  /** Input distribution, scaled to the requested second moment. Default 'normal'. */
  input?: 'normal' | 'uniform';
}

export interface SimulationResult {
  /** Mean of y² over trials, inputs and units, per layer (index 0 = input). */
  variances: number[];
  /** Standard error of each estimate, from the spread of the per-trial means. */
  standardErrors: number[];
}

/** Monte Carlo estimate over random networks and inputs of the per-layer output variance. */
export function simulateVariances(opts: SimulationOptions): SimulationResult {
  checkWidths(opts.widths);
  const rng = createRng(opts.seed);
  const trials = opts.trials ?? 200;
  const batch = opts.batch ?? 8;
  const bias = opts.bias ?? true;
  const m2 = opts.inputSecondMoment ?? 1;
  const depth = opts.widths.length;
  const sum = new Float64Array(depth);
  const sumSq = new Float64Array(depth);
  const sampleInput =
    opts.input === 'uniform'
      ? (): number => Math.sqrt(3 * m2) * rng.uniform(-1, 1)
      : (): number => Math.sqrt(m2) * rng.normal();
  for (let t = 0; t < trials; t++) {
    // One network per trial, shared by the batch.
    const layers = opts.widths.slice(1).map((out, i) => {
      const n = opts.widths[i];
      const a = 1 / Math.sqrt(n);
      return {
        W: Float64Array.from({ length: out * n }, () => rng.uniform(-a, a)),
        b: Float64Array.from({ length: out }, () => (bias ? rng.uniform(-a, a) : 0)),
      };
    });
    const trialMean = new Float64Array(depth);
    for (let s = 0; s < batch; s++) {
      let y = Float64Array.from({ length: opts.widths[0] }, sampleInput);
      trialMean[0] += y.reduce((acc, v) => acc + v * v, 0) / y.length;
      layers.forEach(({ W, b }, i) => {
        const n = opts.widths[i];
        const out = opts.widths[i + 1];
        const next = new Float64Array(out);
        for (let r = 0; r < out; r++) {
          let z = b[r];
          for (let k = 0; k < n; k++) z += W[r * n + k] * y[k];
          next[r] = z;
        }
        y = next;
        trialMean[i + 1] += y.reduce((acc, v) => acc + v * v, 0) / out;
      });
    }
    for (let l = 0; l < depth; l++) {
      const m = trialMean[l] / batch;
      sum[l] += m;
      sumSq[l] += m * m;
    }
  }
  const variances = Array.from(sum, (s) => s / trials);
  const standardErrors = variances.map((mean, l) => {
    const spread = Math.max(0, sumSq[l] / trials - mean * mean) * (trials / Math.max(1, trials - 1));
    return Math.sqrt(spread / trials);
  });
  return { variances, standardErrors };
}
