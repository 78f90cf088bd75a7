/**
 * The "Batchnorm" rows of REFERENCE-CHECKS.md, plus layer norm and spatial batchnorm, with the
 * course's inputs and thresholds.
 */
import { describe, expect, it } from 'vitest';
import {
  absError,
  batchnormBackward,
  batchnormBackwardAlt,
  batchnormForward,
  evalNumericalGradientArray,
  fromArray,
  layernormBackward,
  layernormForward,
  matmul,
  maxAbs,
  ones,
  relError,
  reluForward,
  spatialBatchnormBackward,
  spatialBatchnormForward,
  zeros,
  type NDArray,
} from '../../../src/core/reference';
import { channelStats, columnStats, createRng, maxAbsDiff, randnAffine, type Rng } from './helpers';

/** The course's BN input: a = relu(X·W1)·W2 with standard-normal X (N, D1), W1 (D1, D2), W2 (D2, D3). */
function twoLayerActivations(rng: Rng, w1: NDArray, w2: NDArray, n: number): NDArray {
  const x = randnAffine([n, w1.shape[0]], rng);
  return matmul(reluForward(matmul(x, w1)).out, w2);
}

describe('batchnorm forward', () => {
  const [N, D1, D2, D3] = [200, 50, 60, 3];

  it('train mode: γ=1, β=0 gives mean 0, std 1; γ=[1,2,3], β=[11,12,13] gives means β, stds γ', () => {
    const rng = createRng(21);
    const w1 = randnAffine([D1, D2], rng);
    const w2 = randnAffine([D2, D3], rng);
    const a = twoLayerActivations(rng, w1, w2, N);
    // The raw activations are far from standardized, so the test is not vacuous.
    expect(Math.max(...columnStats(a).stds)).toBeGreaterThan(5);

    const plain = columnStats(batchnormForward(a, ones([D3]), zeros([D3]), { mode: 'train' }).out);
    expect(maxAbsDiff(plain.means, [0, 0, 0])).toBeLessThan(1e-10);
    expect(maxAbsDiff(plain.stds, [1, 1, 1])).toBeLessThan(1e-6);

    const gamma = fromArray([1, 2, 3]);
    const beta = fromArray([11, 12, 13]);
    const shifted = columnStats(batchnormForward(a, gamma, beta, { mode: 'train' }).out);
    expect(maxAbsDiff(shifted.means, [11, 12, 13])).toBeLessThan(1e-10);
    expect(maxAbsDiff(shifted.stds, [1, 2, 3])).toBeLessThan(1e-6);
  });

  it('running statistics start at 0 and follow running = 0.9·running + 0.1·batch (variance over N)', () => {
    const x = fromArray([1, 2, 3, 5], [4, 1]);
    const r = batchnormForward(x, ones([1]), zeros([1]), { mode: 'train' });
    // batch mean 2.75, biased variance ((1.75)² + (0.75)² + (0.25)² + (2.25)²) / 4 = 2.1875
    expect(r.runningMean.data[0]).toBeCloseTo(0.275, 15);
    expect(r.runningVar.data[0]).toBeCloseTo(0.21875, 15);
    const r2 = batchnormForward(x, ones([1]), zeros([1]), { mode: 'train', ...r });
    expect(r2.runningMean.data[0]).toBeCloseTo(0.9 * 0.275 + 0.275, 15);
    // Custom momentum and the caller's arrays are not mutated.
    const r3 = batchnormForward(x, ones([1]), zeros([1]), { mode: 'train', momentum: 0.5, ...r });
    expect(r3.runningMean.data[0]).toBeCloseTo(0.5 * 0.275 + 0.5 * 2.75, 15);
    expect(r.runningMean.data[0]).toBeCloseTo(0.275, 15);
  });

  it('test mode after 50 training passes: means ≈ 0, stds ≈ 1 (noisy)', () => {
    const rng = createRng(22);
    const w1 = randnAffine([D1, D2], rng);
    const w2 = randnAffine([D2, D3], rng);
    const gamma = ones([D3]);
    const beta = zeros([D3]);
    let stats: { runningMean?: NDArray; runningVar?: NDArray } = {};
    for (let t = 0; t < 50; t++) {
      const r = batchnormForward(twoLayerActivations(rng, w1, w2, N), gamma, beta, { mode: 'train', ...stats });
      stats = { runningMean: r.runningMean, runningVar: r.runningVar };
    }
    const test = batchnormForward(twoLayerActivations(rng, w1, w2, N), gamma, beta, { mode: 'test', ...stats });
    const { means, stds } = columnStats(test.out);
    expect(maxAbsDiff(means, [0, 0, 0])).toBeLessThan(0.2);
    expect(maxAbsDiff(stds, [1, 1, 1])).toBeLessThan(0.2);
    // Test mode leaves the running statistics alone.
    expect(Array.from(test.runningMean.data)).toEqual(Array.from(stats.runningMean!.data));
  });

  it('rejects a missing mode and mismatched shapes', () => {
    const x = zeros([4, 3]);
    // @ts-expect-error mode is required, as in the course
    expect(() => batchnormForward(x, ones([3]), zeros([3]), {})).toThrow(RangeError);
    expect(() => batchnormForward(x, ones([2]), zeros([3]), { mode: 'train' })).toThrow(RangeError);
  });
});

