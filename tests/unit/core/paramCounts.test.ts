import { describe, expect, it } from 'vitest';
import {
  analyzeModel,
  batchNormParams,
  bytesPerParameter,
  convOutputSize,
  convParams,
  countParams,
  denseParams,
  maxBatchSize,
  mlp,
  MODEL_ZOO,
  pytorchCnn,
  resnet,
  smallCnn,
  trainingMemory,
  trainingStepPeak,
  type ModelSpec,
} from '../../../src/core/paramCounts';

describe('single-layer formulas', () => {
  it('counts conv weights with groups and bias', () => {
    expect(convParams({ inChannels: 3, outChannels: 16, kernel: 3 })).toBe(3 * 9 * 16 + 16);
    expect(convParams({ inChannels: 3, outChannels: 16, kernel: 3, bias: false })).toBe(432);
    // Depthwise: groups = channels.
    expect(convParams({ inChannels: 32, outChannels: 32, kernel: 3, groups: 32, bias: false })).toBe(288);
    expect(convParams({ inChannels: 128, outChannels: 128, kernel: 3, groups: 32, bias: false })).toBe(4608);
    expect(convParams({ inChannels: 4, outChannels: 6, kernel: [1, 5] })).toBe(4 * 5 * 6 + 6);
    expect(() => convParams({ inChannels: 6, outChannels: 8, kernel: 3, groups: 4 })).toThrow(/divide/);
  });

  it('counts dense and batchnorm parameters', () => {
    expect(denseParams(1024, 256)).toBe(262400);
    expect(denseParams(10, 3, false)).toBe(30);
    expect(batchNormParams(64)).toBe(128);
  });

  it('follows the PyTorch output-size rule', () => {
    expect(convOutputSize(224, 7, 2, 3)).toBe(112);
    expect(convOutputSize(112, 3, 2, 1)).toBe(56);
    expect(convOutputSize(227, 11, 4, 0)).toBe(55);
    expect(() => convOutputSize(2, 5)).toThrow();
  });
});

describe('the course CNN and a small CNN', () => {
  it('pytorch_cnn has 311,684 parameters, 311,908 with batchnorm', () => {
    expect(countParams(pytorchCnn())).toBe(311684);
    expect(countParams(pytorchCnn({ batchNorm: true }))).toBe(311908);
    const r = analyzeModel(pytorchCnn());
    expect(r.output).toEqual({ channels: 100, height: 1, width: 1 });
    // The flatten feeds 64·4·4 = 1024 features into fc1.
    expect(r.layers.find((l) => l.name === 'fc1')?.inShape.channels).toBe(1024);
    // BN running statistics are buffers, not parameters.
    expect(analyzeModel(pytorchCnn({ batchNorm: true })).buffers).toBe(2 * (16 + 32 + 64));
  });

  it('counts the small CNN and its stored activations by hand', () => {
    const r = analyzeModel(smallCnn());
    expect(r.params).toBe(80 + 1168 + 771);
    // input 256, conv 2048, relu 2048, pool 512, conv 1024, relu 1024, pool 256, flatten 0, dense 3
    expect(r.activationsPerSample).toBe(7171);
    expect(analyzeModel(smallCnn(), { includeInput: false }).activationsPerSample).toBe(7171 - 256);
    expect(analyzeModel(smallCnn(), { inplaceActivations: true }).activationsPerSample).toBe(7171 - 3072);
  });

  it('builds an MLP', () => {
    const m = mlp({ input: { channels: 1, height: 16, width: 16 }, hidden: [64], numClasses: 3 });
    expect(countParams(m)).toBe(256 * 64 + 64 + 64 * 3 + 3);
  });

  it('rejects a dense layer on an unflattened input', () => {
    const bad: ModelSpec = { name: 'bad', input: { channels: 1, height: 4, width: 4 }, layers: [{ kind: 'dense', out: 2 }] };
    expect(() => analyzeModel(bad)).toThrow(/flat/);
  });
});

