/**
 * Checks for code cells: the student's layer functions are compared with the float64 references
 * on fresh random inputs and with centered-difference numerical gradients, using the course's
 * inputs and thresholds (shared/REFERENCE-CHECKS.md). Pure: it runs in Node (tests) and in the
 * code worker, never on the page's thread. The reference functions are only called here, to
 * compute expected values; they are never shown to a student.
 */
import * as ref from '../core/reference';
import { NDArray, fromNested, linspace, randn, reshape } from '../core/reference';
import { createRng, type Rng } from '../core/rng';
import { describeThrown } from '../core/errorMessage';
import type { GraderBackwardCase, GraderCallCase, GraderCase } from '../notebook/types';

/** Whatever the student's code defined, by name (functions we look for, and anything else). */
export type StudentFunctions = Record<string, unknown>;

export interface CheckRow {
  /** What was checked, e.g. "dx vs numerical gradient". */
  check: string;
  /** The output compared ("out", "dx", "running mean", ...). */
  output: string;
  /** The measured error (relative error, or |difference| for statistics); null when it could not run. */
  error: number | null;
  /** Passes when error < threshold. */
  threshold: number;
  pass: boolean;
  /** Why the check could not run (an exception, a wrong shape), if it could not. */
  note?: string;
}

export interface CheckReport {
  task: string;
  rows: CheckRow[];
  passed: number;
  total: number;
  allPassed: boolean;
}

export const CODE_TASKS = ['batchnorm-forward', 'batchnorm-backward', 'batchnorm-backward-alt', 'dropout', 'conv', 'maxpool', 'spatial-batchnorm'] as const;
export type CodeTask = (typeof CODE_TASKS)[number];

export function isCodeTask(name: string): name is CodeTask {
  return (CODE_TASKS as readonly string[]).includes(name);
}

/** The functions each task expects the student's code to define. */
export const TASK_FUNCTIONS: Record<CodeTask, string[]> = {
  'batchnorm-forward': ['batchnormForward'],
  'batchnorm-backward': ['batchnormForward', 'batchnormBackward'],
  'batchnorm-backward-alt': ['batchnormForward', 'batchnormBackwardAlt'],
  dropout: ['dropoutForward', 'dropoutBackward'],
  conv: ['conv2dForward', 'conv2dBackward'],
  maxpool: ['maxPoolForward', 'maxPoolBackward'],
  'spatial-batchnorm': ['spatialBatchnormForward', 'spatialBatchnormBackward'],
};

type Fn = (...args: unknown[]) => unknown;

class StudentError extends Error {}

/** How an exception from the student's code is described (the worker adds the student's line). */
let describeError: (e: unknown) => string = describeThrown;

/** The student's function; a missing one fails only the checks that call it, with its name. */
function fn(student: StudentFunctions, name: string): Fn {
  const f = student[name];
  if (typeof f === 'function') return f as Fn;
  return () => {
    throw new StudentError(`your code does not define a function ${name}`);
  };
}

function asArray(value: unknown, what: string, shape: readonly number[]): NDArray {
  if (!(value instanceof NDArray)) {
    throw new StudentError(`${what} should be an NDArray of shape [${shape.join(', ')}], got ${value === undefined ? 'undefined' : typeof value}`);
  }
  if (value.shape.length !== shape.length || value.shape.some((d, i) => d !== shape[i])) {
    throw new StudentError(`${what} has shape [${value.shape.join(', ')}], expected [${shape.join(', ')}]`);
  }
  // Compared as a plain copy: a subclass or a patched instance (a `size` of 0, a `data` getter)
  // must not change what the comparison reads.
  const data: unknown = value.data;
  if (Object.getPrototypeOf(value) !== NDArray.prototype || !(data instanceof Float64Array)) {
    throw new StudentError(`${what} should be an NDArray made with zeros(), reshape() and the other helpers, not a subclass or a changed one`);
  }
  return new NDArray(shape, Float64Array.from(data));
}

function field(obj: unknown, key: string, what: string): unknown {
  if (obj === null || typeof obj !== 'object') throw new StudentError(`${what} should return an object with ${key}, got ${String(obj)}`);
  return (obj as Record<string, unknown>)[key];
}

const copy = (x: NDArray) => new NDArray(x.shape, x.data.slice());

/** Runs one check; an exception in the student's code becomes a failed row with its message. */
function attempt(rows: CheckRow[], check: string, output: string, threshold: number, body: () => number): void {
  try {
    const error = body();
    rows.push({ check, output, error, threshold, pass: Number.isFinite(error) && error < threshold });
  } catch (e) {
    const note = e instanceof StudentError ? e.message : describeError(e);
    rows.push({ check, output, error: null, threshold, pass: false, note });
  }
}

/**
 * Centered differences of the student's forward pass. When they are all zero the forward pass
 * ignores this input (the starter's stub returns zeros), and a zero gradient would "match" them:
 * such a row fails instead of passing code nobody has written.
 */
function studentNumericalGradient(f: (v: NDArray) => NDArray, wrt: NDArray, dout: NDArray, what: string): NDArray {
  const num = ref.evalNumericalGradientArray(f, wrt, dout);
  if (num.data.every((v) => v === 0)) {
    throw new StudentError(`your forward pass does not change when ${what} changes, so there is no gradient to check (is it written yet?)`);
  }
  return num;
}

