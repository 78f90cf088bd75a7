import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { SELFTEST_CASES, runLayerSelfTest } from '../../../src/nn/selftest';

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('runLayerSelfTest', () => {
  it('passes every layer on cpu', async () => {
    const results = await runLayerSelfTest('cpu');
    expect(results.map((r) => r.name)).toEqual(SELFTEST_CASES);
    for (const r of results) {
      expect(r.ok, `${r.name}: ${r.error ?? ''} ${r.note ?? ''}`).toBe(true);
      expect(r.relError).toBeLessThan(1e-4);
    }
  });

  it('on stock wasm: conv and depthwise backward name their missing kernels, the rest pass against cpu', async () => {
    const before = tf.memory().numTensors;
    const results = await runLayerSelfTest('wasm');
    expect(tf.getBackend()).toBe('wasm');
    for (const r of results) {
      if (r.name.startsWith('conv2d')) {
        expect(r.ok).toBe(false);
        expect(r.missingKernel).toBe('Conv2DBackpropFilter');
        expect(r.error).toMatch(/'wasm' backend registers no 'Conv2DBackpropFilter'/);
      } else if (r.name.startsWith('depthwiseConv2d')) {
        expect(r.ok).toBe(false);
        expect(r.missingKernel).toBe('DepthwiseConv2dNativeBackpropInput');
      } else {
        expect(r.ok, `${r.name}: ${r.error ?? ''} ${r.note ?? ''}`).toBe(true);
        expect(r.checks?.some((c) => c.against === 'cpu')).toBe(true);
      }
      if (r.name.startsWith('maxPool')) expect(r.note).toMatch(/soundness probe/);
    }
    // Tensors on the wasm backend are counted by the same engine: nothing left behind.
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports a backend that cannot start instead of throwing', async () => {
    const [r] = await runLayerSelfTest('webgpu');
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/webgpu/);
  });
});
