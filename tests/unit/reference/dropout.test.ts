/**
 * The "dropout" rows of REFERENCE-CHECKS.md. As in the course's coding notebook, p is the
 * probability of DROPPING a unit, passed here as `dropProb`.
 */
import { describe, expect, it } from 'vitest';
import {
  dropoutBackward,
  dropoutForward,
  evalNumericalGradientArray,
  relError,
  resolveKeepProb,
  sumAll,
} from '../../../src/core/reference';
import { createRng, randnAffine } from './helpers';

describe('inverted dropout forward', () => {
  const x = randnAffine([500, 500], createRng(31), 1, 10);

  for (const p of [0.3, 0.6, 0.75]) {
    it(`dropProb ${p}: train mean ≈ 10, zero fraction ≈ ${p}; test mode is the identity`, () => {
      const train = dropoutForward(x, { dropProb: p, mode: 'train', seed: 123 }).out;
      const test = dropoutForward(x, { dropProb: p, mode: 'test' }).out;
      const zeroFraction = train.data.filter((v) => v === 0).length / train.size;
      expect(Math.abs(sumAll(train) / train.size - 10)).toBeLessThan(0.15);
      expect(Math.abs(zeroFraction - p)).toBeLessThan(0.01);
      expect(test.data.filter((v) => v === 0).length).toBe(0);
      expect(Array.from(test.data)).toEqual(Array.from(x.data));
    });
  }

  it('kept units are scaled by 1/keepProb, and keepProb names the same layer', () => {
    const small = randnAffine([20, 20], createRng(32), 1, 10);
    const byDrop = dropoutForward(small, { dropProb: 0.25, mode: 'train', seed: 7 }).out;
    const byKeep = dropoutForward(small, { keepProb: 0.75, mode: 'train', seed: 7 }).out;
    expect(Array.from(byKeep.data)).toEqual(Array.from(byDrop.data));
    byDrop.data.forEach((v, i) => {
      if (v !== 0) expect(v).toBeCloseTo(small.data[i] / 0.75, 12);
    });
  });

  it('the same seed gives the same mask; an rng advances', () => {
    const small = randnAffine([10, 10], createRng(33));
    const a = dropoutForward(small, { dropProb: 0.5, mode: 'train', seed: 5 }).out;
    const b = dropoutForward(small, { dropProb: 0.5, mode: 'train', seed: 5 }).out;
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    const rng = createRng(5);
    const c = dropoutForward(small, { dropProb: 0.5, mode: 'train', rng }).out;
    const d = dropoutForward(small, { dropProb: 0.5, mode: 'train', rng }).out;
    expect(Array.from(c.data)).toEqual(Array.from(a.data));
    expect(Array.from(d.data)).not.toEqual(Array.from(c.data));
  });

  it('refuses an ambiguous or impossible probability and a train pass without randomness', () => {
    expect(resolveKeepProb({ dropProb: 0.2 })).toBeCloseTo(0.8, 15);
    expect(() => resolveKeepProb({ dropProb: 0.2, keepProb: 0.8 })).toThrow(RangeError);
    expect(() => resolveKeepProb({})).toThrow(RangeError);
    expect(() => resolveKeepProb({ dropProb: 1 })).toThrow(RangeError);
    expect(() => resolveKeepProb({ keepProb: 1.5 })).toThrow(RangeError);
    const x = randnAffine([2, 2], createRng(34));
    expect(() => dropoutForward(x, { dropProb: 0.5, mode: 'train' })).toThrow(RangeError);
  });
});

describe('inverted dropout backward', () => {
  it('dropProb 0.8, fixed seed: dx < 1e-10 against numerical gradients', () => {
    const rng = createRng(35);
    const x = randnAffine([10, 10], rng, 1, 10);
    const dout = randnAffine([10, 10], rng);
    const param = { dropProb: 0.8, mode: 'train' as const, seed: 123 };
    const { cache } = dropoutForward(x, param);
    const dx = dropoutBackward(dout, cache);
    const numeric = evalNumericalGradientArray((v) => dropoutForward(v, param).out, x, dout);
    expect(relError(dx, numeric)).toBeLessThan(1e-10);
    // The check is not vacuous: some units were kept, most were dropped.
    const kept = dx.data.filter((v) => v !== 0).length;
    expect(kept).toBeGreaterThan(5);
    expect(kept).toBeLessThan(40);
  });

  it('test mode passes the gradient through unchanged', () => {
    const dout = randnAffine([3, 4], createRng(36));
    const { cache } = dropoutForward(dout, { dropProb: 0.5, mode: 'test' });
    expect(Array.from(dropoutBackward(dout, cache).data)).toEqual(Array.from(dout.data));
  });
});
