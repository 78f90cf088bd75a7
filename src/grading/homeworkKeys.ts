/**
 * Key functions for homeworks 2–4 (GPU memory, initialization, ResNeXt, AlexNet). Each is a thin
 * numeric wrapper over a `src/core` function, so that a key written in a notebook
 * (`key="resnetParams(152, nc)"`) takes only numbers, as mathjs keys must, and computes the same
 * value as the widget next to it.
 */
import { alexnetLayers } from '../core/alexnet';
import { closedFormVariances, fixedPointVariance } from '../core/initVariance';
import { analyzeModel, bytesPerParameter, maxBatchSize, pytorchCnn, resnet, type Optimizer, type ResNetDepth } from '../core/paramCounts';
import { resnextParams, wideBottleneckParams } from '../core/resnext';

const OPTIMIZERS: readonly Optimizer[] = ['sgd', 'sgd-momentum', 'adam'];

function optimizer(code: number): Optimizer {
  // Keys pass 0 = SGD, 1 = SGD with momentum, 2 = Adam (mathjs keys carry numbers, not strings).
  const o = OPTIMIZERS[code];
  if (!o) throw new Error(`optimizer code must be 0 (SGD), 1 (momentum) or 2 (Adam), got ${code}`);
  return o;
}

function depth(d: number): ResNetDepth {
  if (![18, 34, 50, 101, 152].includes(d)) throw new Error(`ResNet depth must be 18, 34, 50, 101 or 152, got ${d}`);
  return d as ResNetDepth;
}

const analyzeResnet = (d: number, classes: number) => analyzeModel(resnet(depth(d), { numClasses: classes }));

/** Trainable parameters of torchvision's ResNet-`d` with a `classes`-way head. */
export function resnetParams(d: number, classes: number): number {
  return analyzeResnet(d, classes).params;
}

/** Bytes per parameter for weights + gradients + optimizer state at float32 (8, 12, 16). */
export function optimizerBytesPerParam(code: number): number {
  return bytesPerParameter(optimizer(code));
}

/** Weights + buffers + gradients + optimizer state of ResNet-`d`, in MB (10^6 bytes). */
export function resnetFixedMemoryMB(d: number, classes: number, code: number): number {
  const r = analyzeResnet(d, classes);
  return (r.params * bytesPerParameter(optimizer(code)) + r.buffers * 4) / 1e6;
}

/** Largest batch of ResNet-`d` (224×224 inputs) whose estimated training memory fits `gib` GiB. */
export function resnetMaxBatch(d: number, classes: number, code: number, gib: number): number {
  return maxBatchSize(analyzeResnet(d, classes), gib * 2 ** 30, { optimizer: optimizer(code) });
}

/** Trainable parameters of the course's small CIFAR CNN (`pytorch_cnn`). */
export function pytorchCnnParams(classes: number, batchNorm: number): number {
  return analyzeModel(pytorchCnn({ numClasses: classes, batchNorm: batchNorm !== 0 })).params;
}

/** Variance after layer `layer` of a constant-width-`n` linear net with PyTorch's default init, unit-variance input. */
export function initVariance(n: number, layer: number): number {
  if (!Number.isInteger(layer) || layer < 0) throw new Error(`layer must be an integer ≥ 0, got ${layer}`);
  return closedFormVariances({ widths: Array.from({ length: layer + 1 }, () => n) })[layer];
}

export function initFixedPoint(n: number): number {
  return fixedPointVariance(n);
}

export function wideBlockParams(channels: number, width: number, k: number): number {
  return wideBottleneckParams({ inChannels: channels, outChannels: channels, kernel: k }, width).total;
}

export function resnextBlockParams(channels: number, paths: number, pathWidth: number, k: number): number {
  return resnextParams({ inChannels: channels, outChannels: channels, kernel: k }, paths, pathWidth).total;
}

type AlexField = 'units' | 'weights' | 'connections';

function alexField(field: AlexField) {
  // layer: 1 … 8 (conv1 … output); split: 1 = the paper's two-GPU connectivity, 0 = one GPU.
  return (layer: number, classes = 1000, split = 1): number => {
    const layers = alexnetLayers({ numClasses: classes, twoGpuSplit: split !== 0 });
    const l = layers[layer - 1];
    if (!l) throw new Error(`AlexNet layer must be 1 … ${layers.length}, got ${layer}`);
    return l[field];
  };
}

export const alexUnits = alexField('units');
export const alexWeights = alexField('weights');
export const alexConnections = alexField('connections');

export const homeworkKeyFunctions = {
  resnetParams,
  optimizerBytesPerParam,
  resnetFixedMemoryMB,
  resnetMaxBatch,
  pytorchCnnParams,
  initVariance,
  initFixedPoint,
  wideBlockParams,
  resnextBlockParams,
  alexUnits,
  alexWeights,
  alexConnections,
};
