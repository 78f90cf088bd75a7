import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  avgPoolBackward,
  avgPoolForward,
  compareWithAutodiff,
  disposeCache,
  maxPoolBackward,
  maxPoolBackwardOps,
  maxPoolForward,
  relError,
  scaledError,
} from '../../../src/nn';
import { createRng, expectNoLeak, linspace, naiveMaxPool, randn, toArr, useCpu, values } from './helpers';

beforeAll(useCpu);

interface Case {
  x: [number, number, number, number];
  pool: [number, number];
  stride: [number, number];
}

const cases: Case[] = [
  { x: [2, 4, 4, 3], pool: [2, 2], stride: [2, 2] },
  { x: [10, 8, 7, 3], pool: [2, 3], stride: [2, 2] }, // the course's backward check, NHWC
  { x: [3, 7, 5, 2], pool: [3, 3], stride: [2, 2] }, // overlapping windows, odd sizes
  { x: [2, 9, 6, 1], pool: [3, 2], stride: [3, 1] },
  { x: [1, 5, 5, 4], pool: [5, 5], stride: [1, 1] },
];

describe('maxPool', () => {
  it.each(cases)('agrees with tf.grad and a float64 loop: x $x, pool $pool, stride $stride', async (c) => {
    const rng = createRng(`maxpool ${JSON.stringify(c)}`);
    const x = randn(rng, c.x);
    await expectNoLeak(async () => {
      const { out, cache } = maxPoolForward(x, { pool: c.pool, stride: c.stride });
      const dout = randn(rng, out.shape);
      const dx = maxPoolBackward(dout, cache);
      const [e] = await compareWithAutodiff(
        (xx) => maxPoolForward(xx, { pool: c.pool, stride: c.stride }).out,
        { x },
        dout,
        { x: dx },
      );
      expect(e.relError).toBeLessThan(1e-4);
      const ref = naiveMaxPool(await toArr(x), c.pool, c.stride, await toArr(dout));
      expect(out.shape).toEqual(ref.out.shape);
      expect(relError(await values(out), ref.out.data)).toBeLessThan(1e-6);
      expect(scaledError(await values(dx), ref.dx!)).toBeLessThan(1e-6);
      // The op-based path (used where MaxPoolGrad is missing or unsound) gives the same result.
      const dxOps = maxPoolBackwardOps(dout, cache);
      expect(Array.from(await dxOps.data())).toEqual(Array.from(await dx.data()));
      tf.dispose([out, dout, dx, dxOps]);
      disposeCache(cache);
    });
    tf.dispose(x);
  });

  it('matches the course fixture (NCHW converted to NHWC)', async () => {
    const expected = [
      [[[-0.26315789, -0.24842105], [-0.20421053, -0.18947368]], [[-0.14526316, -0.13052632], [-0.08631579, -0.07157895]], [[-0.02736842, -0.01263158], [0.03157895, 0.04631579]]],
      [[[0.09052632, 0.10526316], [0.14947368, 0.16421053]], [[0.20842105, 0.22315789], [0.26736842, 0.28210526]], [[0.32631579, 0.34105263], [0.38526316, 0.4]]],
    ];
    await expectNoLeak(async () => {
      const x = tf.tidy(() => tf.transpose(tf.tensor4d(linspace(-0.3, 0.4, 96), [2, 3, 4, 4]), [0, 2, 3, 1]));
      const { out, cache } = maxPoolForward(x, { pool: 2, stride: 2 });
      const nchw = tf.transpose(out, [0, 3, 1, 2]);
      expect(relError(await values(nchw), expected.flat(3))).toBeLessThan(1e-5);
      tf.dispose([x, out, nchw]);
      disposeCache(cache);
    });
  });

  it.each(cases)('cpu kernel and op path: ties and maxima ≤ 0 go to the first maximum: x $x, pool $pool, stride $stride', async (c) => {
    const rng = createRng(`maxpool ties ${JSON.stringify(c)}`);
    const size = c.x.reduce((a, b) => a * b, 1);
    // Few distinct, mostly negative values: many windows tie, many have a maximum ≤ 0.
    const x = tf.tensor(Array.from({ length: size }, () => rng.int(-3, 0)), c.x, 'float32');
    await expectNoLeak(async () => {
      const { out, cache } = maxPoolForward(x, { pool: c.pool, stride: c.stride });
      const dout = randn(rng, out.shape);
      const ref = naiveMaxPool(await toArr(x), c.pool, c.stride, await toArr(dout));
      for (const dx of [maxPoolBackward(dout, cache), maxPoolBackwardOps(dout, cache)]) {
        expect(scaledError(await values(dx), ref.dx!)).toBeLessThan(1e-6);
        dx.dispose();
      }
      tf.dispose([out, dout]);
      disposeCache(cache);
    });
    x.dispose();
  });

  it('stride defaults to the window', () => {
    const x = tf.zeros([1, 6, 6, 1]);
    const { out, cache } = maxPoolForward(x, { pool: 3 });
    expect(out.shape).toEqual([1, 2, 2, 1]);
    tf.dispose([x, out]);
    disposeCache(cache);
  });
});

describe('avgPool', () => {
  it.each(cases)('agrees with tf.grad: x $x, pool $pool, stride $stride', async (c) => {
    const rng = createRng(`avgpool ${JSON.stringify(c)}`);
    const x = randn(rng, c.x);
    await expectNoLeak(async () => {
      const { out, cache } = avgPoolForward(x, { pool: c.pool, stride: c.stride });
      const dout = randn(rng, out.shape);
      const dx = avgPoolBackward(dout, cache);
      const [e] = await compareWithAutodiff(
        (xx) => avgPoolForward(xx, { pool: c.pool, stride: c.stride }).out,
        { x },
        dout,
        { x: dx },
      );
      expect(e.relError).toBeLessThan(1e-4);
      tf.dispose([out, dout, dx]);
      disposeCache(cache);
    });
    tf.dispose(x);
  });
});
