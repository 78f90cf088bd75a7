import * as tf from '@tensorflow/tfjs';
import { createRng, type Rng } from '../core/rng';
import { useBackend } from './backend';
import { batchnormBackward, batchnormForward, spatialBatchnormBackward, spatialBatchnormForward } from './batchnorm';
import { disposeCache } from './cache';
import { conv2dBackward, conv2dForward, type ConvParams } from './conv';
import { affineBackward, affineForward } from './dense';
import { depthwiseConv2dBackward, depthwiseConv2dForward } from './depthwise';
import { dropoutBackward, dropoutForward } from './dropout';
import { compareWithAutodiff, relError, scaledError } from './gradcheck';
import { MissingKernelError } from './kernels';
import { softmaxLoss } from './loss';
import { avgPoolBackward, avgPoolForward, maxPoolBackward, maxPoolForward, maxPoolGradKernelIsSound } from './pool';
import { reluBackward, reluForward } from './relu';
import { errorMessage } from '../core/errorMessage';

export interface LayerCheck {
  /** What was compared: an output or gradient name, e.g. 'out', 'dx', 'dw'. */
  name: string;
  against: 'autodiff' | 'cpu';
  relError: number;
  scaledError: number;
  ok: boolean;
}

export interface LayerSelfTestResult {
  name: string;
  ok: boolean;
  /** The worst elementwise relative error (the course's definition) over all checks. */
  relError?: number;
  /** The worst max|a − b| / (max|a| + max|b|) over all checks. */
  scaledError?: number;
  error?: string;
  /** Set when the layer could not run because the backend lacks this kernel. */
  missingKernel?: string;
  backend: string;
  checks?: LayerCheck[];
  note?: string;
}

/**
 * A check passes on the course's elementwise relative error below 1e-4, or, for float32 entries
 * that are tiny only because large terms cancel, on the largest difference being below 1e-5 of the
 * largest magnitude (see scaledError in gradcheck.ts).
 */
const REL_TOL = 1e-4;
const SCALED_TOL = 1e-5;

interface Raw {
  shape: number[];
  data: Float32Array;
}

type Inputs = Record<string, tf.Tensor>;

interface LayerCase {
  name: string;
  /** Random inputs; the keys of `backward`'s result name which of them get gradients. */
  inputs(rng: Rng): Record<string, Raw>;
  forward(inputs: Inputs): { out: tf.Tensor; cache: object };
  backward(dout: tf.Tensor, cache: object): Record<string, tf.Tensor>;
  /** Why this case skips the tf.grad comparison on the active backend, if it does. */
  skipAutodiff?(): string | undefined;
}

function raw(rng: Rng, shape: number[], scale = 1, shift = 0): Raw {
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = shift + scale * rng.normal();
  return { shape, data };
}

function convCase(x: number[], w: number[], p: ConvParams): LayerCase {
  return {
    name: `conv2d x[${x}] w[${w}] stride ${JSON.stringify(p.stride)} pad ${JSON.stringify(p.pad)}`,
    inputs: (rng) => ({ x: raw(rng, x), w: raw(rng, w), b: raw(rng, [w[3]]) }),
    forward: (i) => conv2dForward(i.x, i.w, i.b, p),
    backward: (dout, cache) => {
      const g = conv2dBackward(dout, cache as ReturnType<typeof conv2dForward>['cache']);
      return { x: g.dx, w: g.dw, b: g.db };
    },
  };
}

function depthwiseCase(x: number[], w: number[], p: ConvParams): LayerCase {
  return {
    name: `depthwiseConv2d x[${x}] w[${w}] stride ${JSON.stringify(p.stride)} pad ${JSON.stringify(p.pad)}`,
    inputs: (rng) => ({ x: raw(rng, x), w: raw(rng, w) }),
    forward: (i) => depthwiseConv2dForward(i.x, i.w, p),
    backward: (dout, cache) => {
      const g = depthwiseConv2dBackward(dout, cache as ReturnType<typeof depthwiseConv2dForward>['cache']);
      return { x: g.dx, w: g.dw };
    },
  };
}

