import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  batchnormBackward,
  batchnormForward,
  compareWithAutodiff,
  disposeCache,
  spatialBatchnormBackward,
  spatialBatchnormForward,
  type BatchnormParams,
} from '../../../src/nn';
import { createRng, expectNoLeak, randn, useCpu } from './helpers';

beforeAll(useCpu);

/** Per-column mean and (population) std of an [rows, cols] array. */
function columnStats(data: ArrayLike<number>, cols: number): { mean: number[]; std: number[] } {
  const rows = data.length / cols;
  const mean = new Array<number>(cols).fill(0);
  const sq = new Array<number>(cols).fill(0);
  for (let i = 0; i < data.length; i++) mean[i % cols] += data[i] / rows;
  for (let i = 0; i < data.length; i++) sq[i % cols] += (data[i] - mean[i % cols]) ** 2 / rows;
  return { mean, std: sq.map(Math.sqrt) };
}

/**
 * relu(X·W1)·W2 with standard normal X, W1, W2, as in the course's batchnorm checks: the weights
 * are drawn once per seed, X afresh on every call.
 */
function courseNet(seed: string): { sample(n: number): tf.Tensor2D; dispose(): void } {
  const rng = createRng(seed);
  const W1 = randn(rng, [50, 60]) as tf.Tensor2D;
  const W2 = randn(rng, [60, 3]) as tf.Tensor2D;
  return {
    sample: (n) => tf.tidy(() => tf.matMul(tf.relu(tf.matMul(randn(rng, [n, 50]) as tf.Tensor2D, W1)), W2)),
    dispose: () => tf.dispose([W1, W2]),
  };
}

describe('batchnorm', () => {
  const shapes: [number, number][] = [
    [4, 5],
    [7, 3],
    [16, 9],
    [3, 1], // N = 2 would make dx exactly 0 (x̂ = ±1), leaving only rounding noise to compare
  ];

  it.each(shapes)('train mode agrees with tf.grad: N=%i, D=%i', async (n, d) => {
    const rng = createRng(`bn ${n} ${d}`);
    const x = randn(rng, [n, d], 5, 12);
    const gamma = randn(rng, [d]);
    const beta = randn(rng, [d]);
    const params: BatchnormParams = { mode: 'train' };
    await expectNoLeak(async () => {
      const r = batchnormForward(x, gamma, beta, params);
      const dout = randn(rng, [n, d]);
      const g = batchnormBackward(dout, r.cache);
      const errs = await compareWithAutodiff(
        (xx, gg, bb) => batchnormForward(xx, gg, bb, params).out,
        { x, gamma, beta },
        dout,
        { x: g.dx, gamma: g.dgamma, beta: g.dbeta },
      );
      for (const e of errs) {
        expect(e.relError, `d${e.name}`).toBeLessThan(1e-4);
        expect(e.scaledError, `d${e.name}`).toBeLessThan(1e-5);
      }
      tf.dispose([r.out, r.runningMean, r.runningVar, dout, g.dx, g.dgamma, g.dbeta]);
      disposeCache(r.cache);
    });
    tf.dispose([x, gamma, beta]);
  });

  it('test mode agrees with tf.grad and uses the running statistics', async () => {
    const rng = createRng('bn test mode');
    const x = randn(rng, [6, 4], 2, 1);
    const gamma = randn(rng, [4]);
    const beta = randn(rng, [4]);
    const runningMean = randn(rng, [4]);
    const runningVar = tf.tidy(() => tf.add(tf.square(randn(rng, [4])), 0.5));
    const params: BatchnormParams = { mode: 'test', runningMean, runningVar };
    await expectNoLeak(async () => {
      const r = batchnormForward(x, gamma, beta, params);
      const expected = tf.tidy(() =>
        tf.add(tf.mul(gamma, tf.div(tf.sub(x, runningMean), tf.sqrt(tf.add(runningVar, 1e-5)))), beta),
      );
      const worst = tf.tidy(() => tf.max(tf.abs(tf.sub(r.out, expected))));
      expect((await worst.data())[0]).toBeLessThan(1e-5);
      worst.dispose();
      // Test mode leaves the running statistics as they were.
      expect(Array.from(await r.runningMean.data())).toEqual(Array.from(await runningMean.data()));
      const dout = randn(rng, [6, 4]);
      const g = batchnormBackward(dout, r.cache);
      const errs = await compareWithAutodiff(
        (xx, gg, bb) => batchnormForward(xx, gg, bb, params).out,
        { x, gamma, beta },
        dout,
        { x: g.dx, gamma: g.dgamma, beta: g.dbeta },
      );
      for (const e of errs) expect(e.relError, `d${e.name}`).toBeLessThan(1e-4);
      tf.dispose([r.out, r.runningMean, r.runningVar, expected, dout, g.dx, g.dgamma, g.dbeta]);
      disposeCache(r.cache);
    });
    tf.dispose([x, gamma, beta, runningMean, runningVar]);
  });

  it('train forward: per-feature mean ≈ β and std ≈ γ (course check, N=200)', async () => {
    const net = courseNet('bn forward course');
    const a = net.sample(200);
    for (const [g, b] of [
      [[1, 1, 1], [0, 0, 0]],
      [[1, 2, 3], [11, 12, 13]],
    ]) {
      const gamma = tf.tensor1d(g);
      const beta = tf.tensor1d(b);
      const r = batchnormForward(a, gamma, beta, { mode: 'train' });
      const { mean, std } = columnStats(await r.out.data(), 3);
      for (let j = 0; j < 3; j++) {
        expect(mean[j]).toBeCloseTo(b[j], 4);
        expect(std[j]).toBeCloseTo(g[j], 3);
      }
      tf.dispose([gamma, beta, r.out, r.runningMean, r.runningVar]);
      disposeCache(r.cache);
    }
    a.dispose();
    net.dispose();
  });

  it('running averages: momentum·running + (1 − momentum)·batch, variance over N; test pass ≈ N(0, 1)', async () => {
    const net = courseNet('bn running');
    const gamma = tf.ones([3]);
    const beta = tf.zeros([3]);
    await expectNoLeak(async () => {
      // One step from zeros, checked by hand.
      const x = tf.tensor2d([[1, 2, 3], [3, 6, 9]]);
      const r = batchnormForward(x, gamma, beta, { mode: 'train', momentum: 0.9 });
      const rm = Array.from(await r.runningMean.data());
      const rv = Array.from(await r.runningVar.data());
      [0.2, 0.4, 0.6].forEach((v, i) => expect(rm[i]).toBeCloseTo(v, 6));
      [0.1, 0.4, 0.9].forEach((v, i) => expect(rv[i]).toBeCloseTo(v, 6));
      tf.dispose([x, r.out, r.runningMean, r.runningVar]);
      disposeCache(r.cache);

      // 50 train passes, then a test pass (the course's check; noisy by nature).
      let runningMean: tf.Tensor = tf.zeros([3]);
      let runningVar: tf.Tensor = tf.zeros([3]);
      for (let t = 0; t < 50; t++) {
        const a = net.sample(200);
        const s = batchnormForward(a, gamma, beta, { mode: 'train', runningMean, runningVar });
        tf.dispose([a, s.out, runningMean, runningVar]);
        disposeCache(s.cache);
        runningMean = s.runningMean;
        runningVar = s.runningVar;
      }
      const a = net.sample(200);
      const s = batchnormForward(a, gamma, beta, { mode: 'test', runningMean, runningVar });
      const { mean, std } = columnStats(await s.out.data(), 3);
      for (let j = 0; j < 3; j++) {
        expect(Math.abs(mean[j])).toBeLessThan(0.25);
        expect(Math.abs(std[j] - 1)).toBeLessThan(0.25);
      }
      tf.dispose([a, s.out, s.runningMean, s.runningVar, runningMean, runningVar]);
      disposeCache(s.cache);
    });
    tf.dispose([gamma, beta]);
    net.dispose();
  });

  it('rejects a bad mode or shape', () => {
    const x = tf.zeros([3, 2]);
    const g = tf.ones([2]);
    const b = tf.zeros([3]);
    expect(() => batchnormForward(x, g, b, { mode: 'train' })).toThrow(/beta/);
    // @ts-expect-error: checking the run-time guard for callers without types
    expect(() => batchnormForward(x, g, g, { mode: 'eval' })).toThrow(/mode/);
    tf.dispose([x, g, b]);
  });
});