/** Column means of an output that is the same in every row say nothing about normalizing it. */
function normalizedStats(stats: { mean: number[]; std: number[] }): { mean: number[]; std: number[] } {
  if (stats.std.every((v) => v < 1e-12)) throw new StudentError('out is the same for every input row, so its mean says nothing (is the function written yet?)');
  return stats;
}

/** The reference's gradient of f at `wrt` (contracted with dout) and the threshold it is held to. */
interface ReferenceGradient {
  analytic: NDArray;
  wrt: NDArray;
  f: (v: NDArray) => NDArray;
  dout: NDArray;
  threshold: number;
}

/** Accepted draws put the reference at no more than this fraction of every threshold. */
const CONDITIONING_MARGIN = 0.2;
const MAX_DRAWS = 40;

/**
 * Draws the inputs of a numerical-gradient check until the reference implementation passes it
 * with room to spare. The course's thresholds were set on one fixed seed; on a fresh draw, a
 * near-tie inside a pooling window or a gradient entry near zero makes even exact code fail
 * (batchnorm's dx < 1e-8: about one draw in four). A student's correct code differs from the
 * reference by round-off only, so it passes on the accepted inputs; a wrong one still fails by
 * orders of magnitude. Deterministic in the rng, so a re-grade with the same seed sees the same
 * inputs.
 */
function wellConditioned<T>(rng: Rng, draw: (rng: Rng) => T, reference: (inputs: T) => ReferenceGradient[]): T {
  let best: T | undefined;
  let bestRatio = Infinity;
  for (let i = 0; i < MAX_DRAWS; i++) {
    const inputs = draw(rng);
    const ratio = Math.max(...reference(inputs).map((g) => ref.relError(g.analytic, ref.evalNumericalGradientArray(g.f, copy(g.wrt), g.dout)) / g.threshold));
    if (ratio <= CONDITIONING_MARGIN) return inputs;
    if (ratio < bestRatio) [best, bestRatio] = [inputs, ratio];
  }
  return best as T;
}

/** Columns' mean and (biased) standard deviation of an (N, D) array. */
function columnStats(x: NDArray): { mean: number[]; std: number[] } {
  const [n, d] = x.shape;
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (let k = 0; k < n * d; k++) mean[k % d] += x.data[k] / n;
  for (let k = 0; k < n * d; k++) std[k % d] += (x.data[k] - mean[k % d]) ** 2 / n;
  return { mean, std: std.map(Math.sqrt) };
}

const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));

/** a = relu(X·W1)·W2 with standard normal X (N, D1), W1 (D1, D2), W2 (D2, D3): the course's BN input. */
function bnInput(rng: Rng, n = 200, d1 = 50, d2 = 60, d3 = 3): NDArray {
  const a = ref.matmul(ref.map(ref.matmul(randn([n, d1], rng), randn([d1, d2], rng)), (v) => Math.max(0, v)), randn([d2, d3], rng));
  return a;
}

function affineRandn(rng: Rng, shape: number[], scale: number, shift: number): NDArray {
  return ref.map(randn(shape, rng), (v) => scale * v + shift);
}

// ---------------------------------------------------------------------------------------------

function checkBatchnormForward(s: StudentFunctions, rng: Rng, rows: CheckRow[]): void {
  const forward = fn(s, 'batchnormForward');
  const x = bnInput(rng);
  const d = x.shape[1];
  const cases: [string, number[], number[]][] = [
    ['γ = 1, β = 0', [1, 1, 1], [0, 0, 0]],
    ['γ = [1, 2, 3], β = [11, 12, 13]', [1, 2, 3], [11, 12, 13]],
  ];
  for (const [label, g, b] of cases) {
    const gamma = ref.fromArray(g);
    const beta = ref.fromArray(b);
    const expected = ref.batchnormForward(x, gamma, beta, { mode: 'train' });
    let got: unknown;
    const run = () => (got ??= forward(copy(x), copy(gamma), copy(beta), { mode: 'train', eps: 1e-5, momentum: 0.9 }));
    attempt(rows, `train, ${label}: out vs reference`, 'out', 1e-8, () => ref.relError(asArray(field(run(), 'out', 'batchnormForward'), 'out', x.shape), expected.out));
    attempt(rows, `train, ${label}: per-feature means ≈ β`, 'mean(out) − β', 1e-6, () => {
      const st = normalizedStats(columnStats(asArray(field(run(), 'out', 'batchnormForward'), 'out', x.shape)));
      return maxDiff(st.mean, b);
    });
    attempt(rows, `train, ${label}: per-feature stds ≈ γ`, 'std(out) − γ', 1e-3, () => {
      const st = columnStats(asArray(field(run(), 'out', 'batchnormForward'), 'out', x.shape));
      return maxDiff(st.std, g);
    });
    attempt(rows, `train, ${label}: running mean`, 'runningMean', 1e-8, () =>
      ref.relError(asArray(field(run(), 'runningMean', 'batchnormForward'), 'runningMean', [d]), expected.runningMean),
    );
    attempt(rows, `train, ${label}: running variance`, 'runningVar', 1e-8, () =>
      ref.relError(asArray(field(run(), 'runningVar', 'batchnormForward'), 'runningVar', [d]), expected.runningVar),
    );
  }
  // Test mode: 50 training passes on fresh inputs, then normalize with the running statistics.
  attempt(rows, 'test mode after 50 train passes: out vs reference', 'out', 1e-8, () => {
    const gamma = ref.ones([d]);
    const beta = ref.zeros([d]);
    let mine = { runningMean: ref.zeros([d]), runningVar: ref.zeros([d]) };
    let theirs = { runningMean: ref.zeros([d]), runningVar: ref.zeros([d]) };
    for (let t = 0; t < 50; t++) {
      const xt = bnInput(rng);
      const r = forward(copy(xt), gamma, beta, { mode: 'train', eps: 1e-5, momentum: 0.9, runningMean: mine.runningMean, runningVar: mine.runningVar });
      mine = {
        runningMean: asArray(field(r, 'runningMean', 'batchnormForward'), 'runningMean', [d]),
        runningVar: asArray(field(r, 'runningVar', 'batchnormForward'), 'runningVar', [d]),
      };
      const e = ref.batchnormForward(xt, gamma, beta, { mode: 'train', ...theirs });
      theirs = { runningMean: e.runningMean, runningVar: e.runningVar };
    }
    const xt = bnInput(rng);
    const r = forward(copy(xt), gamma, beta, { mode: 'test', eps: 1e-5, momentum: 0.9, ...mine });
    const e = ref.batchnormForward(xt, gamma, beta, { mode: 'test', ...theirs });
    return ref.relError(asArray(field(r, 'out', 'batchnormForward'), 'out', xt.shape), e.out);
  });
}

