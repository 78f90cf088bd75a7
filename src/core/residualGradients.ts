/**
 * Gradients through a stack of residual blocks (the homework's fully connected ResNet):
 *
 *   y_0 = x,   y_l = σ(A_l y_{l−1} + b_l) + y_{l−1}   (l = 1 … L),   optionally a linear readout
 *   y_{L+1} = A_{L+1} y_L + b_{L+1}.
 *
 * Block Jacobian: ∂y_l/∂y_{l−1} = diag(σ'(A_l y_{l−1} + b_l)) A_l + I. Without the identity path
 * (y_l = σ(A_l y_{l−1} + b_l)) it is D_l A_l, and a product of those can vanish (σ' = 0 for a dead
 * ReLU, or small A); with it, each factor is I plus something, so the gradient reaching early
 * layers does not vanish even when D_l A_l ≈ 0.
 *
 * For a scalar loss ℓ with upstream gradient g_L = ∂ℓ/∂y_L (row vector):
 *   g_{l−1} = g_l (D_l A_l + I),   ∂ℓ/∂b_l = g_l D_l,   ∂ℓ/∂A_l = (D_l g_lᵀ) y_{l−1}ᵀ.
 * Matrices are row-major Float64Arrays of size width × width.
 */
import { createRng } from './rng';

export type ResidualActivation = 'relu' | 'leaky_relu' | 'tanh' | 'sigmoid' | 'identity';

interface ActivationPair {
  f: (z: number) => number;
  df: (z: number) => number;
}

const ACTS: Readonly<Record<ResidualActivation, ActivationPair>> = {
  relu: { f: (z) => Math.max(0, z), df: (z) => (z > 0 ? 1 : 0) },
  leaky_relu: { f: (z) => (z > 0 ? z : 0.01 * z), df: (z) => (z > 0 ? 1 : 0.01) },
  tanh: { f: Math.tanh, df: (z) => 1 - Math.tanh(z) ** 2 },
  sigmoid: {
    f: (z) => 1 / (1 + Math.exp(-z)),
    df: (z) => {
      const s = 1 / (1 + Math.exp(-z));
      return s * (1 - s);
    },
  },
  identity: { f: (z) => z, df: () => 1 },
};

export interface DenseLayer {
  A: Float64Array;
  b: Float64Array;
}

export interface ResidualNet {
  width: number;
  blocks: DenseLayer[];
  /** Linear layer after the blocks (the homework's y_L = A_L y_{L−1} + b_L), if any. */
  readout?: DenseLayer;
}

export interface ResidualNetOptions {
  width: number;
  /** Number of residual blocks. */
  depth: number;
  seed: number | string;
  /** A entries ~ N(0, weightScale² / width). Default 1. */
  weightScale?: number;
  /** b entries ~ N(0, biasScale²). Default 0. */
  biasScale?: number;
  readout?: boolean;
}

export function makeResidualNet(opts: ResidualNetOptions): ResidualNet {
  const rng = createRng(opts.seed);
  const m = opts.width;
  const std = (opts.weightScale ?? 1) / Math.sqrt(m);
  const bStd = opts.biasScale ?? 0;
  const layer = (): DenseLayer => ({
    A: Float64Array.from({ length: m * m }, () => std * rng.normal()),
    b: Float64Array.from({ length: m }, () => bStd * rng.normal()),
  });
  const blocks = Array.from({ length: opts.depth }, layer);
  return { width: m, blocks, readout: opts.readout ? layer() : undefined };
}

function affine(layer: DenseLayer, y: Float64Array, m: number): Float64Array {
  const z = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = layer.b[i];
    for (let k = 0; k < m; k++) s += layer.A[i * m + k] * y[k];
    z[i] = s;
  }
  return z;
}

export interface PassOptions {
  activation: ResidualActivation;
  /** Keep the identity path. */
  residual: boolean;
}

/** y_0 … y_L (and the readout output last, when the net has one). */
export function forward(net: ResidualNet, x: Float64Array, opts: PassOptions): Float64Array[] {
  const { f } = ACTS[opts.activation];
  const ys = [x];
  for (const block of net.blocks) {
    const prev = ys[ys.length - 1];
    const z = affine(block, prev, net.width);
    ys.push(z.map((zi, i) => f(zi) + (opts.residual ? prev[i] : 0)));
  }
  if (net.readout) ys.push(affine(net.readout, ys[ys.length - 1], net.width));
  return ys;
}

