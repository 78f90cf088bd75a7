/**
 * Does the order of dropout and the activation matter?
 *
 *   A: z → dropout → σ       gives σ(m·z/(1−p))
 *   B: z → σ → dropout       gives m·σ(z)/(1−p)
 *
 * with z = Wx + b, m ∈ {0, 1} kept with probability 1 − p (p = drop probability, inverted dropout).
 * For m = 0 the two agree iff σ(0) = 0; for m = 1 iff σ(c·z) = c·σ(z) with c = 1/(1−p) > 1.
 * Both hold for every p iff σ is positively homogeneous (σ(cz) = cσ(z) for all c ≥ 0), e.g.
 * ReLU, leaky ReLU, the identity, |z|. Sigmoid fails already at m = 0 (σ(0) = ½); tanh, ELU,
 * softplus, GELU, ReLU6 fail for m = 1.
 */
import { createRng } from './rng';

export type ActivationName =
  | 'relu'
  | 'leaky_relu'
  | 'identity'
  | 'abs'
  | 'sigmoid'
  | 'tanh'
  | 'elu'
  | 'softplus'
  | 'gelu'
  | 'relu6';

export interface ActivationInfo {
  label: string;
  /** Whether A and B agree for every input, mask and p ∈ (0, 1). */
  ordersAgree: boolean;
  reason: string;
}

export const ACTIVATION_INFO: Readonly<Record<ActivationName, ActivationInfo>> = {
  relu: { label: 'ReLU', ordersAgree: true, reason: 'max(0, cz) = c·max(0, z) for c ≥ 0, and ReLU(0) = 0' },
  leaky_relu: { label: 'Leaky ReLU', ordersAgree: true, reason: 'both pieces are linear through 0, so σ(cz) = cσ(z) for c ≥ 0' },
  identity: { label: 'identity', ordersAgree: true, reason: 'linear' },
  abs: { label: '|z|', ordersAgree: true, reason: '|cz| = c|z| for c ≥ 0' },
  sigmoid: { label: 'sigmoid', ordersAgree: false, reason: 'σ(0) = 1/2 ≠ 0: a dropped unit gives 1/2 in one order and 0 in the other' },
  tanh: { label: 'tanh', ordersAgree: false, reason: 'tanh(0) = 0, but tanh(cz) ≠ c·tanh(z) (it saturates at ±1)' },
  elu: { label: 'ELU', ordersAgree: false, reason: 'the negative branch e^z − 1 is not homogeneous' },
  softplus: { label: 'softplus', ordersAgree: false, reason: 'softplus(0) = ln 2 ≠ 0' },
  gelu: { label: 'GELU', ordersAgree: false, reason: 'z·Φ(z) is not homogeneous (Φ(cz) ≠ Φ(z))' },
  relu6: { label: 'ReLU6', ordersAgree: false, reason: 'the clip at 6 breaks homogeneity for large inputs' },
};

function erf(x: number): number {
  // Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7) is plenty for a demo of GELU's shape.
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}

/** The activation as a function; `leakySlope` (default 0.01) is used by leaky ReLU only. */
export function activationFn(name: ActivationName, leakySlope = 0.01): (z: number) => number {
  switch (name) {
    case 'relu':
      return (z) => Math.max(0, z);
    case 'leaky_relu':
      return (z) => (z >= 0 ? z : leakySlope * z);
    case 'identity':
      return (z) => z;
    case 'abs':
      return (z) => Math.abs(z);
    case 'sigmoid':
      return (z) => 1 / (1 + Math.exp(-z));
    case 'tanh':
      return Math.tanh;
    case 'elu':
      return (z) => (z >= 0 ? z : Math.exp(z) - 1);
    case 'softplus':
      return (z) => (z > 30 ? z : Math.log1p(Math.exp(z)));
    case 'gelu':
      return (z) => 0.5 * z * (1 + erf(z / Math.SQRT2));
    case 'relu6':
      return (z) => Math.min(6, Math.max(0, z));
  }
}