function maxPoolCase(x: number[], pool: [number, number], stride: [number, number]): LayerCase {
  return {
    name: `maxPool x[${x}] pool ${pool.join('x')} stride ${stride.join('x')}`,
    inputs: (rng) => ({ x: raw(rng, x) }),
    forward: (i) => maxPoolForward(i.x, { pool, stride }),
    backward: (dout, cache) => ({ x: maxPoolBackward(dout, cache as ReturnType<typeof maxPoolForward>['cache']) }),
    skipAutodiff: () =>
      maxPoolGradKernelIsSound()
        ? undefined
        : "tf.grad of maxPool uses this backend's MaxPoolGrad kernel, which failed the soundness probe; compared with cpu instead",
  };
}

const CASES: LayerCase[] = [
  {
    name: 'affine x[4,3,5] w[15,6]',
    inputs: (rng) => ({ x: raw(rng, [4, 3, 5]), w: raw(rng, [15, 6]), b: raw(rng, [6]) }),
    forward: (i) => affineForward(i.x, i.w, i.b),
    backward: (dout, cache) => {
      const g = affineBackward(dout, cache as ReturnType<typeof affineForward>['cache']);
      return { x: g.dx, w: g.dw, b: g.db };
    },
  },
  {
    name: 'relu x[5,7]',
    inputs: (rng) => ({ x: raw(rng, [5, 7]) }),
    forward: (i) => reluForward(i.x),
    backward: (dout, cache) => ({ x: reluBackward(dout, cache as ReturnType<typeof reluForward>['cache']) }),
  },
  convCase([2, 7, 6, 3], [3, 3, 3, 4], { stride: 1, pad: 1 }),
  convCase([2, 7, 7, 2], [3, 3, 2, 3], { stride: 2, pad: 1 }),
  convCase([1, 6, 5, 3], [2, 3, 3, 2], { stride: [2, 1], pad: 'same' }),
  depthwiseCase([2, 6, 5, 3], [3, 3, 3, 2], { stride: 1, pad: 1 }),
  depthwiseCase([2, 7, 7, 2], [3, 3, 2, 1], { stride: 2, pad: 0 }),
  maxPoolCase([2, 6, 6, 3], [2, 2], [2, 2]),
  maxPoolCase([2, 7, 5, 2], [3, 3], [2, 2]),
  {
    name: 'avgPool x[2,7,5,2] pool 3x2 stride 2x1',
    inputs: (rng) => ({ x: raw(rng, [2, 7, 5, 2]) }),
    forward: (i) => avgPoolForward(i.x, { pool: [3, 2], stride: [2, 1] }),
    backward: (dout, cache) => ({ x: avgPoolBackward(dout, cache as ReturnType<typeof avgPoolForward>['cache']) }),
  },
  ...(['train', 'test'] as const).map(
    (mode): LayerCase => ({
      name: `batchnorm ${mode} x[8,5]`,
      inputs: (rng) => ({
        x: raw(rng, [8, 5], 5, 12),
        gamma: raw(rng, [5]),
        beta: raw(rng, [5]),
        runningMean: raw(rng, [5], 1, 12),
        runningVar: { shape: [5], data: Float32Array.from(raw(rng, [5]).data, (v) => 20 + 5 * Math.abs(v)) },
      }),
      forward: (i) => {
        const r = batchnormForward(i.x, i.gamma, i.beta, {
          mode,
          runningMean: i.runningMean,
          runningVar: i.runningVar,
        });
        return { out: r.out, cache: { inner: r.cache, runningMean: r.runningMean, runningVar: r.runningVar } };
      },
      backward: (dout, cache) => {
        const g = batchnormBackward(dout, (cache as { inner: ReturnType<typeof batchnormForward>['cache'] }).inner);
        return { x: g.dx, gamma: g.dgamma, beta: g.dbeta };
      },
    }),
  ),
  {
    name: 'spatialBatchnorm train x[2,4,5,3]',
    inputs: (rng) => ({ x: raw(rng, [2, 4, 5, 3], 5, 12), gamma: raw(rng, [3]), beta: raw(rng, [3]) }),
    forward: (i) => {
      const r = spatialBatchnormForward(i.x, i.gamma, i.beta, { mode: 'train' });
      return { out: r.out, cache: { inner: r.cache, runningMean: r.runningMean, runningVar: r.runningVar } };
    },
    backward: (dout, cache) => {
      const inner = (cache as { inner: ReturnType<typeof spatialBatchnormForward>['cache'] }).inner;
      const g = spatialBatchnormBackward(dout, inner);
      return { x: g.dx, gamma: g.dgamma, beta: g.dbeta };
    },
  },
  {
    name: 'dropout train keepProb 0.6 x[10,12]',
    inputs: (rng) => ({ x: raw(rng, [10, 12], 1, 10) }),
    forward: (i) => dropoutForward(i.x, { keepProb: 0.6, mode: 'train', seed: 17 }),
    backward: (dout, cache) => ({ x: dropoutBackward(dout, cache as ReturnType<typeof dropoutForward>['cache']) }),
  },
  {
    name: 'softmaxLoss scores[6,5]',
    inputs: (rng) => ({ scores: raw(rng, [6, 5], 3) }),
    forward: (i) => {
      const r = softmaxLoss(i.scores, [0, 4, 2, 2, 1, 3]);
      return { out: r.loss, cache: { dscores: r.dscores } };
    },
    backward: (dout, cache) => ({
      // dout is d(objective)/d(loss); the loss's own gradient is dscores.
      scores: tf.mul(dout, (cache as { dscores: tf.Tensor }).dscores),
    }),
  },
];