describe('batchnorm backward', () => {
  it('graph version: dx < 1e-8, dγ, dβ < 1e-10 against numerical gradients (N, D = 4, 5)', () => {
    const rng = createRng(23);
    const [n, d] = [4, 5];
    const x = randnAffine([n, d], rng, 5, 12);
    const gamma = randnAffine([d], rng);
    const beta = randnAffine([d], rng);
    const dout = randnAffine([n, d], rng);
    const fwd = (xx: NDArray, g: NDArray, b: NDArray): NDArray => batchnormForward(xx, g, b, { mode: 'train' }).out;

    const dxNum = evalNumericalGradientArray((v) => fwd(v, gamma, beta), x, dout);
    const dgNum = evalNumericalGradientArray((v) => fwd(x, v, beta), gamma, dout);
    const dbNum = evalNumericalGradientArray((v) => fwd(x, gamma, v), beta, dout);
    const { dx, dgamma, dbeta } = batchnormBackward(dout, batchnormForward(x, gamma, beta, { mode: 'train' }).cache);
    expect(relError(dx, dxNum)).toBeLessThan(1e-8);
    expect(relError(dgamma, dgNum)).toBeLessThan(1e-10);
    expect(relError(dbeta, dbNum)).toBeLessThan(1e-10);
  });

  it('simplified version equals the graph version to round-off (N, D = 100, 500); its speed-up: npm run bench:layers', () => {
    const rng = createRng(24);
    const [n, d] = [100, 500];
    const x = randnAffine([n, d], rng, 5, 12);
    const gamma = randnAffine([d], rng);
    const beta = randnAffine([d], rng);
    const dout = randnAffine([n, d], rng);
    const { cache } = batchnormForward(x, gamma, beta, { mode: 'train' });
    const graph = batchnormBackward(dout, cache);
    const alt = batchnormBackwardAlt(dout, cache);
    // relError is a max over 50,000 entries, and it is decided by the few dx entries that nearly
    // cancel to 0. Against an extended-precision (long double) evaluation, either formula — and
    // NumPy's float64 versions of both — is off by 1e-12 to 3e-11 on such inputs, so "≈ 1e-12"
    // in the course is an order of magnitude, not a bound. Relative to the size of dx the two
    // agree to a few ulps.
    expect(relError(alt.dx, graph.dx)).toBeLessThan(1e-10);
    expect(absError(alt.dx, graph.dx) / maxAbs(graph.dx)).toBeLessThan(1e-14);
    expect(relError(alt.dgamma, graph.dgamma)).toBe(0);
    expect(relError(alt.dbeta, graph.dbeta)).toBe(0);

  });

  it('test-mode backward is the fixed per-feature affine map', () => {
    const rng = createRng(25);
    const x = randnAffine([6, 4], rng, 2, 1);
    const gamma = randnAffine([4], rng);
    const beta = randnAffine([4], rng);
    const dout = randnAffine([6, 4], rng);
    const stats = { runningMean: randnAffine([4], rng), runningVar: randnAffine([4], rng, 0.1, 2) };
    const fwd = (v: NDArray): NDArray => batchnormForward(v, gamma, beta, { mode: 'test', ...stats }).out;
    const { dx } = batchnormBackward(dout, batchnormForward(x, gamma, beta, { mode: 'test', ...stats }).cache);
    expect(relError(dx, evalNumericalGradientArray(fwd, x, dout))).toBeLessThan(1e-8);
  });
});

