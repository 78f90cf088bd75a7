import { describe, expect, it } from 'vitest';
import * as k from '../../../src/grading/homeworkKeys';
import { alexnetLayers, alexnetSummary } from '../../../src/core/alexnet';
import { analyzeModel, MODEL_ZOO } from '../../../src/core/paramCounts';

describe('homework key functions', () => {
  it('ResNet-152 with a 10-class head has 58,164,298 parameters (what PyTorch reports)', () => {
    expect(k.resnetParams(152, 10)).toBe(58164298);
    expect(() => k.resnetParams(17, 10)).toThrow(/depth/);
  });
  it('bytes per parameter: SGD 8, momentum 12, Adam 16', () => {
    expect([0, 1, 2].map(k.optimizerBytesPerParam)).toEqual([8, 12, 16]);
    expect(() => k.optimizerBytesPerParam(3)).toThrow();
  });
  it('ResNeXt block counts', () => {
    expect(k.wideBlockParams(256, 128, 3)).toBe(212992);
    expect(k.resnextBlockParams(256, 32, 4, 3)).toBe(70144);
  });
  it('init variance: first layer (n+1)/(3n), then v/3 + 1/(3n)', () => {
    expect(k.initVariance(100, 1)).toBeCloseTo(101 / 300, 12);
    expect(k.initVariance(100, 2)).toBeCloseTo(101 / 900 + 1 / 300, 12);
    expect(k.initFixedPoint(100)).toBeCloseTo(0.005, 12);
  });
  it('AlexNet cells', () => {
    expect(k.alexUnits(1)).toBe(290400);
    expect(k.alexWeights(1)).toBe(34848);
    expect(k.alexWeights(6)).toBe(37748736);
    expect(() => k.alexUnits(9)).toThrow();
  });
  it('AlexNet conv2 connections count both GPUs (the seed halves them)', () => {
    expect(k.alexConnections(2)).toBe(223948800);
    const sum = alexnetSummary(alexnetLayers());
    expect([sum.mostWeights, sum.mostConnections]).toEqual(['Fully Connected Layer 1', 'Convolution Layer 2']);
    expect(analyzeModel(MODEL_ZOO['resnet152'](10)).params).toBe(58164298);
  });
});