/** ∂y_l/∂y_{l−1} = diag(σ'(A y_{l−1} + b)) A (+ I with the identity path), row-major. */
export function blockJacobian(block: DenseLayer, yPrev: Float64Array, opts: PassOptions): Float64Array {
  const m = yPrev.length;
  const { df } = ACTS[opts.activation];
  const z = affine(block, yPrev, m);
  const J = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    const d = df(z[i]);
    for (let k = 0; k < m; k++) J[i * m + k] = d * block.A[i * m + k] + (opts.residual && i === k ? 1 : 0);
  }
  return J;
}

const norm = (v: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
};

export interface GradientReport {
  /** ‖∂ℓ/∂y_l‖ for l = 0 (the input) … L (after the last block). */
  activationGradNorms: number[];
  /** ‖∂ℓ/∂b_l‖ and ‖∂ℓ/∂A_l‖_F for blocks l = 1 … L (index 0 = block 1). */
  biasGradNorms: number[];
  weightGradNorms: number[];
  /** ∂ℓ/∂x, ∂ℓ/∂b_l, ∂ℓ/∂A_l themselves (for checks). */
  inputGrad: Float64Array;
  biasGrads: Float64Array[];
  weightGrads: Float64Array[];
}

/**
 * Backpropagate ℓ = u · output (u = `upstream`, default all ones / √width) through the net.
 * The readout, if any, is always linear and is applied the same way with or without the
 * identity path, so it scales both cases alike.
 */
export function backprop(net: ResidualNet, x: Float64Array, opts: PassOptions, upstream?: Float64Array): GradientReport {
  const m = net.width;
  const ys = forward(net, x, opts);
  const { df } = ACTS[opts.activation];
  let g = upstream ?? new Float64Array(m).fill(1 / Math.sqrt(m));
  if (net.readout) {
    const next = new Float64Array(m);
    for (let i = 0; i < m; i++) for (let k = 0; k < m; k++) next[k] += g[i] * net.readout.A[i * m + k];
    g = next;
  }
  const L = net.blocks.length;
  const activationGradNorms = new Array<number>(L + 1);
  const biasGrads = new Array<Float64Array>(L);
  const weightGrads = new Array<Float64Array>(L);
  activationGradNorms[L] = norm(g);
  for (let l = L; l >= 1; l--) {
    const block = net.blocks[l - 1];
    const yPrev = ys[l - 1];
    const z = affine(block, yPrev, m);
    const gz = z.map((zi, i) => g[i] * df(zi));
    biasGrads[l - 1] = gz;
    const gA = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let k = 0; k < m; k++) gA[i * m + k] = gz[i] * yPrev[k];
    weightGrads[l - 1] = gA;
    const prev = opts.residual ? Float64Array.from(g) : new Float64Array(m);
    for (let i = 0; i < m; i++) for (let k = 0; k < m; k++) prev[k] += gz[i] * block.A[i * m + k];
    g = prev;
    activationGradNorms[l - 1] = norm(g);
  }
  return {
    activationGradNorms,
    biasGradNorms: biasGrads.map(norm),
    weightGradNorms: weightGrads.map(norm),
    inputGrad: g,
    biasGrads,
    weightGrads,
  };
}

export interface DepthComparison {
  withIdentity: number[];
  withoutIdentity: number[];
}

/**
 * ‖∂ℓ/∂y_l‖ for l = 0 … L on the same random weights and input, with and without the identity
 * path, for a widget that plots both against depth.
 */
export function compareGradientNorms(
  opts: ResidualNetOptions & { activation: ResidualActivation },
): DepthComparison {
  const net = makeResidualNet(opts);
  const rng = createRng(`${opts.seed}:input`);
  const x = Float64Array.from({ length: opts.width }, () => rng.normal());
  return {
    withIdentity: backprop(net, x, { activation: opts.activation, residual: true }).activationGradNorms,
    withoutIdentity: backprop(net, x, { activation: opts.activation, residual: false }).activationGradNorms,
  };
}
