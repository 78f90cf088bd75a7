import { describe, expect, it } from 'vitest';
import {
  affineBackward,
  affineForward,
  evalNumericalGradientArray,
  fromNested,
  linspace,
  relError,
  reluBackward,
  reluForward,
  reshape,
  softmaxLoss,
  zeros,
  type NDArray,
} from '../../../src/core/reference';
import { createRng, randLabels, randnAffine } from './helpers';

describe('affine layer', () => {
  it('forward matches the course fixture (linspace inputs)', () => {
    const x = reshape(linspace(-0.1, 0.5, 2 * 4 * 5 * 6), [2, 4, 5, 6]);
    const w = reshape(linspace(-0.2, 0.3, 120 * 3), [120, 3]);
    const b = linspace(-0.3, 0.1, 3);
    const correct = fromNested([
      [1.49834967, 1.70660132, 1.91485297],
      [3.25553199, 3.5141327, 3.77273342],
    ]);
    expect(relError(affineForward(x, w, b).out, correct)).toBeLessThan(1e-8);
  });

  it('backward matches numerical gradients, with dx in the input shape', () => {
    const rng = createRng(11);
    const x = randnAffine([10, 2, 3], rng);
    const w = randnAffine([6, 5], rng);
    const b = randnAffine([5], rng);
    const dout = randnAffine([10, 5], rng);
    const { cache } = affineForward(x, w, b);
    const { dx, dw, db } = affineBackward(dout, cache);
    expect(dx.shape).toEqual([10, 2, 3]);
    expect(relError(dx, evalNumericalGradientArray((v) => affineForward(v, w, b).out, x, dout))).toBeLessThan(1e-9);
    expect(relError(dw, evalNumericalGradientArray((v) => affineForward(x, v, b).out, w, dout))).toBeLessThan(1e-9);
    expect(relError(db, evalNumericalGradientArray((v) => affineForward(x, w, v).out, b, dout))).toBeLessThan(1e-9);
  });
});

describe('ReLU layer', () => {
  it('forward matches the course fixture', () => {
    const x = reshape(linspace(-0.5, 0.5, 12), [3, 4]);
    const correct = fromNested([
      [0, 0, 0, 0],
      [0, 0, 0.04545455, 0.13636364],
      [0.22727273, 0.31818182, 0.40909091, 0.5],
    ]);
    expect(relError(reluForward(x).out, correct)).toBeLessThan(5e-8);
  });

  it('backward matches numerical gradients', () => {
    const rng = createRng(12);
    const x = randnAffine([10, 10], rng);
    const dout = randnAffine([10, 10], rng);
    const dx = reluBackward(dout, reluForward(x).cache);
    expect(relError(dx, evalNumericalGradientArray((v) => reluForward(v).out, x, dout))).toBeLessThan(1e-10);
  });
});

describe('softmax cross-entropy', () => {
  it('is about ln C for small scores and its gradient checks out', () => {
    const rng = createRng(13);
    const n = 50;
    const c = 10;
    const x = randnAffine([n, c], rng, 0.001);
    const y = randLabels(n, c, rng);
    const { loss, dx } = softmaxLoss(x, y);
    expect(loss).toBeCloseTo(Math.log(10), 2);
    const scalarAsArray = (v: NDArray): NDArray => {
      const out = zeros([1]);
      out.data[0] = softmaxLoss(v, y).loss;
      return out;
    };
    const numeric = evalNumericalGradientArray(scalarAsArray, x, fromNested([1]));
    expect(relError(dx, numeric)).toBeLessThan(1e-8);
  });

  it('stays finite for huge scores and rejects bad labels', () => {
    const x = fromNested([[1000, 0, -1000]]);
    expect(softmaxLoss(x, [0]).loss).toBeCloseTo(0, 12);
    expect(softmaxLoss(x, [1]).loss).toBeCloseTo(1000, 9);
    expect(() => softmaxLoss(x, [3])).toThrow(RangeError);
    expect(() => softmaxLoss(x, [0.5])).toThrow(RangeError);
  });
});
