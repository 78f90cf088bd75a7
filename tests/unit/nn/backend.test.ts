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
import { registerWasmTrainingKernels, restoreStockWasmKernels } from '../../../src/nn/wasm/kernels';
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

describe('wasm backend (with GradBook\'s training kernels)', () => {
  it('loads on demand with the training kernels stock TF.js 4.22 lacks, and every backward pass runs', async () => {
    await useBackend('wasm');
    expect(tf.getBackend()).toBe('wasm');
    for (const k of ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter', 'MaxPoolGrad']) {
      expect(hasKernel(k), k).toBe(true);
    }

    const rng = createRng('wasm');
    const x = randn(rng, [2, 6, 6, 3]);
    const w = randn(rng, [3, 3, 3, 4]);
    const b = randn(rng, [4]);
    const dw = randn(rng, [3, 3, 3, 2]);
    const before = tf.memory().numTensors;

    const conv = conv2dForward(x, w, b, { stride: 1, pad: 1 });
    const dout = tf.onesLike(conv.out);
    const g = conv2dBackward(dout, conv.cache);
    expect(g.dw.shape).toEqual([3, 3, 3, 4]);
    expect(g.dx.shape).toEqual([2, 6, 6, 3]);
    tf.dispose([conv.out, dout, g.dx, g.dw, g.db]);
    disposeCache(conv.cache);

    const dwc = depthwiseConv2dForward(x, dw, { stride: 1, pad: 1 });
    const ddout = tf.onesLike(dwc.out);
    const dg = depthwiseConv2dBackward(ddout, dwc.cache);
    expect(dg.dw.shape).toEqual([3, 3, 3, 2]);
    tf.dispose([dwc.out, ddout, dg.dx, dg.dw]);
    disposeCache(dwc.cache);

    // Stock wasm's MaxPoolGrad loses the gradient of windows whose maximum is <= 0; GradBook's
    // replacement passes the probe, so maxPoolBackward uses the kernel.
    expect(maxPoolGradKernelIsSound()).toBe(true);
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

  it('without GradBook\'s kernels (stock TF.js 4.22) the conv backward names the missing kernel', async () => {
    await useBackend('wasm');
    restoreStockWasmKernels();
    try {
      expect(hasKernel('Conv2DBackpropFilter')).toBe(false);
      const rng = createRng('wasm-stock');
      const x = randn(rng, [1, 5, 5, 2]);
      const w = randn(rng, [3, 3, 2, 2]);
      const b = randn(rng, [2]);
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
      tf.dispose([conv.out, dout, x, w, b]);
      disposeCache(conv.cache);
    } finally {
      registerWasmTrainingKernels();
    }
  });
});
