import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { trialBackends, trialKey } from '../../../src/worker/backendTrial';
import { DEFAULT_MODEL_CONFIG } from '../../../src/nn/modelConfig';
import type { TrainRequest, WorkerMessage } from '../../../src/worker/trainProtocol';

afterAll(async () => {
  await tf.setBackend('cpu');
});

const request = (over: Partial<TrainRequest> = {}): TrainRequest => ({
  type: 'start',
  config: DEFAULT_MODEL_CONFIG,
  batchSize: 64,
  epochs: 1,
  backend: 'auto',
  assetUrl: 'unused',
  ...over,
});

function fakeMnist(count = 32) {
  const images = new Uint8Array(count * 28 * 28);
  for (let i = 0; i < images.length; i++) images[i] = (i * 37) % 256;
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
  return { images, labels, count, rows: 28, cols: 28 };
}

describe('backend trial', () => {
  it('keys the cache by model, batch size and browser', () => {
    const a = trialKey(request());
    expect(trialKey(request())).toBe(a);
    expect(trialKey(request({ batchSize: 32 }))).not.toBe(a);
    expect(trialKey(request({ config: { ...DEFAULT_MODEL_CONFIG, width: 32 } }))).not.toBe(a);
  });

  it('times every backend Node offers (wasm, cpu) and picks the fastest', async () => {
    const posts: WorkerMessage[] = [];
    const r = await trialBackends(request(), fakeMnist(), (m) => posts.push(m));
    expect(r.cached).toBe(false); // Node has no IndexedDB: nothing is remembered
    const rates = Object.entries(r.results).filter((e): e is [string, number] => typeof e[1] === 'number');
    expect(rates.map(([k]) => k)).toContain('wasm'); // GradBook's kernels let wasm train
    const fastest = rates.sort((a, b) => b[1] - a[1])[0][0];
    expect(r.chosen).toBe(fastest);
    expect(posts.some((m) => m.type === 'status')).toBe(true);
  });
});
