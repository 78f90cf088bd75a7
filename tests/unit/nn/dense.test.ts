import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  affineBackward,
  affineForward,
  compareWithAutodiff,
  denseForward,
  disposeCache,
  reluBackward,
  reluForward,
  softmaxLoss,
} from '../../../src/nn';
import { createRng, expectNoLeak, randn, useCpu } from './helpers';

beforeAll(useCpu);

describe('affine', () => {
  const shapes: { x: number[]; m: number }[] = [
    { x: [2, 4], m: 3 },
    { x: [10, 2, 3], m: 5 }, // flattened to [10, 6] as in the course
    { x: [3, 4, 5, 2], m: 7 },
    { x: [1, 1], m: 1 },
  ];
  it.each(shapes)('agrees with tf.grad: x $x, M $m', async ({ x: xs, m }) => {
    const rng = createRng(`affine ${xs} ${m}`);
    const d = xs.slice(1).reduce((a, b) => a * b, 1);
    const x = randn(rng, xs);
    const w = randn(rng, [d, m]);
    const b = randn(rng, [m]);
    await expectNoLeak(async () => {
      const { out, cache } = affineForward(x, w, b);
      expect(out.shape).toEqual([xs[0], m]);
      const dout = randn(rng, out.shape);
      const g = affineBackward(dout, cache);
      expect(g.dx.shape).toEqual(xs);
      const errs = await compareWithAutodiff((xx, ww, bb) => affineForward(xx, ww, bb).out, { x, w, b }, dout, {
        x: g.dx,
        w: g.dw,
        b: g.db,
      });
      for (const e of errs) expect(e.relError, `d${e.name}`).toBeLessThan(1e-4);
      tf.dispose([out, dout, g.dx, g.dw, g.db]);
      disposeCache(cache);
    });
    tf.dispose([x, w, b]);
  });

  it('is also exported as dense', () => {
    expect(denseForward).toBe(affineForward);
  });
});

describe('relu', () => {
  it('agrees with tf.grad and cuts the gradient where x ≤ 0', async () => {
    const rng = createRng('relu');
    const x = randn(rng, [7, 5, 3]);
    await expectNoLeak(async () => {
      const { out, cache } = reluForward(x);
      const dout = randn(rng, x.shape);
      const dx = reluBackward(dout, cache);
      const [e] = await compareWithAutodiff((xx) => reluForward(xx).out, { x }, dout, { x: dx });
      expect(e.relError).toBeLessThan(1e-6);
      const [vx, vd] = await Promise.all([x.data(), dx.data()]);
      for (let i = 0; i < vx.length; i++) if (vx[i] <= 0) expect(Math.abs(vd[i])).toBe(0);
      tf.dispose([out, dout, dx]);
      disposeCache(cache);
    });
    x.dispose();
  });
});

describe('softmax loss', () => {
  it.each([
    [5, 10],
    [1, 3],
    [17, 4],
  ])('agrees with tf.grad: N=%i, C=%i', async (n, c) => {
    const rng = createRng(`softmax ${n} ${c}`);
    const scores = randn(rng, [n, c], 3);
    const labels = Array.from({ length: n }, () => rng.int(0, c - 1));
    await expectNoLeak(async () => {
      const { loss, dscores } = softmaxLoss(scores, labels);
      const one = tf.scalar(1);
      const [e] = await compareWithAutodiff((s) => softmaxLoss(s, labels).loss, { s: scores }, one, {
        s: dscores,
      });
      expect(e.relError).toBeLessThan(1e-4);
      // Same loss as TF.js's own softmax cross-entropy.
      const ref = tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(labels, 'int32'), c), scores));
      expect((await loss.data())[0]).toBeCloseTo((await ref.data())[0], 5);
      tf.dispose([loss, dscores, one, ref]);
    });
    scores.dispose();
  });

  it('is ln C for uniform scores, and accepts labels as a tensor', async () => {
    const scores = tf.zeros([50, 10]);
    const labels = tf.tensor1d(Array.from({ length: 50 }, (_, i) => i % 10), 'int32');
    const { loss, dscores } = softmaxLoss(scores, labels);
    expect((await loss.data())[0]).toBeCloseTo(Math.log(10), 6);
    tf.dispose([scores, labels, loss, dscores]);
  });

  it('stays finite for huge scores', async () => {
    const scores = tf.tensor2d([[1000, -1000, 0]]);
    const { loss, dscores } = softmaxLoss(scores, [1]);
    expect((await loss.data())[0]).toBeCloseTo(2000, 1);
    expect(Array.from(await dscores.data()).every(Number.isFinite)).toBe(true);
    tf.dispose([scores, loss, dscores]);
  });
});
