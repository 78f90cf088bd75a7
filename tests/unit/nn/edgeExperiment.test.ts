import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sobelFilters } from '../../../src/core/edgeData';
import { accuracyOf, buildEdgeCnn, buildEdgeMlp, epochsFor, meanConfidence } from '../../../src/nn/edgeExperiment';
import { expectNoLeak, useCpu } from './helpers';

beforeAll(useCpu);

/** softmax(k·x) with x one-hot: the arg-max is x's hot entry and the largest output e^k / (e^k + 2). */
function scaledIdentity(k: number): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [3], units: 3, useBias: false, activation: 'softmax' }));
  const w = tf.mul(tf.eye(3), k);
  m.layers[0].setWeights([w]);
  w.dispose();
  return m;
}

describe('edge experiment helpers', () => {
  it('accuracyOf counts arg-max hits and meanConfidence averages the top softmax output', async () => {
    const m = scaledIdentity(2);
    const x = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 2, 1, 1], 'int32'), 3).toFloat());
    await expectNoLeak(async () => {
      expect(await accuracyOf(tf, m, x, Int32Array.from([0, 2, 0, 1]))).toBe(3 / 4);
      expect(await meanConfidence(tf, m, x)).toBeCloseTo(Math.exp(2) / (Math.exp(2) + 2), 6);
    });
    x.dispose();
    m.dispose();
  });

  it('the Sobel option puts the Sobel filters, scaled by 1/4, in filters 0 and 1 and keeps 2 and 3', () => {
    const plain = buildEdgeCnn(tf, { pool: 'max', sobel: false }, 7);
    const sobel = buildEdgeCnn(tf, { pool: 'max', sobel: true }, 7);
    const k0 = plain.layers[0].getWeights()[0].dataSync();
    const k1 = sobel.layers[0].getWeights()[0].dataSync();
    const sob = sobelFilters().values;
    for (let i = 0; i < 9; i++) {
      for (let f = 0; f < 2; f++) expect(k1[i * 4 + f]).toBeCloseTo(sob[i * 2 + f] / 4, 6);
      for (let f = 2; f < 4; f++) expect(k1[i * 4 + f]).toBe(k0[i * 4 + f]);
    }
    for (const m of [plain, sobel]) {
      m.optimizer.dispose();
      m.dispose();
    }
  });

  it('builds seeded models for 16×16 images with 3 classes', () => {
    const a = buildEdgeMlp(tf, 11);
    const b = buildEdgeMlp(tf, 11);
    expect(a.outputs[0].shape).toEqual([null, 3]);
    expect(Array.from(a.layers[1].getWeights()[0].dataSync())).toEqual(Array.from(b.layers[1].getWeights()[0].dataSync()));
    const c = buildEdgeCnn(tf, { pool: 'avg', sobel: false }, 7);
    expect(c.inputs[0].shape).toEqual([null, 16, 16, 1]);
    expect(c.outputs[0].shape).toEqual([null, 3]);
    for (const m of [a, b, c]) {
      m.optimizer.dispose();
      m.dispose();
    }
  });

  it('epochsFor keeps the number of Adam steps (batch 32) near 200', () => {
    expect([15, 45, 150, 450].map(epochsFor)).toEqual([200, 100, 40, 20]);
  });
});