type Args = readonly [NDArray, NDArray, NDArray];

/** A layer out = f(x, p, q) with explicit forward and backward passes, as its gradient checks need it. */
interface Layer<G extends string> {
  /** The student's forward function, as its errors name it. */
  forwardName: string;
  /** The options the student's forward pass gets. */
  param: () => Record<string, unknown>;
  /** The gradients' names, in the order of f's arguments, and their numerical checks' thresholds. */
  grads: readonly [G, G, G];
  tol: readonly [number, number, number];
  refForward: (x: NDArray, p: NDArray, q: NDArray) => { out: NDArray; cache: unknown };
  refBackward: (dout: NDArray, cache: never) => Record<G, NDArray>;
}

/** A layer's arguments (x, p, q) and the gradient of the loss with respect to its output. */
interface LayerInputs {
  args: Args;
  dout: NDArray;
}

/** `args` with the i-th replaced by v: f as a function of one argument, the others held. */
const withArg = ([x, p, q]: Args, i: number, v: NDArray): Args => [i === 0 ? v : x, i === 1 ? v : p, i === 2 ? v : q];
const copyArgs = ([x, p, q]: Args): Args => [copy(x), copy(p), copy(q)];

/** Draws a layer's inputs until its reference passes the numerical-gradient checks with room to spare. */
function drawLayerInputs<G extends string>(rng: Rng, layer: Layer<G>, draw: (rng: Rng) => LayerInputs): LayerInputs {
  return wellConditioned(rng, draw, ({ args, dout }) => {
    const grads = layer.refBackward(dout, layer.refForward(...args).cache as never);
    return layer.grads.map((g, i) => ({ analytic: grads[g], wrt: args[i], f: (v: NDArray) => layer.refForward(...withArg(args, i, v)).out, dout, threshold: layer.tol[i] }));
  });
}

/** The student's forward pass's output, checked to have `shape`. */
function studentOut<G extends string>(forward: Fn, layer: Layer<G>, shape: readonly number[]): (args: Args) => NDArray {
  return (args) => asArray(field(forward(...args, layer.param()), 'out', layer.forwardName), 'out', shape);
}

/** The student's backward pass on `inputs`, after their forward pass: run once, when a row first needs it. */
function studentBackward<G extends string>(forward: Fn, backward: Fn, layer: Layer<G>, { args, dout }: LayerInputs): () => unknown {
  let grads: unknown;
  return () => (grads ??= backward(copy(dout), field(forward(...copyArgs(args), layer.param()), 'cache', layer.forwardName)));
}

/** The student's gradients against the reference's on `inputs`. `backwardName` is what errors call the backward pass. */
function checkGradientsVsReference<G extends string>(rows: CheckRow[], forward: Fn, backward: Fn, backwardName: string, layer: Layer<G>, inputs: LayerInputs, label: (g: G) => string): void {
  const expected = layer.refBackward(inputs.dout, layer.refForward(...inputs.args).cache as never);
  const run = studentBackward(forward, backward, layer, inputs);
  for (const g of layer.grads) {
    attempt(rows, label(g), g, 1e-8, () => ref.relError(asArray(field(run(), g, backwardName), g, expected[g].shape), expected[g]));
  }
}

