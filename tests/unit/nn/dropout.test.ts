import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareWithAutodiff, disposeCache, dropoutBackward, dropoutForward } from '../../../src/nn';
import { createRng, expectNoLeak, randn, useCpu } from './helpers';

beforeAll(useCpu);

async function zeroFractionAndMean(t: tf.Tensor): Promise<{ zeros: number; mean: number }> {
  const v = await t.data();
  let zeros = 0;
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    if (v[i] === 0) zeros++;
    sum += v[i];
  }
  return { zeros: zeros / v.length, mean: sum / v.length };
}

describe('dropout', () => {
  it.each([0.7, 0.4, 0.25])(
    'train mode with keepProb %f: zero fraction ≈ 1 − keepProb, mean preserved; test mode identity',
    async (keepProb) => {
      const x = randn(createRng(`dropout ${keepProb}`), [500, 500], 1, 10);
      await expectNoLeak(async () => {
        const train = dropoutForward(x, { keepProb, mode: 'train', seed: 123 });
        const s = await zeroFractionAndMean(train.out);
        expect(Math.abs(s.zeros - (1 - keepProb))).toBeLessThan(0.01);
        expect(Math.abs(s.mean - 10)).toBeLessThan(0.2);

        const test = dropoutForward(x, { keepProb, mode: 'test', seed: 123 });
        expect(Array.from(await test.out.data())).toEqual(Array.from(await x.data()));
        tf.dispose([train.out, test.out]);
        disposeCache(train.cache);
        disposeCache(test.cache);
      });
      x.dispose();
    },
  );

  it('kept units are scaled by exactly 1/keepProb', async () => {
    const x = tf.ones([200, 10]);
    const { out, cache } = dropoutForward(x, { keepProb: 0.8, mode: 'train', seed: 5 });
    const kept = new Set(Array.from(await out.data()).map((v) => Math.fround(v)));
    expect([...kept].sort()).toEqual([0, Math.fround(1 / 0.8)].sort());
    tf.dispose([x, out]);
    disposeCache(cache);
  });

  it('dropProb names the other convention', async () => {
    const x = randn(createRng('dropProb'), [300, 300], 1, 10);
    const { out, cache } = dropoutForward(x, { dropProb: 0.3, mode: 'train', seed: 9 });
    const s = await zeroFractionAndMean(out);
    expect(Math.abs(s.zeros - 0.3)).toBeLessThan(0.01);
    tf.dispose([x, out]);
    disposeCache(cache);
    const y = tf.ones([2]);
    expect(() => dropoutForward(y, { keepProb: 0.5, dropProb: 0.5, mode: 'train' })).toThrow(/exactly one/);
    expect(() => dropoutForward(y, { keepProb: 0, mode: 'train' })).toThrow(/\(0, 1\]/);
    y.dispose();
  });

  it('the mask is deterministic for a seed and differs between seeds', async () => {
    const x = tf.ones([40, 40]);
    const a = dropoutForward(x, { keepProb: 0.5, mode: 'train', seed: 42 });
    const b = dropoutForward(x, { keepProb: 0.5, mode: 'train', seed: 42 });
    const c = dropoutForward(x, { keepProb: 0.5, mode: 'train', seed: 43 });
    const [va, vb, vc] = await Promise.all([a.out.data(), b.out.data(), c.out.data()]);
    expect(Array.from(va)).toEqual(Array.from(vb));
    expect(Array.from(va)).not.toEqual(Array.from(vc));
    tf.dispose([x, a.out, b.out, c.out]);
    [a, b, c].forEach((r) => disposeCache(r.cache));
  });

  it.each(['train', 'test'] as const)('backward (%s) reuses the forward mask and agrees with tf.grad', async (mode) => {
    const rng = createRng(`dropout backward ${mode}`);
    const x = randn(rng, [10, 10], 1, 10);
    await expectNoLeak(async () => {
      const params = { keepProb: 0.2, mode, seed: 7 };
      const { out, cache } = dropoutForward(x, params);
      const dout = randn(rng, [10, 10]);
      const dx = dropoutBackward(dout, cache);
      // Zeros of out and dx coincide: the gradient only flows through kept units.
      const [vo, vd] = await Promise.all([out.data(), dx.data()]);
      for (let i = 0; i < vo.length; i++) expect(vo[i] === 0).toBe(vd[i] === 0);
      const [e] = await compareWithAutodiff((xx) => dropoutForward(xx, params).out, { x }, dout, { x: dx });
      expect(e.relError).toBeLessThan(1e-6);
      tf.dispose([out, dout, dx]);
      disposeCache(cache);
    });
    x.dispose();
  });
});