/** The layer names the self-test covers, in order. */
export const SELFTEST_CASES: readonly string[] = CASES.map((c) => c.name);

function toTensors(inputs: Record<string, Raw>): Inputs {
  return Object.fromEntries(Object.entries(inputs).map(([k, r]) => [k, tf.tensor(r.data, r.shape, 'float32')]));
}


/** TF.js's own missing-kernel message, as thrown by ops and tf.grad. */
function missingKernelOf(err: unknown): string | undefined {
  if (err instanceof MissingKernelError) return err.kernel;
  const m = /Kernel '(\w+)' not registered/.exec(errorMessage(err));
  return m?.[1];
}

function check(name: string, against: LayerCheck['against'], rel: number, scaled: number): LayerCheck {
  return { name, against, relError: rel, scaledError: scaled, ok: rel < REL_TOL || scaled < SCALED_TOL };
}

interface Run {
  /** 'out' and, when backward ran, 'dx', 'dw', ...: read back as float32. */
  values: Record<string, Float32Array>;
  checks: LayerCheck[];
  notes: string[];
  error?: unknown;
  leaked: number;
}

/**
 * Forward, backward and (optionally) the tf.grad comparison on the active backend. Never throws:
 * an error (a missing kernel, typically) ends the run with what was measured so far, and every
 * tensor made is freed either way.
 */
async function runOnce(
  c: LayerCase,
  rawInputs: Record<string, Raw>,
  makeDout: (shape: number[]) => Raw,
  withAutodiff: boolean,
): Promise<Run> {
  const run: Run = { values: {}, checks: [], notes: [], leaked: 0 };
  const before = tf.memory().numTensors;
  const inputs = toTensors(rawInputs);
  const owned: tf.Tensor[] = [...Object.values(inputs)];
  let cache: object | undefined;
  try {
    const fwd = c.forward(inputs);
    cache = fwd.cache;
    owned.push(fwd.out);
    run.values.out = (await fwd.out.data()) as Float32Array;
    const d = makeDout(fwd.out.shape);
    const dout = tf.tensor(d.data, d.shape, 'float32');
    owned.push(dout);
    const grads = c.backward(dout, cache);
    owned.push(...Object.values(grads));
    for (const [k, t] of Object.entries(grads)) run.values[`d${k}`] = (await t.data()) as Float32Array;

    const skip = c.skipAutodiff?.();
    if (!withAutodiff) {
      // Reference run: nothing to compare here.
    } else if (skip) {
      run.notes.push(skip);
    } else {
      const names = Object.keys(grads);
      const rest = Object.fromEntries(Object.entries(inputs).filter(([k]) => !names.includes(k)));
      try {
        const cmp = await compareWithAutodiff(
          (...ts) => c.forward({ ...rest, ...Object.fromEntries(names.map((k, i) => [k, ts[i]])) }).out,
          Object.fromEntries(names.map((k) => [k, inputs[k]])),
          dout,
          grads,
        );
        for (const r of cmp) run.checks.push(check(`d${r.name}`, 'autodiff', r.relError, r.scaledError));
      } catch (err) {
        const k = missingKernelOf(err);
        if (!k) throw err;
        run.notes.push(`tf.grad could not run (no '${k}' kernel); compared with cpu only`);
      }
    }
  } catch (err) {
    run.error = err;
  } finally {
    disposeCache(cache);
    tf.dispose(owned);
  }
  run.leaked = tf.memory().numTensors - before;
  return run;
}