describe('torchvision ResNets', () => {
  // torchvision's documented num_params for the 1000-class models.
  const reported: [18 | 34 | 50 | 101 | 152, number][] = [
    [18, 11689512],
    [34, 21797672],
    [50, 25557032],
    [101, 44549160],
    [152, 60192808],
  ];
  for (const [depth, n] of reported) {
    it(`ResNet-${depth} has ${n} parameters`, () => {
      expect(countParams(resnet(depth))).toBe(n);
    });
  }

  it('ResNet-152 with a 10-class head has 58,164,298 parameters', () => {
    const expected = 60192808 - 2048 * 1000 - 1000 + 2048 * 10 + 10;
    expect(expected).toBe(58164298);
    expect(countParams(resnet(152, { numClasses: 10 }))).toBe(expected);
    expect(countParams(resnet(18, { numClasses: 10 }))).toBe(11181642);
  });

  it('ResNeXt-50 32x4d (grouped convs) matches torchvision', () => {
    expect(countParams(resnet(50, { groups: 32, widthPerGroup: 4 }))).toBe(25028904);
    expect(countParams(MODEL_ZOO['resnext50-32x4d']())).toBe(25028904);
  });

  it('gives the ResNet-18 shapes and a stride-2 downsample', () => {
    const r = analyzeModel(resnet(18));
    const l2 = r.layers.find((l) => l.name === 'layer2.0');
    expect(l2?.inShape).toEqual({ channels: 64, height: 56, width: 56 });
    expect(l2?.outShape).toEqual({ channels: 128, height: 28, width: 28 });
    expect(l2?.children?.some((c) => c.name === 'downsample.conv')).toBe(true);
    expect(r.layers.find((l) => l.name === 'layer1.0')?.children?.some((c) => c.name.startsWith('downsample'))).toBe(false);
    // Parameter count does not depend on the input size (global pooling); activations do.
    const small = analyzeModel(resnet(18, { inputSize: 64 }));
    expect(small.params).toBe(r.params);
    expect(small.activationsPerSample).toBeLessThan(r.activationsPerSample);
  });
});

describe('training memory', () => {
  it('uses 8, 12 and 16 bytes per parameter for SGD, momentum and Adam', () => {
    expect(bytesPerParameter('sgd')).toBe(8);
    expect(bytesPerParameter('sgd-momentum')).toBe(12);
    expect(bytesPerParameter('adam')).toBe(16);
  });

  it('splits ResNet-152 (10 classes) memory into weights, gradients and state', () => {
    const r = analyzeModel(resnet(152, { numClasses: 10 }));
    const adam = trainingMemory(r, { optimizer: 'adam', batchSize: 0 });
    expect(adam.weights).toBe(232657192); // 232.657192 MB
    expect(adam.gradients).toBe(adam.weights);
    expect(adam.optimizerState).toBe(2 * adam.weights);
    expect(trainingMemory(r, { optimizer: 'sgd', batchSize: 0 }).optimizerState).toBe(0);
    expect(trainingMemory(r, { optimizer: 'sgd-momentum', batchSize: 0 }).optimizerState).toBe(adam.weights);
    const b16 = trainingMemory(r, { optimizer: 'adam', batchSize: 16 });
    expect(b16.activations).toBe(16 * r.activationsPerSample * 4);
    expect(b16.total).toBe(b16.fixed + b16.activations);
  });

  it('predicts a training step’s peak as gradients plus activations, whatever the optimizer', () => {
    const model = { params: 1000, buffers: 50, activationsPerSample: 100 };
    // 4·1000 bytes of gradients + 8·100·4 bytes of activations.
    expect(trainingStepPeak(model, 8)).toBe(7200);
    expect(trainingStepPeak(model, 0)).toBe(4000);
    expect(trainingStepPeak(model, 8, 2)).toBe(3600);
    const r = analyzeModel(resnet(18));
    for (const optimizer of ['sgd', 'sgd-momentum', 'adam'] as const) {
      const m = trainingMemory(r, { optimizer, batchSize: 32 });
      expect(trainingStepPeak(r, 32)).toBe(m.gradients + m.activations);
      expect(trainingStepPeak(r, 32)).toBe(m.total - m.weights - m.buffers - m.optimizerState);
    }
  });

  it('finds the largest batch that fits a budget', () => {
    const model = { params: 1000, activationsPerSample: 100 };
    expect(maxBatchSize(model, 20000, { optimizer: 'adam' })).toBe(10);
    expect(maxBatchSize(model, 19999, { optimizer: 'adam' })).toBe(9);
    expect(maxBatchSize(model, 15999, { optimizer: 'adam' })).toBe(0);
    expect(maxBatchSize(model, 20000, { optimizer: 'sgd', overheadBytes: 4000 })).toBe(20);
    // The found batch fits and one more does not.
    const r = analyzeModel(resnet(50));
    const budget = 16 * 2 ** 30;
    const b = maxBatchSize(r, budget, { optimizer: 'adam' });
    expect(trainingMemory(r, { optimizer: 'adam', batchSize: b }).total).toBeLessThanOrEqual(budget);
    expect(trainingMemory(r, { optimizer: 'adam', batchSize: b + 1 }).total).toBeGreaterThan(budget);
  });
});