describe('spatial batchnorm (NHWC)', () => {
  const shapes: [number, number, number, number][] = [
    [2, 4, 5, 3],
    [3, 3, 3, 2],
    [1, 5, 7, 4],
  ];

  it.each(shapes)('train mode agrees with tf.grad: %i×%i×%i×%i', async (...shape) => {
    const rng = createRng(`sbn ${shape.join(' ')}`);
    const c = shape[3];
    const x = randn(rng, shape, 5, 12);
    const gamma = randn(rng, [c]);
    const beta = randn(rng, [c]);
    await expectNoLeak(async () => {
      const r = spatialBatchnormForward(x, gamma, beta, { mode: 'train' });
      expect(r.out.shape).toEqual(shape);
      const dout = randn(rng, shape);
      const g = spatialBatchnormBackward(dout, r.cache);
      const errs = await compareWithAutodiff(
        (xx, gg, bb) => spatialBatchnormForward(xx, gg, bb, { mode: 'train' }).out,
        { x, gamma, beta },
        dout,
        { x: g.dx, gamma: g.dgamma, beta: g.dbeta },
      );
      for (const e of errs) {
        expect(e.relError, `d${e.name}`).toBeLessThan(1e-4);
        expect(e.scaledError, `d${e.name}`).toBeLessThan(1e-5);
      }
      tf.dispose([r.out, r.runningMean, r.runningVar, dout, g.dx, g.dgamma, g.dbeta]);
      disposeCache(r.cache);
    });
    tf.dispose([x, gamma, beta]);
  });

  it('per-channel mean ≈ β and std ≈ γ (course check, 2×4×5×3, x = 4·randn + 10)', async () => {
    const rng = createRng('sbn forward');
    const x = randn(rng, [2, 4, 5, 3], 4, 10);
    const gamma = tf.tensor1d([3, 4, 5]);
    const beta = tf.tensor1d([6, 7, 8]);
    const r = spatialBatchnormForward(x, gamma, beta, { mode: 'train' });
    const { mean, std } = columnStats(await r.out.data(), 3);
    [6, 7, 8].forEach((b, j) => expect(mean[j]).toBeCloseTo(b, 4));
    [3, 4, 5].forEach((g, j) => expect(std[j]).toBeCloseTo(g, 3));
    tf.dispose([x, gamma, beta, r.out, r.runningMean, r.runningVar]);
    disposeCache(r.cache);
  });
});
