import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { runLayer, type PlaygroundLayer } from '../../../src/nn/layerRun';

afterAll(async () => {
  await tf.setBackend('cpu');
});

const OUT_SHAPES: Record<PlaygroundLayer, number[]> = {
  conv: [1, 8, 8, 3],
  depthwise: [1, 8, 8, 2],
  maxpool: [1, 4, 4, 2],
  'spatial-batchnorm': [1, 8, 8, 2],
  dropout: [1, 8, 8, 2],
};

describe('runLayer', () => {
  for (const [layer, shape] of Object.entries(OUT_SHAPES) as [PlaygroundLayer, number[]][]) {
    it(`${layer} on cpu: forward and backward, seeded, nothing left behind`, async () => {
      const before = tf.memory().numTensors;
      const r = await runLayer(layer, 'cpu', 3);
      expect(tf.memory().numTensors).toBe(before);
      expect(r.backend).toBe('cpu');
      expect(r.outShape).toEqual(shape);
      expect(r.dxError).toBeNull();
      expect(r.input).toMatchObject({ rows: 8, cols: 8 });
      expect(r.out).toMatchObject({ rows: shape[1], cols: shape[2] });
      expect(r.dx).toMatchObject({ rows: 8, cols: 8 });
      const again = await runLayer(layer, 'cpu', 3);
      expect(Array.from(again.out.values)).toEqual(Array.from(r.out.values));
      expect(Array.from(again.dx!.values)).toEqual(Array.from(r.dx!.values));
    });
  }

  it('a backend that cannot start throws', async () => {
    await expect(runLayer('conv', 'webgpu', 1)).rejects.toThrow(/webgpu/);
  });
});