export interface DropoutOrderOptions {
  activation: ActivationName | ((z: number) => number);
  /** Probability of dropping a unit, in [0, 1). */
  dropProb: number;
  seed: number | string;
  /** Number of input vectors x. Default 200. */
  samples?: number;
  /** Linear layer size. Defaults 8 → 8. */
  inDim?: number;
  outDim?: number;
  /** Inputs x ~ N(0, inputScale²). Default 4, so that z often reaches where ReLU6 and tanh saturate. */
  inputScale?: number;
  leakySlope?: number;
}

export interface DropoutOrderPoint {
  z: number;
  kept: boolean;
  dropoutThenActivation: number;
  activationThenDropout: number;
}

export interface DropoutOrderResult {
  maxAbsDiff: number;
  meanAbsDiff: number;
  /** The sampled point with the largest difference. */
  worst: DropoutOrderPoint;
  /** Every pre-activation sampled (samples × outDim), for plotting. */
  points: DropoutOrderPoint[];
  /** The analytic answer, for named activations. */
  analytic?: ActivationInfo;
}

/**
 * Sample a random linear layer, inputs and dropout masks, apply both orders, and measure how far
 * apart they are. Both orders see the same z and the same mask.
 */
export function compareDropoutOrder(opts: DropoutOrderOptions): DropoutOrderResult {
  const p = opts.dropProb;
  if (!(p >= 0 && p < 1)) throw new Error(`dropProb must be in [0, 1), got ${p}`);
  const rng = createRng(opts.seed);
  const inDim = opts.inDim ?? 8;
  const outDim = opts.outDim ?? 8;
  const samples = opts.samples ?? 200;
  const scale = opts.inputScale ?? 4;
  const sigma = typeof opts.activation === 'function' ? opts.activation : activationFn(opts.activation, opts.leakySlope);
  const bound = 1 / Math.sqrt(inDim);
  const W = Array.from({ length: outDim * inDim }, () => rng.uniform(-bound, bound));
  const b = Array.from({ length: outDim }, () => rng.uniform(-bound, bound));
  const keepScale = 1 / (1 - p);
  const points: DropoutOrderPoint[] = [];
  let maxAbsDiff = -1;
  let sumAbs = 0;
  let worstIndex = 0;
  const x = new Array<number>(inDim);
  for (let s = 0; s < samples; s++) {
    for (let j = 0; j < inDim; j++) x[j] = scale * rng.normal();
    for (let i = 0; i < outDim; i++) {
      let z = b[i];
      for (let j = 0; j < inDim; j++) z += W[i * inDim + j] * x[j];
      const kept = rng.next() >= p;
      const m = kept ? keepScale : 0;
      const a = sigma(m * z);
      const c = m * sigma(z);
      const d = Math.abs(a - c);
      sumAbs += d;
      if (d > maxAbsDiff) {
        maxAbsDiff = d;
        worstIndex = points.length;
      }
      points.push({ z, kept, dropoutThenActivation: a, activationThenDropout: c });
    }
  }
  return {
    maxAbsDiff,
    meanAbsDiff: sumAbs / points.length,
    worst: points[worstIndex],
    points,
    analytic: typeof opts.activation === 'string' ? ACTIVATION_INFO[opts.activation] : undefined,
  };
}

/**
 * max over a grid of |σ(cz) − cσ(z)| for the given c values (and z in [−zMax, zMax]); zero for a
 * positively homogeneous σ. A numerical check for activations that have no entry in the table.
 */
export function homogeneityDefect(
  sigma: (z: number) => number,
  cs: readonly number[] = [0, 0.5, 2, 4],
  zMax = 6,
  steps = 241,
): number {
  let worst = 0;
  for (const c of cs) {
    for (let k = 0; k < steps; k++) {
      const z = -zMax + (2 * zMax * k) / (steps - 1);
      worst = Math.max(worst, Math.abs(sigma(c * z) - c * sigma(z)));
    }
  }
  return worst;
}