/** The student's gradients against centered differences of their own forward pass on `inputs`. */
function checkNumericalGradients<G extends string>(rows: CheckRow[], forward: Fn, backward: Fn, backwardName: string, layer: Layer<G>, inputs: LayerInputs, label: (g: G) => string): void {
  const { args, dout } = inputs;
  const out = studentOut(forward, layer, dout.shape);
  const run = studentBackward(forward, backward, layer, inputs);
  layer.grads.forEach((g, i) => {
    attempt(rows, label(g), g, layer.tol[i], () =>
      ref.relError(asArray(field(run(), g, backwardName), g, args[i].shape), studentNumericalGradient((v) => out(withArg(args, i, v)), copy(args[i]), dout, g.replace(/^d/, ''))),
    );
  });
}

/** Numerical-gradient checks of a normalization layer's backward pass, on inputs `draw` makes. */
function checkNormBackward<G extends string>(rows: CheckRow[], forward: Fn, backward: Fn, rng: Rng, draw: (rng: Rng) => LayerInputs, layer: Layer<G>): void {
  const inputs = drawLayerInputs(rng, layer, draw);
  // A gradient check of a wrong forward pass proves nothing (a stub's zero output has zero
  // gradients), so the forward pass the backward relies on is checked first.
  attempt(rows, `${layer.forwardName} (the forward pass this uses): out vs reference`, 'out', 1e-8, () =>
    ref.relError(studentOut(forward, layer, inputs.dout.shape)(copyArgs(inputs.args)), layer.refForward(...inputs.args).out),
  );
  checkNumericalGradients(rows, forward, backward, 'backward', layer, inputs, (g) => `${g} vs numerical gradient`);
}

/** The course's small batchnorm case: N, D = 4, 5; x = 5·randn + 12; random γ, β, dout. */
const drawBnInputs = (rng: Rng): LayerInputs => ({ args: [affineRandn(rng, [4, 5], 5, 12), randn([5], rng), randn([5], rng)], dout: randn([4, 5], rng) });

const BATCHNORM: Layer<'dx' | 'dgamma' | 'dbeta'> = {
  forwardName: 'batchnormForward',
  param: () => ({ mode: 'train', eps: 1e-5, momentum: 0.9 }),
  grads: ['dx', 'dgamma', 'dbeta'],
  tol: [1e-8, 1e-10, 1e-10],
  refForward: (x, g, b) => ref.batchnormForward(x, g, b, { mode: 'train' }),
  refBackward: ref.batchnormBackward,
};

function checkBatchnormBackward(s: StudentFunctions, rng: Rng, rows: CheckRow[]): void {
  checkNormBackward(rows, fn(s, 'batchnormForward'), fn(s, 'batchnormBackward'), rng, drawBnInputs, BATCHNORM);
}

function checkBatchnormBackwardAlt(s: StudentFunctions, rng: Rng, rows: CheckRow[]): void {
  const forward = fn(s, 'batchnormForward');
  const alt = fn(s, 'batchnormBackwardAlt');
  const [n, d] = [100, 500];
  const inputs: LayerInputs = { args: [randn([n, d], rng), randn([d], rng), randn([d], rng)], dout: randn([n, d], rng) };
  checkGradientsVsReference(rows, forward, alt, 'batchnormBackwardAlt', BATCHNORM, inputs, (g) => `N, D = 100, 500: ${g} equals the staged backward`);
  // The small case of the course, against numerical gradients, so an answer is not only "like the reference".
  checkNormBackward(rows, forward, alt, rng, drawBnInputs, BATCHNORM);
}

function checkDropout(s: StudentFunctions, rng: Rng, rows: CheckRow[]): void {
  const forward = fn(s, 'dropoutForward');
  const backward = fn(s, 'dropoutBackward');
  const x = affineRandn(rng, [500, 500], 1, 10);
  for (const p of [0.3, 0.6, 0.75]) {
    let train: NDArray | undefined;
    const trainOut = () => (train ??= asArray(field(forward(copy(x), { p, mode: 'train', seed: 123 }), 'out', 'dropoutForward'), 'out', x.shape));
    attempt(rows, `p = ${p}, train: mean of out ≈ 10`, '|mean − 10|', 0.2, () => Math.abs(ref.sumAll(trainOut()) / x.size - 10));
    attempt(rows, `p = ${p}, train: fraction of zeros ≈ p`, '|zeros − p|', 0.01, () => {
      let z = 0;
      for (const v of trainOut().data) if (v === 0) z++;
      return Math.abs(z / x.size - p);
    });
    attempt(rows, `p = ${p}, test: the identity`, 'out vs x', 1e-12, () =>
      ref.relError(asArray(field(forward(copy(x), { p, mode: 'test', seed: 123 }), 'out', 'dropoutForward'), 'out', x.shape), x),
    );
  }
  attempt(rows, 'backward, p = 0.8 (drop), seed 123: dx vs numerical gradient', 'dx', 1e-10, () => {
    const xs = affineRandn(rng, [10, 10], 1, 10);
    const dout = randn([10, 10], rng);
    const param = () => ({ p: 0.8, mode: 'train', seed: 123 });
    const r = forward(copy(xs), param());
    const dx = asArray(backward(copy(dout), field(r, 'cache', 'dropoutForward')), 'dx', xs.shape);
    const num = studentNumericalGradient((v) => asArray(field(forward(v, param()), 'out', 'dropoutForward'), 'out', xs.shape), copy(xs), dout, 'x');
    return ref.relError(dx, num);
  });
}

