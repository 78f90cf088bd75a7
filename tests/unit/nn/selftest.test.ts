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

  it("on wasm (with GradBook's training kernels): every layer passes against cpu", async () => {
    const before = tf.memory().numTensors;
    const results = await runLayerSelfTest('wasm');
    expect(tf.getBackend()).toBe('wasm');
    for (const r of results) {
      expect(r.ok, `${r.name}: ${r.error ?? ''} ${r.note ?? ''}`).toBe(true);
      expect(r.missingKernel).toBeUndefined();
      expect(r.checks?.some((c) => c.against === 'cpu')).toBe(true);
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
