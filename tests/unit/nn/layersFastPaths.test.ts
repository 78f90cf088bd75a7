import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../src/nn';
import { batchnormGradOps } from '../../../src/nn/layersFastPaths';
import { RELU_BACKWARD, SPATIAL_BATCHNORM_BACKWARD, SPATIAL_BATCHNORM_TRAIN } from '../../../src/nn/kernels';
import { createRng, errorOverReference } from './helpers';

// A student's tf.layers model on wasm runs batch normalization and ReLU's gradient through
// GradBook's fused kernels (src/nn/layersFastPaths.ts): same gradients, moving statistics and
// predictions as the cpu backend, which has no such kernels and runs TF.js's own layers.

beforeAll(async () => {
  await useBackend('wasm'); // registers GradBook's kernels and the tf.layers fast paths
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

function model(): tf.Sequential {
  const init = (s: number) => tf.initializers.glorotUniform({ seed: 40 + s });
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [10, 10, 1], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) }),
      // gamma and beta away from 1 and 0, so a wrong scale or shift shows
      tf.layers.batchNormalization({ momentum: 0.8, epsilon: 1e-3, gammaInitializer: tf.initializers.randomUniform({ minval: 0.5, maxval: 1.5, seed: 3 }), betaInitializer: tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: 4 }) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', kernelInitializer: init(2) }),
      tf.layers.batchNormalization(),
      tf.layers.reLU(),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3, kernelInitializer: init(3) }),
    ],
  });
}

interface Run {
  grads: Record<string, Float32Array>;
  moving: Float32Array[];
  predicted: Float32Array;
  kernels: string[];
}

async function run(backend: 'cpu' | 'wasm'): Promise<Run> {
  await tf.setBackend(backend);
  const rng = createRng('layers-fast');
  const xd = new Float32Array(6 * 10 * 10);
  for (let i = 0; i < xd.length; i++) xd[i] = rng.normal() * 2 + 0.5;
  const x = tf.tensor4d(xd, [6, 10, 10, 1]);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32'), 3);
  const m = model();
  const before = tf.memory().numTensors;
  let vg: { value: tf.Scalar; grads: tf.NamedTensorMap } | null = null;
  const profile = await tf.profile(() => {
    vg = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, m.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
  });
  const { value, grads } = vg!;
  const out: Run['grads'] = {};
  // by position in the model (the variables' names differ from one model to the next)
  for (const [i, w] of m.trainableWeights.entries()) out[`${i} ${w.originalName.replace(/\d+\//, '/')}`] = (await grads[w.name].data()) as Float32Array;
  tf.dispose([value, ...Object.values(grads)]);
  expect(tf.memory().numTensors, 'no tensor left behind').toBe(before);
  const moving = await Promise.all(
    m.layers
      .filter((l) => l.getClassName() === 'BatchNormalization')
      .flatMap((l) => l.getWeights().slice(2))
      .map(async (w) => (await w.data()) as Float32Array),
  );
  const p = m.predict(x) as tf.Tensor;
  const predicted = (await p.data()) as Float32Array;
  tf.dispose([p, x, y]);
  m.dispose();
  return { grads: out, moving, predicted, kernels: profile.kernels.map((k) => k.name) };
}

describe('tf.layers on wasm with GradBook fast paths', () => {
  it('batchnorm and ReLU gradients, moving statistics and predictions match cpu', async () => {
    const want = await run('cpu');
    const got = await run('wasm');
    expect(Object.keys(got.grads).sort()).toEqual(Object.keys(want.grads).sort());
    expect(Object.keys(want.grads).length).toBe(10);
    for (const k of Object.keys(want.grads)) {
      // A bias right before batchnorm has gradient 0 (the mean is subtracted): both are rounding noise.
      if (k.startsWith('5 ')) {
        expect(Math.max(...want.grads[k].map(Math.abs)), k).toBeLessThan(1e-6);
        expect(Math.max(...got.grads[k].map(Math.abs)), k).toBeLessThan(1e-6);
      } else expect(errorOverReference(got.grads[k], want.grads[k]), k).toBeLessThan(1e-5);
    }
    expect(got.moving.length).toBe(4);
    for (let i = 0; i < 4; i++) expect(errorOverReference(got.moving[i], want.moving[i]), `moving ${i}`).toBeLessThan(1e-5);
    expect(errorOverReference(got.predicted, want.predicted)).toBeLessThan(1e-5);
    // and the fused kernels did the work on wasm (both batchnorm layers, both ReLUs)
    const count = (names: string[], k: string) => names.filter((n) => n === k).length;
    expect(count(got.kernels, SPATIAL_BATCHNORM_TRAIN)).toBe(2);
    expect(count(got.kernels, SPATIAL_BATCHNORM_BACKWARD)).toBe(2);
    expect(count(got.kernels, RELU_BACKWARD)).toBe(2);
    expect(count(got.kernels, 'FusedBatchNorm')).toBe(0);
    expect(count(want.kernels, 'FusedBatchNorm')).toBe(2);
  });

  it('second-order gradients through ReLU still work on wasm (the ops, not the fused kernel)', async () => {
    const grad2 = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend);
      const x = tf.tensor1d([-1.5, -0.2, 0.3, 2, 0.7]);
      const f = (a: tf.Tensor) => tf.sum(tf.mul(tf.relu(a), tf.mul(a, a)));
      const g2 = tf.grad((a: tf.Tensor) => tf.sum(tf.grad(f)(a)))(x);
      const v = await g2.data();
      tf.dispose([x, g2]);
      return v;
    };
    const want = await grad2('cpu');
    for (const [i, v] of [0, 0, 1.8, 12, 4.2].entries()) expect(want[i]).toBeCloseTo(v, 5); // 6·x where x > 0
    expect(errorOverReference(await grad2('wasm'), want)).toBeLessThan(1e-6);
  });

  it("batchnorm's op-path gradient (used under a recording tape) equals tf.grads of the train-mode forward pass on cpu", async () => {
    await tf.setBackend('cpu');
    const rng = createRng('bn-ops');
    const t = (shape: number[], scale = 1, shift = 0) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const d = new Float32Array(n);
      for (let i = 0; i < n; i++) d[i] = rng.normal() * scale + shift;
      return tf.tensor(d, shape);
    };
    const x = t([3, 4, 5, 6], 2, 1) as tf.Tensor4D;
    const gamma = t([6], 0.5, 1);
    const beta = t([6]);
    const dy = t([3, 4, 5, 6]) as tf.Tensor4D;
    const eps = 1e-3;
    const want = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const { mean, variance } = tf.moments(a, [0, 1, 2]);
      return tf.sum(tf.mul(dy, tf.batchNorm(a, mean, variance, b, g, eps)));
    })([x, gamma, beta]);
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    const invStd = tf.rsqrt(tf.add(variance, eps));
    const got = batchnormGradOps(dy, x, mean, invStd, gamma);
    for (let i = 0; i < 3; i++) expect(errorOverReference(await got[i].data(), await want[i].data()), ['dx', 'dgamma', 'dbeta'][i]).toBeLessThan(1e-5);
    tf.dispose([x, gamma, beta, dy, mean, variance, invStd, ...want, ...got]);
  });
});
