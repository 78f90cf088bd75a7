import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  conv2dBackward,
  conv2dForward,
  depthwiseConv2dBackward,
  depthwiseConv2dForward,
  disposeCache,
  hasKernel,
  listAvailableBackends,
  maxPoolBackward,
  maxPoolForward,
  maxPoolGradKernelIsSound,
  MissingKernelError,
  useBackend,
} from '../../../src/nn';
import { createRng, randn } from './helpers';

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('backend choice', () => {
  it('lists wasm and cpu in Node (no WebGPU adapter, no WebGL context)', async () => {
    const found = await listAvailableBackends();
    expect(found).toContain('cpu');
    expect(found).toContain('wasm');
    expect(found).not.toContain('webgpu');
    expect(found).not.toContain('webgl');
  });

  it('rejects an unknown backend name', async () => {
    await expect(useBackend('tpu')).rejects.toThrow(/Unknown backend 'tpu'/);
  });

  it('switches to cpu', async () => {
    expect(await useBackend('cpu')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });
});

describe('wasm backend (stock TF.js 4.22)', () => {
  it('loads on demand, runs the forward passes and max-pool backward, and names the kernels it lacks', async () => {
    await useBackend('wasm');
    expect(tf.getBackend()).toBe('wasm');
    for (const k of ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter']) {
      expect(hasKernel(k), k).toBe(false);
    }
    expect(hasKernel('Conv2DBackpropInput')).toBe(true);
    expect(hasKernel('MaxPoolGrad')).toBe(true);

    const rng = createRng('wasm');
    const x = randn(rng, [2, 6, 6, 3]);
    const w = randn(rng, [3, 3, 3, 4]);
    const b = randn(rng, [4]);
    const dw = randn(rng, [3, 3, 3, 2]);
    const before = tf.memory().numTensors;

    const conv = conv2dForward(x, w, b, { stride: 1, pad: 1 });
    const dout = tf.onesLike(conv.out);
    let err: unknown;
    try {
      conv2dBackward(dout, conv.cache);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MissingKernelError);
    expect((err as MissingKernelError).kernel).toBe('Conv2DBackpropFilter');
    expect((err as Error).message).toMatch(/'wasm' backend registers no 'Conv2DBackpropFilter' kernel/);
    tf.dispose([conv.out, dout]);
    disposeCache(conv.cache);

    const dwc = depthwiseConv2dForward(x, dw, { stride: 1, pad: 1 });
    const ddout = tf.onesLike(dwc.out);
    expect(() => depthwiseConv2dBackward(ddout, dwc.cache)).toThrow(/DepthwiseConv2dNativeBackpropInput/);
    tf.dispose([dwc.out, ddout]);
    disposeCache(dwc.cache);

    // Stock wasm's MaxPoolGrad loses the gradient of windows whose maximum is ≤ 0; ours must not.
    expect(maxPoolGradKernelIsSound()).toBe(false);
    const pool = maxPoolForward(x, { pool: 2, stride: 2 });
    const pout = tf.onesLike(pool.out);
    const dx = maxPoolBackward(pout, pool.cache);
    const total = tf.sum(dx);
    expect((await total.data())[0]).toBeCloseTo(pool.out.size, 3);
    tf.dispose([pool.out, pout, dx, total]);
    disposeCache(pool.cache);

    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w, b, dw]);
  });
});
