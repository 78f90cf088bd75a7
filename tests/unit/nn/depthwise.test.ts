import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  compareWithAutodiff,
  depthwiseConv2dBackward,
  depthwiseConv2dForward,
  disposeCache,
  scaledError,
  type Padding,
} from '../../../src/nn';
import { createRng, expectNoLeak, naiveDepthwise, randn, toArr, useCpu, values } from './helpers';

beforeAll(useCpu);

interface Case {
  x: [number, number, number, number];
  w: [number, number, number, number];
  stride: number | [number, number];
  pad: Padding;
}

const cases: Case[] = [
  { x: [2, 5, 5, 3], w: [3, 3, 3, 1], stride: 1, pad: 1 },
  { x: [3, 7, 6, 2], w: [3, 3, 2, 2], stride: 2, pad: 1 },
  { x: [1, 9, 7, 4], w: [5, 3, 4, 3], stride: [2, 1], pad: 2 },
  { x: [2, 8, 8, 1], w: [2, 2, 1, 4], stride: 2, pad: 0 },
  { x: [2, 6, 5, 3], w: [3, 3, 3, 2], stride: 1, pad: 'same' },
  { x: [2, 7, 7, 2], w: [4, 4, 2, 1], stride: 3, pad: 'valid' },
];

describe('depthwiseConv2d', () => {
  it.each(cases)('agrees with tf.grad and a float64 loop: x $x, w $w, stride $stride, pad $pad', async (c) => {
    const rng = createRng(`depthwise ${JSON.stringify(c)}`);
    const x = randn(rng, c.x);
    const w = randn(rng, c.w);
    await expectNoLeak(async () => {
      const { out, cache } = depthwiseConv2dForward(x, w, { stride: c.stride, pad: c.pad });
      expect(out.shape[3]).toBe(c.x[3] * c.w[3]);
      const dout = randn(rng, out.shape);
      const { dx, dw } = depthwiseConv2dBackward(dout, cache);
      const errs = await compareWithAutodiff(
        (xx, ww) => depthwiseConv2dForward(xx, ww, { stride: c.stride, pad: c.pad }).out,
        { x, w },
        dout,
        { x: dx, w: dw },
      );
      for (const e of errs) expect(e.relError, `d${e.name}`).toBeLessThan(1e-4);
      if (c.pad !== 'same') {
        const p = c.pad === 'valid' ? 0 : c.pad;
        const stride: [number, number] = typeof c.stride === 'number' ? [c.stride, c.stride] : c.stride;
        const ref = naiveDepthwise(await toArr(x), await toArr(w), stride, [p, p], await toArr(dout));
        expect(out.shape).toEqual(ref.out.shape);
        expect(scaledError(await values(out), ref.out.data)).toBeLessThan(1e-6);
        expect(scaledError(await values(dx), ref.dx!)).toBeLessThan(1e-6);
        expect(scaledError(await values(dw), ref.dw!)).toBeLessThan(1e-6);
      }
      tf.dispose([out, dout, dx, dw]);
      disposeCache(cache);
    });
    tf.dispose([x, w]);
  });
});
