/**
 * Monte Carlo estimation of a mean with a normal-approximation confidence band and a convergence
 * trace, shared by the dropout and Gaussian-noise verifiers (problems 2 and 3). The trace is what
 * the widgets plot: the running estimate and its band against the number of samples.
 */
import { math } from './safeMath';

export interface McTracePoint {
  /** Samples used so far. */
  samples: number;
  /** Running mean after `samples` draws. */
  mean: number;
  /** Standard error s/√samples (s: sample standard deviation, n − 1 denominator). */
  stdError: number;
  /** mean − z·stdError. */
  lo: number;
  /** mean + z·stdError. */
  hi: number;
}

export interface McEstimate extends McTracePoint {
  /** Multiplier of the standard error in the band (1.96 ≈ 95% two-sided, normal approximation). */
  z: number;
  /** Running estimates at roughly log-spaced sample counts, ending at the final count. */
  trace: McTracePoint[];
}

export interface McOptions {
  /** Number of draws, at least 2 (a standard error needs two). */
  samples: number;
  /** Band half-width in standard errors; default 1.96. */
  z?: number;
  /** About how many trace points to keep (log-spaced); default 60. */
  tracePoints?: number;
}

/** Sample counts 2 … total, roughly geometrically spaced (so a log-x plot is even), always ending at total. */
export function traceSchedule(total: number, points: number): number[] {
  const out = new Set<number>();
  const k = Math.max(2, points);
  for (let i = 0; i < k; i++) {
    out.add(Math.max(2, Math.round(2 * Math.pow(total / 2, i / (k - 1)))));
  }
  out.add(total);
  return [...out].filter((v) => v <= total).sort((a, b) => a - b);
}

/**
 * Mean of `draw()` over `samples` calls, with Welford's running variance (stable for large
 * counts and large means, where the naive sum-of-squares formula cancels).
 */
export function monteCarloMean(draw: () => number, options: McOptions): McEstimate {
  const { samples } = options;
  const z = options.z ?? 1.96;
  if (!Number.isInteger(samples) || samples < 2) throw new RangeError('monteCarloMean: samples must be an integer ≥ 2');
  const schedule = traceSchedule(samples, options.tracePoints ?? 60);
  const trace: McTracePoint[] = [];
  let next = 0;
  let mean = 0;
  let m2 = 0;
  for (let n = 1; n <= samples; n++) {
    const x = draw();
    const delta = x - mean;
    mean += delta / n;
    m2 += delta * (x - mean);
    if (n === schedule[next]) {
      const stdError = Math.sqrt(m2 / (n - 1) / n);
      trace.push({ samples: n, mean, stdError, lo: mean - z * stdError, hi: mean + z * stdError });
      next++;
    }
  }
  const last = trace[trace.length - 1];
  return { ...last, z, trace };
}

/**
 * Two-sided coverage of ±z standard errors under the normal approximation, P(|Z| ≤ z) = erf(z/√2):
 * how often the band of {@link monteCarloMean} holds the true mean (z = 1.96 → 95%).
 */
export function normalCoverage(z: number): number {
  return math.erf(z / Math.SQRT2);
}
