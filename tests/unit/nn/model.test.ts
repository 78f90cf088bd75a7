import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConvNet, validateModelConfig, type OptimizerName } from '../../../src/nn/model';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Eight 8×8 one-channel images in two classes that differ in where the bright stripe is. */
function tinyBatch() {
  const n = 8;
  const buf = new Float32Array(n * 8 * 8);
  const labels: number[] = [];
  for (let k = 0; k < n; k++) {
    const cls = k % 2;
    labels.push(cls);
    for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) {
      const on = cls === 0 ? r < 4 : c < 4;
      buf[k * 64 + r * 8 + c] = (on ? 1 : -1) + 0.1 * Math.sin(k * 7 + r * 3 + c);
    }
  }
  return { x: tf.tensor4d(buf, [n, 8, 8, 1]), labels };
}

describe('ConvNet', () => {
  for (const optimizer of ['sgd', 'momentum', 'adam'] as OptimizerName[]) {
    for (const batchnorm of [true, false]) {
      it(`${optimizer}, batchnorm ${batchnorm}: loss falls and the tensor count is flat`, async () => {
        const { x, labels } = tinyBatch();
        const net = new ConvNet({
          depth: 2, width: 4, dropout: 0.1, batchnorm, optimizer, lr: optimizer === 'adam' ? 0.01 : 0.05,
          rows: 8, cols: 8, classes: 2, seed: 3,
        });
        const losses: number[] = [];
        const counts: number[] = [];
        for (let i = 0; i < 12; i++) {
          losses.push(await net.trainStep(x, labels));
          counts.push(tf.memory().numTensors);
        }
        expect(losses.every(Number.isFinite)).toBe(true);
        expect(losses[losses.length - 1]).toBeLessThan(losses[0] * 0.8);
        // After the first step (which creates the optimizer's slots) the count must not move.
        expect(new Set(counts.slice(1)).size).toBe(1);
        const before = tf.memory().numTensors;
        const scores = net.predict(x);
        expect(scores.shape).toEqual([8, 2]);
        scores.dispose();
        expect(tf.memory().numTensors).toBe(before);
        const filters = await net.firstLayerFilters();
        expect(filters.length).toBe(4);
        expect(filters[0].length).toBe(9);
        net.dispose();
        x.dispose();
      });
    }
  }

  it('input dropout: still learns, frees its masks, and changes nothing at test time', async () => {
    const { x, labels } = tinyBatch();
    const cfg = { depth: 1, width: 4, dropout: 0, batchnorm: false, optimizer: 'adam' as const, lr: 0.01, rows: 8, cols: 8, classes: 2, seed: 5 };
    const plain = new ConvNet(cfg);
    const dropped = new ConvNet({ ...cfg, inputDropout: 0.5 });
    // Same seed, same weights: predictions agree before training because test mode drops nothing.
    const [a, b] = [plain.predict(x), dropped.predict(x)];
    expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
    tf.dispose([a, b]);
    // Training differs from the plain net's: the mask reaches the gradients.
    expect(await dropped.trainStep(x, labels)).not.toBeCloseTo(await plain.trainStep(x, labels), 6);
    const counts: number[] = [];
    const losses: number[] = [];
    for (let i = 0; i < 15; i++) {
      losses.push(await dropped.trainStep(x, labels));
      counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts).size).toBe(1);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
    expect(validateModelConfig({ ...cfg, inputDropout: 1 })).toEqual(['Input dropout must be at least 0 and below 1.']);
    plain.dispose();
    dropped.dispose();
    x.dispose();
  });

  it('rejects bad configurations with readable messages', () => {
    expect(validateModelConfig({ depth: 5, width: 0, dropout: 1, batchnorm: true, optimizer: 'adam', lr: 0 })).toHaveLength(4);
    expect(() => new ConvNet({ depth: 0, width: 8, dropout: 0, batchnorm: false, optimizer: 'sgd', lr: 0.1 })).toThrow(/Depth/);
  });
});