const CONV_EXPECTED = [[[[-0.08759809, -0.10987781], [-0.18387192, -0.2109216]], [[0.21027089, 0.21661097], [0.22847626, 0.23004637]], [[0.50813986, 0.54309974], [0.64082444, 0.67101435]]], [[[-0.98053589, -1.03143541], [-1.19128892, -1.24695841]], [[0.69108355, 0.66880383], [0.59480972, 0.56776003]], [[2.36270298, 2.36904306], [2.38090835, 2.38247847]]]];
const POOL_EXPECTED = [[[[-0.26315789, -0.24842105], [-0.20421053, -0.18947368]], [[-0.14526316, -0.13052632], [-0.08631579, -0.07157895]], [[-0.02736842, -0.01263158], [0.03157895, 0.04631579]]], [[[0.09052632, 0.10526316], [0.14947368, 0.16421053]], [[0.20842105, 0.22315789], [0.26736842, 0.28210526]], [[0.32631579, 0.34105263], [0.38526316, 0.4]]]];

const CONV: Layer<'dx' | 'dw' | 'db'> = {
  forwardName: 'conv2dForward',
  param: () => ({ stride: 2, pad: 1 }),
  grads: ['dx', 'dw', 'db'],
  tol: [1e-8, 1e-8, 1e-8],
  refForward: (x, w, b) => ref.conv2dForward(x, w, b, { stride: 2, pad: 1 }),
  refBackward: ref.conv2dBackward,
};

function checkConv(s: StudentFunctions, rng: Rng, rows: CheckRow[]): void {
  const forward = fn(s, 'conv2dForward');
  const backward = fn(s, 'conv2dBackward');
  attempt(rows, 'forward on the linspace fixture (stride 2, pad 1)', 'out', 1e-7, () => {
    const x = reshape(linspace(-0.1, 0.5, 96), [2, 3, 4, 4]);
    const w = reshape(linspace(-0.2, 0.3, 144), [3, 3, 4, 4]);
    const b = linspace(-0.1, 0.2, 3);
    return ref.relError(asArray(field(forward(x, w, b, { stride: 2, pad: 1 }), 'out', 'conv2dForward'), 'out', [2, 3, 2, 2]), fromNested(CONV_EXPECTED));
  });
  attempt(rows, 'forward on random x (3, 2, 7, 6), stride 1, pad 2', 'out', 1e-8, () => {
    const x = randn([3, 2, 7, 6], rng);
    const w = randn([4, 2, 3, 3], rng);
    const b = randn([4], rng);
    const e = ref.conv2dForward(x, w, b, { stride: 1, pad: 2 });
    return ref.relError(asArray(field(forward(copy(x), copy(w), copy(b), { stride: 1, pad: 2 }), 'out', 'conv2dForward'), 'out', e.out.shape), e.out);
  });
  // The course's sizes (x 10×3×5×5, 16 filters 3×3, stride 2, pad 1) against the reference's
  // analytic gradients; the numerical gradient check runs on a smaller batch, because ~2,000
  // forward passes of a student's naive loops at the course's size take seconds.
  const course: LayerInputs = { args: [randn([10, 3, 5, 5], rng), randn([16, 3, 3, 3], rng), randn([16], rng)], dout: randn([10, 16, 3, 3], rng) };
  checkGradientsVsReference(rows, forward, backward, 'conv2dBackward', CONV, course, (g) => `backward (x 10×3×5×5, w 16×3×3×3): ${g} vs reference`);
  const small = drawLayerInputs(rng, CONV, (r) => ({ args: [randn([2, 3, 5, 5], r), randn([4, 3, 3, 3], r), randn([4], r)], dout: randn([2, 4, 3, 3], r) }));
  checkNumericalGradients(rows, forward, backward, 'conv2dBackward', CONV, small, (g) => `backward (x 2×3×5×5, w 4×3×3×3): ${g} vs numerical gradient`);
}

function checkMaxPool(s: StudentFunctions, rng: Rng, rows: CheckRow[]): void {
  const forward = fn(s, 'maxPoolForward');
  const backward = fn(s, 'maxPoolBackward');
  attempt(rows, 'forward on the linspace fixture (2×2, stride 2)', 'out', 1e-7, () => {
    const x = reshape(linspace(-0.3, 0.4, 96), [2, 3, 4, 4]);
    return ref.relError(asArray(field(forward(x, { poolHeight: 2, poolWidth: 2, stride: 2 }), 'out', 'maxPoolForward'), 'out', [2, 3, 2, 2]), fromNested(POOL_EXPECTED));
  });
  const param = () => ({ poolHeight: 2, poolWidth: 3, stride: 2 });
  const refPool = (v: NDArray) => ref.maxPoolForward(v, { pool: [2, 3], stride: 2 });
  const { x, dout } = wellConditioned(
    rng,
    (r) => {
      const x = randn([10, 3, 8, 7], r);
      return { x, dout: randn(refPool(x).out.shape, r) };
    },
    ({ x, dout }) => [{ analytic: ref.maxPoolBackward(dout, refPool(x).cache), wrt: x, f: (v) => refPool(v).out, dout, threshold: 1e-10 }],
  );
  const e = refPool(x);
  attempt(rows, 'forward on random x (10, 3, 8, 7), 2×3, stride 2', 'out', 1e-12, () =>
    ref.relError(asArray(field(forward(copy(x), param()), 'out', 'maxPoolForward'), 'out', e.out.shape), e.out),
  );
  attempt(rows, 'backward: dx vs numerical gradient', 'dx', 1e-10, () => {
    const dx = asArray(backward(copy(dout), field(forward(copy(x), param()), 'cache', 'maxPoolForward')), 'dx', x.shape);
    const num = studentNumericalGradient((v) => asArray(field(forward(v, param()), 'out', 'maxPoolForward'), 'out', e.out.shape), copy(x), dout, 'x');
    return ref.relError(dx, num);
  });
}

