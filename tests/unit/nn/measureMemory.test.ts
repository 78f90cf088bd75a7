import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeModel, MODEL_ZOO, resnet, type Optimizer } from '../../../src/core/paramCounts';
import { measureTrainingMemory } from '../../../src/nn/measureMemory';
import { specToLayers, trainableCount } from '../../../src/nn/specToLayers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('specToLayers: the TF.js model has the parameters the architecture predicts', () => {
  it.each(['small-cnn', 'pytorch-cnn', 'pytorch-cnn-bn'])('%s', (name) => {
    const spec = MODEL_ZOO[name]();
    const model = specToLayers(spec);
    expect(trainableCount(model)).toBe(analyzeModel(spec).params);
    model.dispose();
  });

  it('ResNet-18 with residual blocks and PyTorch padding (output sizes as in PyTorch)', () => {
    const spec = resnet(18, { numClasses: 10, inputSize: 64 });
    const model = specToLayers(spec);
    expect(trainableCount(model)).toBe(analyzeModel(spec).params);
    expect(model.outputs[0].shape).toEqual([null, 10]);
    model.dispose();
  });

  it('refuses grouped convolutions with a message', () => {
    expect(() => specToLayers(MODEL_ZOO['resnext50-32x4d']())).toThrow(/Grouped convolutions/);
  });
});

describe('measureTrainingMemory on the cpu backend', () => {
  it('weights take 4 bytes per value; momentum keeps one slot, Adam two; step peaks grow with the batch; nothing leaks', async () => {
    const spec = MODEL_ZOO['small-cnn']();
    const params = analyzeModel(spec).params;
    // The first use of tf.layers caches a few constants for good; measure leaks from the second run.
    await measureTrainingMemory(spec, { optimizers: ['adam'], batches: [1] });
    const tensorsBefore = tf.memory().numTensors;
    const m = await measureTrainingMemory(spec, { optimizers: ['sgd', 'sgd-momentum', 'adam'], batches: [2, 8] });
    // TF.js 4.22's MomentumOptimizer.dispose() keeps its parent's learning-rate scalar: one tensor.
    expect(tf.memory().numTensors - tensorsBefore).toBeLessThanOrEqual(1);
    expect(m.backend).toBe('cpu');
    expect(m.params).toBe(params);
    expect(m.weightBytes).toBe(4 * params);
    const state = Object.fromEntries(m.perOptimizer.map((o) => [o.optimizer, o.stateBytes]));
    // A few scalars besides the slots (step counters, β powers) are allowed.
    expect(Math.abs(state.sgd)).toBeLessThan(64);
    expect(Math.abs(state['sgd-momentum'] - 4 * params)).toBeLessThan(64);
    expect(Math.abs(state.adam - 8 * params)).toBeLessThan(64);
    for (const o of m.perOptimizer) {
      const [small, large] = o.stepPeakBytes;
      // At least the gradients are alive at the peak, and more images never need less.
      expect(small.bytes).toBeGreaterThanOrEqual(4 * params);
      expect(large.bytes).toBeGreaterThanOrEqual(small.bytes);
    }
    // With SGD the peak is the forward/backward pass, so it grows with the batch. (Adam's update
    // keeps all its temporaries until the end of one tidy, a peak that small batches stay under.)
    const sgd = m.perOptimizer.find((o) => o.optimizer === 'sgd')!.stepPeakBytes;
    expect(sgd[1].bytes).toBeGreaterThan(sgd[0].bytes);
  }, 60_000);
});

describe('measureTrainingMemory on a preferred backend', () => {
  it('runs on wasm, reports each step, gives the bytes the cpu backend gives, and leaves cpu active', async () => {
    const spec = MODEL_ZOO['small-cnn']();
    const opts: { optimizers: Optimizer[]; batches: number[] } = { optimizers: ['sgd', 'adam'], batches: [1, 4] };
    const onCpu = await measureTrainingMemory(spec, opts);
    const seen: string[] = [];
    const onWasm = await measureTrainingMemory(spec, {
      ...opts,
      preferredBackend: 'wasm',
      onProgress: (p) => seen.push(`${p.done}/${p.total} ${p.optimizer} ${p.batch}`),
    });
    expect(onWasm.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('cpu');
    expect(seen).toEqual(['0/8 sgd 1', '1/8 sgd 1', '2/8 sgd 4', '3/8 sgd 4', '4/8 adam 1', '5/8 adam 1', '6/8 adam 4', '7/8 adam 4']);
    // TF.js counts tensor bytes itself, whatever the backend.
    expect(onWasm.params).toBe(onCpu.params);
    expect(onWasm.weightBytes).toBe(onCpu.weightBytes);
    expect(onWasm.perOptimizer.map((o) => o.stateBytes)).toEqual(onCpu.perOptimizer.map((o) => o.stateBytes));
  }, 60_000);

  it('measures on the active backend when the preferred one does not start', async () => {
    const m = await measureTrainingMemory(MODEL_ZOO['small-cnn'](), { optimizers: ['sgd'], batches: [1], preferredBackend: 'webgpu' });
    expect(m.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  }, 60_000);
});