describe('layer norm', () => {
  it('forward standardizes each sample, then scales by γ and shifts by β', () => {
    const rng = createRng(26);
    const x = randnAffine([4, 30], rng, 3, -7);
    const { out } = layernormForward(x, ones([30]), zeros([30]));
    for (let i = 0; i < 4; i++) {
      const row = Array.from(out.data.subarray(i * 30, (i + 1) * 30));
      const mean = row.reduce((a, b) => a + b, 0) / 30;
      const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / 30;
      expect(Math.abs(mean)).toBeLessThan(1e-12);
      expect(Math.abs(Math.sqrt(variance) - 1)).toBeLessThan(1e-5);
    }
  });

  it('backward: dx < 1e-8, dγ, dβ < 1e-10 against numerical gradients (N, D = 4, 5)', () => {
    const rng = createRng(27);
    const x = randnAffine([4, 5], rng, 5, 12);
    const gamma = randnAffine([5], rng);
    const beta = randnAffine([5], rng);
    const dout = randnAffine([4, 5], rng);
    const fwd = (xx: NDArray, g: NDArray, b: NDArray): NDArray => layernormForward(xx, g, b).out;
    const { dx, dgamma, dbeta } = layernormBackward(dout, layernormForward(x, gamma, beta).cache);
    expect(relError(dx, evalNumericalGradientArray((v) => fwd(v, gamma, beta), x, dout))).toBeLessThan(1e-8);
    expect(relError(dgamma, evalNumericalGradientArray((v) => fwd(x, v, beta), gamma, dout))).toBeLessThan(1e-10);
    expect(relError(dbeta, evalNumericalGradientArray((v) => fwd(x, gamma, v), beta, dout))).toBeLessThan(1e-10);
  });
});

describe('spatial batchnorm (NCHW)', () => {
  it('forward: per-channel mean 0 / std 1, then mean β / std γ with γ=[3,4,5], β=[6,7,8]', () => {
    const rng = createRng(28);
    const x = randnAffine([2, 3, 4, 5], rng, 4, 10);
    const plain = channelStats(spatialBatchnormForward(x, ones([3]), zeros([3]), { mode: 'train' }).out);
    expect(maxAbsDiff(plain.means, [0, 0, 0])).toBeLessThan(1e-10);
    expect(maxAbsDiff(plain.stds, [1, 1, 1])).toBeLessThan(1e-5);
    const gamma = fromArray([3, 4, 5]);
    const beta = fromArray([6, 7, 8]);
    const scaled = channelStats(spatialBatchnormForward(x, gamma, beta, { mode: 'train' }).out);
    expect(maxAbsDiff(scaled.means, [6, 7, 8])).toBeLessThan(1e-10);
    expect(maxAbsDiff(scaled.stds, [3, 4, 5])).toBeLessThan(1e-4);
  });

  it('test mode after 50 training passes: per-channel means ≈ 0, stds ≈ 1 (noisy)', () => {
    const rng = createRng(29);
    const [n, c, h, w] = [10, 4, 11, 12];
    const gamma = ones([c]);
    const beta = zeros([c]);
    let stats: { runningMean?: NDArray; runningVar?: NDArray } = {};
    for (let t = 0; t < 50; t++) {
      const x = randnAffine([n, c, h, w], rng, 2.3, 13);
      const r = spatialBatchnormForward(x, gamma, beta, { mode: 'train', ...stats });
      stats = { runningMean: r.runningMean, runningVar: r.runningVar };
    }
    const test = spatialBatchnormForward(randnAffine([n, c, h, w], rng, 2.3, 13), gamma, beta, { mode: 'test', ...stats });
    const { means, stds } = channelStats(test.out);
    expect(maxAbsDiff(means, [0, 0, 0, 0])).toBeLessThan(0.1);
    expect(maxAbsDiff(stds, [1, 1, 1, 1])).toBeLessThan(0.1);
  });

  it('backward: dx < 1e-6, dγ, dβ < 1e-10 against numerical gradients (2, 3, 4, 5)', () => {
    const rng = createRng(30);
    const x = randnAffine([2, 3, 4, 5], rng, 5, 12);
    const gamma = randnAffine([3], rng);
    const beta = randnAffine([3], rng);
    const dout = randnAffine([2, 3, 4, 5], rng);
    const fwd = (xx: NDArray, g: NDArray, b: NDArray): NDArray =>
      spatialBatchnormForward(xx, g, b, { mode: 'train' }).out;
    const { cache } = spatialBatchnormForward(x, gamma, beta, { mode: 'train' });
    const { dx, dgamma, dbeta } = spatialBatchnormBackward(dout, cache);
    expect(dx.shape).toEqual([2, 3, 4, 5]);
    expect(relError(dx, evalNumericalGradientArray((v) => fwd(v, gamma, beta), x, dout))).toBeLessThan(1e-6);
    expect(relError(dgamma, evalNumericalGradientArray((v) => fwd(x, v, beta), gamma, dout))).toBeLessThan(1e-10);
    expect(relError(dbeta, evalNumericalGradientArray((v) => fwd(x, gamma, v), beta, dout))).toBeLessThan(1e-10);
  });
});