/** Per-channel mean and std of an (N, C, H, W) array. */
function channelStats(x: NDArray): { mean: number[]; std: number[] } {
  const [n, c, h, w] = x.shape;
  return columnStats(reshape(ref.transpose(x, [0, 2, 3, 1]), [n * h * w, c]));
}

function checkSpatialBatchnorm(s: StudentFunctions, rng: Rng, rows: CheckRow[]): void {
  const forward = fn(s, 'spatialBatchnormForward');
  const backward = fn(s, 'spatialBatchnormBackward');
  const shape = [2, 3, 4, 5];
  const x = affineRandn(rng, shape, 4, 10);
  for (const [label, g, b] of [
    ['γ = 1, β = 0', [1, 1, 1], [0, 0, 0]],
    ['γ = [3, 4, 5], β = [6, 7, 8]', [3, 4, 5], [6, 7, 8]],
  ] as [string, number[], number[]][]) {
    const gamma = ref.fromArray(g);
    const beta = ref.fromArray(b);
    let out: NDArray | undefined;
    const run = () => (out ??= asArray(field(forward(copy(x), copy(gamma), copy(beta), { mode: 'train', eps: 1e-5, momentum: 0.9 }), 'out', 'spatialBatchnormForward'), 'out', shape));
    const e = ref.spatialBatchnormForward(x, gamma, beta, { mode: 'train' });
    attempt(rows, `train, ${label}: out vs reference`, 'out', 1e-8, () => ref.relError(run(), e.out));
    attempt(rows, `train, ${label}: per-channel means ≈ β`, 'mean(out) − β', 1e-6, () => maxDiff(normalizedStats(channelStats(run())).mean, b));
    attempt(rows, `train, ${label}: per-channel stds ≈ γ`, 'std(out) − γ', 1e-3, () => maxDiff(channelStats(run()).std, g));
  }
  const drawSpatial = (r: Rng): LayerInputs => ({ args: [affineRandn(r, shape, 5, 12), randn([3], r), randn([3], r)], dout: randn(shape, r) });
  checkNormBackward(rows, forward, backward, rng, drawSpatial, {
    ...BATCHNORM,
    forwardName: 'spatialBatchnormForward',
    tol: [1e-6, 1e-10, 1e-10],
    refForward: (x, g, b) => ref.spatialBatchnormForward(x, g, b, { mode: 'train' }),
    refBackward: ref.spatialBatchnormBackward,
  });
}

const CHECKERS: Record<CodeTask, (s: StudentFunctions, rng: Rng, rows: CheckRow[]) => void> = {
  'batchnorm-forward': checkBatchnormForward,
  'batchnorm-backward': checkBatchnormBackward,
  'batchnorm-backward-alt': checkBatchnormBackwardAlt,
  dropout: checkDropout,
  conv: checkConv,
  maxpool: checkMaxPool,
  'spatial-batchnorm': checkSpatialBatchnorm,
};

/**
 * Runs every check of `task` on the student's functions. `seed` draws the random inputs; the
 * page passes a fresh one each run, so an answer cannot be fitted to fixed inputs.
 */
export function runCodeChecks(task: CodeTask, student: StudentFunctions, seed: number, describe?: (e: unknown) => string): CheckReport {
  const rows: CheckRow[] = [];
  if (describe) describeError = describe;
  try {
    CHECKERS[task](student, createRng(seed), rows);
  } catch (e) {
    // A missing function: one row that says which.
    rows.push({ check: 'your code defines the functions', output: '—', error: null, threshold: 0, pass: false, note: e instanceof StudentError ? e.message : describeThrown(e) });
  }
  const passed = rows.filter((r) => r.pass).length;
  return { task, rows, passed, total: rows.length, allPassed: rows.length > 0 && passed === rows.length };
}

/** A one-line summary for the saved answer's message. */
export function summarize(report: CheckReport): string {
  if (report.allPassed) return `All ${report.total} checks pass.`;
  const worst = report.rows.find((r) => !r.pass);
  return `${report.passed} of ${report.total} checks pass; first failure: ${worst?.check}${worst?.note ? ` (${worst.note})` : worst?.error != null ? ` (error ${worst.error.toExponential(2)})` : ''}.`;
}

/** What a grader-only check's row is called, on the review page and in the exports. */
export const GRADER_ONLY = 'grader-only';

