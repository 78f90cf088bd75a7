/** The convolution rows of REFERENCE-CHECKS.md, plus depthwise convolution. */
import { describe, expect, it } from 'vitest';
import {
  conv2dBackward,
  conv2dForward,
  convOutputSize,
  depthwiseConv2dBackward,
  depthwiseConv2dForward,
  evalNumericalGradientArray,
  fromNested,
  linspace,
  relError,
  reshape,
  zeros,
  type NDArray,
} from '../../../src/core/reference';
import { createRng, randnAffine } from './helpers';

describe('conv2d forward', () => {
  it('matches the course linspace fixture (stride 2, pad 1) to ≈ 1e-8', () => {
    const x = reshape(linspace(-0.1, 0.5, 2 * 3 * 4 * 4), [2, 3, 4, 4]);
    const w = reshape(linspace(-0.2, 0.3, 3 * 3 * 4 * 4), [3, 3, 4, 4]);
    const b = linspace(-0.1, 0.2, 3);
    const correct = fromNested([
      [
        [
          [-0.08759809, -0.10987781],
          [-0.18387192, -0.2109216],
        ],
        [
          [0.21027089, 0.21661097],
          [0.22847626, 0.23004637],
        ],
        [
          [0.50813986, 0.54309974],
          [0.64082444, 0.67101435],
        ],
      ],
      [
        [
          [-0.98053589, -1.03143541],
          [-1.19128892, -1.24695841],
        ],
        [
          [0.69108355, 0.66880383],
          [0.59480972, 0.56776003],
        ],
        [
          [2.36270298, 2.36904306],
          [2.38090835, 2.38247847],
        ],
      ],
    ]);
    const { out } = conv2dForward(x, w, b, { stride: 2, pad: 1 });
    expect(out.shape).toEqual([2, 3, 2, 2]);
    // The fixture is printed to 8 decimals, so 1e-8-level agreement is all it can show.
    expect(relError(out, correct)).toBeLessThan(5e-8);
  });

  it('is a cross-correlation: a one-hot filter picks out a shifted pixel', () => {
    const x = reshape(linspace(1, 16, 16), [1, 1, 4, 4]);
    const w = zeros([1, 1, 3, 3]);
    w.set([0, 0, 0, 2], 1); // top-right tap
    const { out } = conv2dForward(x, w, zeros([1]), { stride: 1, pad: 0 });
    expect(out.toNested()).toEqual([[[[3, 4], [7, 8]]]]);
  });

  it('computes output sizes like the course and rejects ones that do not fit', () => {
    expect(convOutputSize(5, 3, 2, 1)).toBe(3);
    expect(convOutputSize(32, 7, 1, 3)).toBe(32);
    expect(convOutputSize(6, 3, 2, 0)).toBe(2); // floor((6 − 3) / 2) + 1
    expect(() => convOutputSize(2, 5, 1, 0)).toThrow(RangeError);
    expect(() => convOutputSize(5, 3, 0, 1)).toThrow(RangeError);
    expect(() => conv2dForward(zeros([1, 3, 4, 4]), zeros([2, 2, 3, 3]), zeros([2]), { stride: 1, pad: 0 })).toThrow(
      RangeError,
    );
  });
});

describe('conv2d backward', () => {
  it('x (10,3,5,5), w (16,3,3,3), stride 2, pad 1: dx, dw, db < 1e-8', () => {
    const rng = createRng(41);
    const x = randnAffine([10, 3, 5, 5], rng);
    const w = randnAffine([16, 3, 3, 3], rng);
    const b = randnAffine([16], rng);
    const dout = randnAffine([10, 16, 3, 3], rng);
    const param = { stride: 2, pad: 1 };
    const fwd = (xx: NDArray, ww: NDArray, bb: NDArray): NDArray => conv2dForward(xx, ww, bb, param).out;
    const { dx, dw, db } = conv2dBackward(dout, conv2dForward(x, w, b, param).cache);
    expect(relError(dx, evalNumericalGradientArray((v) => fwd(v, w, b), x, dout))).toBeLessThan(1e-8);
    expect(relError(dw, evalNumericalGradientArray((v) => fwd(x, v, b), w, dout))).toBeLessThan(1e-8);
    expect(relError(db, evalNumericalGradientArray((v) => fwd(x, w, v), b, dout))).toBeLessThan(1e-8);
  });

  it('odd sizes, stride 3 and pad 2 (output window not flush with the edge)', () => {
    const rng = createRng(42);
    const x = randnAffine([2, 2, 7, 6], rng);
    const w = randnAffine([3, 2, 2, 3], rng);
    const b = randnAffine([3], rng);
    const param = { stride: 3, pad: 2 };
    const { out, cache } = conv2dForward(x, w, b, param);
    expect(out.shape).toEqual([2, 3, 4, 3]);
    const dout = randnAffine(out.shape, rng);
    const { dx, dw, db } = conv2dBackward(dout, cache);
    const fwd = (xx: NDArray, ww: NDArray, bb: NDArray): NDArray => conv2dForward(xx, ww, bb, param).out;
    expect(relError(dx, evalNumericalGradientArray((v) => fwd(v, w, b), x, dout))).toBeLessThan(1e-8);
    expect(relError(dw, evalNumericalGradientArray((v) => fwd(x, v, b), w, dout))).toBeLessThan(1e-8);
    expect(relError(db, evalNumericalGradientArray((v) => fwd(x, w, v), b, dout))).toBeLessThan(1e-8);
  });
});

describe('depthwise conv2d', () => {
  it('channel c·M + m is input channel c convolved with its filter m, and nothing else', () => {
    const rng = createRng(43);
    const x = randnAffine([2, 3, 6, 6], rng);
    const w = randnAffine([3, 2, 3, 3], rng);
    const param = { stride: 1, pad: 1 };
    const { out } = depthwiseConv2dForward(x, w, param);
    expect(out.shape).toEqual([2, 6, 6, 6]);
    // The same thing through an ordinary convolution with a block-diagonal filter bank.
    const dense = zeros([6, 3, 3, 3]);
    for (let c = 0; c < 3; c++) {
      for (let m = 0; m < 2; m++) {
        for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) dense.set([c * 2 + m, c, u, v], w.get(c, m, u, v));
      }
    }
    expect(relError(out, conv2dForward(x, dense, zeros([6]), param).out)).toBeLessThan(1e-14);
  });

  it('backward passes numerical gradient checks (stride 2, pad 1, multiplier 2)', () => {
    const rng = createRng(44);
    const x = randnAffine([3, 3, 7, 7], rng);
    const w = randnAffine([3, 2, 3, 3], rng);
    const param = { stride: 2, pad: 1 };
    const { out, cache } = depthwiseConv2dForward(x, w, param);
    expect(out.shape).toEqual([3, 6, 4, 4]);
    const dout = randnAffine(out.shape, rng);
    const { dx, dw } = depthwiseConv2dBackward(dout, cache);
    expect(relError(dx, evalNumericalGradientArray((v) => depthwiseConv2dForward(v, w, param).out, x, dout))).toBeLessThan(1e-8);
    expect(relError(dw, evalNumericalGradientArray((v) => depthwiseConv2dForward(x, v, param).out, w, dout))).toBeLessThan(1e-8);
  });
});