async function runCase(c: LayerCase, backend: string): Promise<LayerSelfTestResult> {
  const rng = createRng(`gradbook selftest ${c.name}`);
  const rawInputs = c.inputs(rng);
  let rawDout: Raw | undefined;
  // The first run draws dout; the cpu run reuses it.
  const makeDout = (shape: number[]): Raw => (rawDout ??= raw(rng, shape));

  const here = await runOnce(c, rawInputs, makeDout, true);
  const checks = here.checks;
  const notes = here.notes;

  if (backend !== 'cpu' && here.values.out) {
    // The same computation on the cpu backend: tf.grad on a backend runs that backend's own
    // kernels, so only another backend can catch a wrong kernel.
    await useBackend('cpu');
    try {
      const ref = await runOnce(c, rawInputs, makeDout, false);
      for (const [k, v] of Object.entries(here.values)) {
        const r = ref.values[k];
        if (r) checks.push(check(k, 'cpu', relError(v, r), scaledError(v, r)));
      }
    } finally {
      await useBackend(backend);
    }
  }

  const failed = checks.filter((ch) => !ch.ok);
  if (here.leaked !== 0) notes.push(`leaked ${here.leaked} tensor(s)`);
  const errors = failed.map(
    (ch) => `${ch.name} vs ${ch.against}: rel ${ch.relError.toExponential(2)}, scaled ${ch.scaledError.toExponential(2)}`,
  );
  if (here.error !== undefined) errors.unshift(errorMessage(here.error));
  const missing = here.error !== undefined ? missingKernelOf(here.error) : undefined;
  if (missing && here.values.out && checks.some((ch) => ch.name === 'out')) {
    notes.push(checks.find((ch) => ch.name === 'out')?.ok ? 'forward agrees with cpu' : 'forward differs from cpu');
  }
  const result: LayerSelfTestResult = {
    name: c.name,
    ok: here.error === undefined && failed.length === 0 && here.leaked === 0 && checks.length > 0,
    backend,
    checks,
  };
  if (checks.length > 0) {
    result.relError = Math.max(...checks.map((ch) => ch.relError));
    result.scaledError = Math.max(...checks.map((ch) => ch.scaledError));
  }
  if (errors.length > 0) result.error = errors.join('; ');
  if (missing) result.missingKernel = missing;
  if (notes.length > 0) result.note = notes.join('; ');
  return result;
}

/**
 * Sets `backend`, then runs every layer's forward and explicit backward on seeded random inputs and
 * compares them with tf.grad of the forward pass on that backend and with the same computation on
 * the cpu backend. A layer that cannot run reports the kernel it misses (e.g. wasm has no
 * Conv2DBackpropFilter). Leaves `backend` active. For the browser test page.
 */
export async function runLayerSelfTest(backend: string): Promise<LayerSelfTestResult[]> {
  try {
    await useBackend(backend);
  } catch (err) {
    return [{ name: 'backend', ok: false, backend, error: errorMessage(err) }];
  }
  const results: LayerSelfTestResult[] = [];
  for (const c of CASES) results.push(await runCase(c, backend));
  return results;
}