const isNested = (v: unknown): boolean => Array.isArray(v) && v.every((e) => typeof e === 'number' || isNested(e));

/** A random argument in a grader's case: `{ "randn": [2, 3, 5, 5], "scale": 5, "shift": 12 }`. */
interface RandnSpec {
  randn: number[];
  scale?: number;
  shift?: number;
}
const isRandn = (v: unknown): v is RandnSpec => typeof v === 'object' && v !== null && Array.isArray((v as RandnSpec).randn);

/** A case's argument as the student's function gets it: arrays become NDArrays, options a fresh copy. */
function caseValue(a: unknown, rng: Rng): unknown {
  if (isNested(a)) return fromNested(a as never);
  if (isRandn(a)) return affineRandn(rng, a.randn, a.scale ?? 1, a.shift ?? 0);
  return a === undefined ? undefined : JSON.parse(JSON.stringify(a));
}

/** A fresh copy of drawn arguments, so the student's function cannot change the next call's inputs. */
const copyValue = (v: unknown): unknown => (v instanceof NDArray ? copy(v) : v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

/**
 * What a grader's backward case needs of a task, in the argument order and options the student's
 * functions take (shared/REFERENCE-CHECKS.md): which arguments are differentiated, what the backward
 * pass returns them as, and the float64 reference on the same arguments.
 */
export interface BackwardSpec {
  forward: string;
  backward: string;
  /** Indices of the forward's arguments that get a gradient. */
  wrt: readonly number[];
  /** The gradients' fields in the backward's result, in `wrt` order; null: it returns dx itself. */
  grads: readonly string[] | null;
  /** The reference's output and gradients on these arguments; throws when they do not fit. */
  reference: (args: unknown[]) => { out: NDArray; backward: (dout: NDArray) => NDArray[] };
  /** False where the reference cannot stand in for the student's (dropout draws its own mask). */
  comparable: boolean;
}

type Options = Record<string, unknown>;
const opts = (v: unknown): Options => (typeof v === 'object' && v !== null ? (v as Options) : {});
const nd = (v: unknown, what: string): NDArray => {
  if (!(v instanceof NDArray)) throw new Error(`${what} must be an array or { "randn": [shape] }`);
  return v;
};
const bnParam = (v: unknown) => ({ mode: 'train' as const, eps: typeof opts(v).eps === 'number' ? (opts(v).eps as number) : undefined });
const normReference =
  (f: typeof ref.batchnormForward | typeof ref.spatialBatchnormForward, b: (dout: NDArray, cache: never) => { dx: NDArray; dgamma: NDArray; dbeta: NDArray }) =>
  (args: unknown[]) => {
    const r = f(nd(args[0], 'x'), nd(args[1], 'gamma'), nd(args[2], 'beta'), bnParam(args[3]));
    return { out: r.out, backward: (dout: NDArray) => Object.values(b(dout, r.cache as never)) };
  };

export const BACKWARD_SPECS: Partial<Record<CodeTask, BackwardSpec>> = {
  conv: {
    forward: 'conv2dForward',
    backward: 'conv2dBackward',
    wrt: [0, 1, 2],
    grads: ['dx', 'dw', 'db'],
    comparable: true,
    reference: (args) => {
      const { stride, pad } = opts(args[3]);
      const r = ref.conv2dForward(nd(args[0], 'x'), nd(args[1], 'w'), nd(args[2], 'b'), { stride: Number(stride ?? 1), pad: Number(pad ?? 0) });
      return { out: r.out, backward: (dout) => { const g = ref.conv2dBackward(dout, r.cache); return [g.dx, g.dw, g.db]; } };
    },
  },
  maxpool: {
    forward: 'maxPoolForward',
    backward: 'maxPoolBackward',
    wrt: [0],
    grads: null,
    comparable: true,
    reference: (args) => {
      const { poolHeight, poolWidth, stride } = opts(args[1]);
      const r = ref.maxPoolForward(nd(args[0], 'x'), { pool: [Number(poolHeight), Number(poolWidth)], stride: Number(stride) });
      return { out: r.out, backward: (dout) => [ref.maxPoolBackward(dout, r.cache)] };
    },
  },
  dropout: {
    forward: 'dropoutForward',
    backward: 'dropoutBackward',
    wrt: [0],
    grads: null,
    comparable: false,
    reference: (args) => {
      const p = opts(args[1]);
      const r = ref.dropoutForward(nd(args[0], 'x'), { dropProb: Number(p.p), mode: p.mode === 'test' ? 'test' : 'train', seed: Number(p.seed ?? 0) });
      return { out: r.out, backward: (dout) => [ref.dropoutBackward(dout, r.cache)] };
    },
  },
  'batchnorm-backward': { forward: 'batchnormForward', backward: 'batchnormBackward', wrt: [0, 1, 2], grads: ['dx', 'dgamma', 'dbeta'], comparable: true, reference: normReference(ref.batchnormForward, ref.batchnormBackward) },
  'batchnorm-backward-alt': { forward: 'batchnormForward', backward: 'batchnormBackwardAlt', wrt: [0, 1, 2], grads: ['dx', 'dgamma', 'dbeta'], comparable: true, reference: normReference(ref.batchnormForward, ref.batchnormBackward) },
  'spatial-batchnorm': {
    forward: 'spatialBatchnormForward',
    backward: 'spatialBatchnormBackward',
    wrt: [0, 1, 2],
    grads: ['dx', 'dgamma', 'dbeta'],
    comparable: true,
    reference: normReference(ref.spatialBatchnormForward, ref.spatialBatchnormBackward),
  },
};

/** A backward case's arguments and upstream gradient, drawn from its seed (the same for every student). */
export function backwardInputs(spec: BackwardSpec, c: GraderBackwardCase): { args: unknown[]; dout: NDArray; reference: ReturnType<BackwardSpec['reference']> } {
  const rng = createRng(c.seed);
  const args = c.args.map((a) => caseValue(a, rng));
  spec.wrt.forEach((i) => nd(args[i], `argument ${i + 1}`));
  const reference = spec.reference(args);
  const dout = c.dout === undefined ? randn(reference.out.shape, rng) : fromNested(c.dout as never);
  if (dout.shape.join() !== reference.out.shape.join()) throw new Error(`dout has shape [${dout.shape.join(', ')}]; the output has shape [${reference.out.shape.join(', ')}]`);
  return { args, dout, reference };
}

function gradeBackwardCase(rows: CheckRow[], task: CodeTask, student: StudentFunctions, c: GraderBackwardCase): void {
  const spec = BACKWARD_SPECS[task];
  const names = spec?.grads ?? ['dx'];
  let inputs: ReturnType<typeof backwardInputs>;
  try {
    if (!spec) throw new Error(`this task has no backward pass`);
    inputs = backwardInputs(spec, c);
  } catch (e) {
    // The grader's file is wrong (it is checked when read, so only a hand-made request gets here).
    rows.push({ check: `${GRADER_ONLY}: ${c.name}`, output: '—', error: null, threshold: c.tolerance, pass: false, note: `the grader's case cannot run: ${(e as Error).message}` });
    return;
  }
  const { args, dout, reference } = inputs;
  const forward = fn(student, spec.forward);
  const backward = fn(student, spec.backward);
  const fresh = () => args.map(copyValue);
  let grads: unknown;
  const run = () => (grads ??= backward(copy(dout), field(forward(...fresh()), 'cache', spec.forward)));
  const expected = c.against === 'reference' ? reference.backward(dout) : null;
  spec.wrt.forEach((argIndex, k) => {
    const g = names[k];
    const wrt = args[argIndex] as NDArray;
    const against = c.against === 'reference' ? 'reference' : 'numerical gradient';
    attempt(rows, `${GRADER_ONLY}: ${c.name}: ${g} vs ${against}`, g, c.tolerance, () => {
      const value = spec.grads === null ? run() : field(run(), g, spec.backward);
      const mine = asArray(value, g, wrt.shape);
      if (expected) return ref.relError(mine, expected[k]);
      const out = (v: NDArray) => {
        const a = fresh();
        a[argIndex] = v;
        return asArray(field(forward(...a), 'out', spec.forward), 'out', dout.shape);
      };
      return ref.relError(mine, studentNumericalGradient(out, copy(wrt), dout, g.replace(/^d/, '')));
    });
  });
}

function gradeCallCase(rows: CheckRow[], task: CodeTask, student: StudentFunctions, c: GraderCallCase): void {
  const output = c.output ?? 'result';
  attempt(rows, `${GRADER_ONLY}: ${c.name}`, output, c.tolerance, () => {
    if (!TASK_FUNCTIONS[task].includes(c.call)) throw new StudentError(`the grader's check calls ${c.call}, which this task does not ask for`);
    const expected = fromNested(c.expected as never);
    // Fresh copies each case: the student's function may change its inputs.
    const args = c.args.map((a) => (isNested(a) ? fromNested(a as never) : JSON.parse(JSON.stringify(a))));
    const result = fn(student, c.call)(...args);
    const value = c.output === undefined ? result : field(result, c.output, c.call);
    return ref.relError(asArray(value, output, expected.shape), expected);
  });
}

/**
 * The grader's extra checks (src/grading/graderTests.ts), after the task's own: calls of the
 * student's functions on fixed data, checks of the backward pass against the float64 reference or
 * numerical gradients, and the task's own checks under more seeds. The data came with the run
 * request; nothing here is code from the grader's file.
 */
export function withGraderCases(report: CheckReport, task: CodeTask, student: StudentFunctions, cases: readonly GraderCase[]): CheckReport {
  const rows = [...report.rows];
  for (const c of cases) {
    if (c.kind === 'backward') gradeBackwardCase(rows, task, student, c);
    else if (c.kind === 'seeds') {
      for (const seed of c.seeds) {
        for (const r of runCodeChecks(task, student, seed).rows) rows.push({ ...r, check: `${GRADER_ONLY}: ${c.name}, seed ${seed}: ${r.check}` });
      }
    } else gradeCallCase(rows, task, student, c);
  }
  const passed = rows.filter((r) => r.pass).length;
  return { ...report, rows, passed, total: rows.length, allPassed: rows.length > 0 && passed === rows.length };
}
