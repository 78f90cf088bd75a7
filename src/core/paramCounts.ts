/**
 * Parameter counts and training-memory estimates computed from architecture definitions.
 *
 * A model is a `ModelSpec`: an input shape and a list of layers. Channel counts and spatial sizes
 * flow through the list, so a layer only states what it changes (a conv states its output
 * channels, not its input channels). Residual blocks follow torchvision's layout exactly, so that
 * `resnet(152, { numClasses: 10 })` gives the count PyTorch reports for that model.
 *
 * Counting conventions (the same as `sum(p.numel() for p in model.parameters() if p.requires_grad)`):
 * - trainable parameters: conv/dense weights and biases, batchnorm γ and β;
 * - buffers (not trainable, but stored with the weights): batchnorm running mean and variance.
 *   PyTorch also keeps one int64 `num_batches_tracked` per batchnorm; it is ignored here.
 *
 * Activation memory (`activationsPerSample`) is an estimate, not a measurement: it is the number of
 * values a plain autograd implementation keeps alive for the backward pass for one sample, counted
 * as the output of every primitive operation (conv, batchnorm, activation, pooling, dense,
 * dropout, residual addition), plus the input itself. Flatten is a view and stores nothing;
 * dropout masks and the transient gradient buffers of the backward pass are not counted. Real
 * frameworks differ (in-place ReLU, fused kernels, allocator caching), which is why a widget should
 * show this next to a measured value, not instead of one.
 */

/** Per-sample tensor shape, channels first. After `flatten`, height = width = 1. */
export interface Shape {
  channels: number;
  height: number;
  width: number;
}

export interface ConvSpec {
  kind: 'conv';
  out: number;
  /** Square size or [height, width]. */
  kernel: number | readonly [number, number];
  stride?: number;
  padding?: number;
  dilation?: number;
  /** Grouped convolution: each output channel sees inChannels / groups input channels. */
  groups?: number;
  /** Defaults to true, as in PyTorch's nn.Conv2d. */
  bias?: boolean;
  name?: string;
}

export interface BatchNormSpec {
  kind: 'batchnorm';
  /** Learnable γ, β (PyTorch's default). Defaults to true. */
  affine?: boolean;
  name?: string;
}

export interface DenseSpec {
  kind: 'dense';
  out: number;
  bias?: boolean;
  name?: string;
}

export interface ActivationSpec {
  kind: 'activation';
  fn: 'relu' | 'leaky_relu' | 'sigmoid' | 'tanh' | 'gelu';
  name?: string;
}

export interface PoolSpec {
  kind: 'maxpool' | 'avgpool';
  kernel: number;
  /** Defaults to the kernel size, as in PyTorch. */
  stride?: number;
  padding?: number;
  name?: string;
}

export interface GlobalAvgPoolSpec {
  kind: 'globalavgpool';
  name?: string;
}

export interface FlattenSpec {
  kind: 'flatten';
  name?: string;
}

export interface DropoutSpec {
  kind: 'dropout';
  /** Probability of dropping a unit. No parameters; listed so that specs read like the model. */
  dropProb: number;
  name?: string;
}

/** torchvision BasicBlock: 3×3 conv (stride) → BN → ReLU → 3×3 conv → BN, + shortcut, ReLU. */
export interface BasicBlockSpec {
  kind: 'basic';
  out: number;
  stride?: number;
  name?: string;
}

/**
 * torchvision Bottleneck (ResNet v1.5, stride on the 3×3): 1×1 in→width → BN → ReLU →
 * 3×3 width→width (stride, groups) → BN → ReLU → 1×1 width→out → BN, + shortcut, ReLU.
 * The shortcut is a 1×1 conv (stride, no bias) + BN when stride ≠ 1 or in ≠ out.
 */
export interface BottleneckSpec {
  kind: 'bottleneck';
  width: number;
  out: number;
  stride?: number;
  groups?: number;
  name?: string;
}

export type LayerSpec =
  | ConvSpec
  | BatchNormSpec
  | DenseSpec
  | ActivationSpec
  | PoolSpec
  | GlobalAvgPoolSpec
  | FlattenSpec
  | DropoutSpec
  | BasicBlockSpec
  | BottleneckSpec;

export interface ModelSpec {
  name: string;
  input: Shape;
  layers: readonly LayerSpec[];
}

export interface ActivationCountOptions {
  /** Count the input batch itself (it is needed for the first layer's weight gradient). Default true. */
  includeInput?: boolean;
  /** ReLU overwrites its input in place (PyTorch `inplace=True`), so its output costs nothing extra. Default false. */
  inplaceActivations?: boolean;
}

export interface LayerReport {
  name: string;
  kind: LayerSpec['kind'] | 'add';
  inShape: Shape;
  outShape: Shape;
  params: number;
  buffers: number;
  /** Values kept for the backward pass, per sample (see the module comment). */
  activations: number;
  /** Blocks list their primitive layers; the shortcut's layers are named `downsample.*`. */
  children?: LayerReport[];
}

export interface ModelReport {
  name: string;
  input: Shape;
  output: Shape;
  params: number;
  buffers: number;
  activationsPerSample: number;
  layers: LayerReport[];
}

// ---------------------------------------------------------------------------------------------
// Single-layer formulas (widgets call these directly).

export interface ConvParamArgs {
  inChannels: number;
  outChannels: number;
  kernel: number | readonly [number, number];
  groups?: number;
  bias?: boolean;
}

function kernelDims(kernel: number | readonly [number, number]): [number, number] {
  return typeof kernel === 'number' ? [kernel, kernel] : [kernel[0], kernel[1]];
}

function assertPositiveInt(value: number, what: string): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${what} must be a positive integer, got ${value}`);
  }
}

/** Weights kh·kw·(in/groups)·out, plus out biases when `bias` (default true). */
export function convParams({ inChannels, outChannels, kernel, groups = 1, bias = true }: ConvParamArgs): number {
  const [kh, kw] = kernelDims(kernel);
  assertPositiveInt(groups, 'groups');
  if (inChannels % groups !== 0 || outChannels % groups !== 0) {
    throw new Error(`groups=${groups} must divide both in (${inChannels}) and out (${outChannels}) channels`);
  }
  return kh * kw * (inChannels / groups) * outChannels + (bias ? outChannels : 0);
}

export function denseParams(inFeatures: number, outFeatures: number, bias = true): number {
  return inFeatures * outFeatures + (bias ? outFeatures : 0);
}

/** γ and β per channel (the running mean and variance are buffers, not parameters). */
export function batchNormParams(channels: number, affine = true): number {
  return affine ? 2 * channels : 0;
}

/** PyTorch's output-size rule: ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1. */
export function convOutputSize(n: number, kernel: number, stride = 1, padding = 0, dilation = 1): number {
  const out = Math.floor((n + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1;
  if (out <= 0) throw new Error(`kernel ${kernel} (stride ${stride}, padding ${padding}) does not fit input size ${n}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Model analysis.

const numel = (s: Shape): number => s.channels * s.height * s.width;

function defaultName(spec: LayerSpec, index: number): string {
  return spec.name ?? `${index}.${spec.kind}`;
}

/** The primitive layers of a block's main path and its shortcut (empty when it is the identity). */
export function expandBlock(
  block: BasicBlockSpec | BottleneckSpec,
  inChannels: number,
): { main: LayerSpec[]; downsample: LayerSpec[] } {
  const stride = block.stride ?? 1;
  const relu: ActivationSpec = { kind: 'activation', fn: 'relu' };
  const main: LayerSpec[] =
    block.kind === 'basic'
      ? [
          { kind: 'conv', name: 'conv1', out: block.out, kernel: 3, stride, padding: 1, bias: false },
          { kind: 'batchnorm', name: 'bn1' },
          { ...relu, name: 'relu1' },
          { kind: 'conv', name: 'conv2', out: block.out, kernel: 3, padding: 1, bias: false },
          { kind: 'batchnorm', name: 'bn2' },
        ]
      : [
          { kind: 'conv', name: 'conv1', out: block.width, kernel: 1, bias: false },
          { kind: 'batchnorm', name: 'bn1' },
          { ...relu, name: 'relu1' },
          {
            kind: 'conv',
            name: 'conv2',
            out: block.width,
            kernel: 3,
            stride,
            padding: 1,
            groups: block.groups ?? 1,
            bias: false,
          },
          { kind: 'batchnorm', name: 'bn2' },
          { ...relu, name: 'relu2' },
          { kind: 'conv', name: 'conv3', out: block.out, kernel: 1, bias: false },
          { kind: 'batchnorm', name: 'bn3' },
        ];
  const downsample: LayerSpec[] =
    stride !== 1 || inChannels !== block.out
      ? [
          { kind: 'conv', name: 'downsample.conv', out: block.out, kernel: 1, stride, bias: false },
          { kind: 'batchnorm', name: 'downsample.bn' },
        ]
      : [];
  return { main, downsample };
}

function analyzeLayer(spec: LayerSpec, name: string, inShape: Shape, opts: Required<ActivationCountOptions>): LayerReport {
  const base = { name, kind: spec.kind, inShape };
  switch (spec.kind) {
    case 'conv': {
      const [kh, kw] = kernelDims(spec.kernel);
      const stride = spec.stride ?? 1;
      const padding = spec.padding ?? 0;
      const dilation = spec.dilation ?? 1;
      const outShape: Shape = {
        channels: spec.out,
        height: convOutputSize(inShape.height, kh, stride, padding, dilation),
        width: convOutputSize(inShape.width, kw, stride, padding, dilation),
      };
      const params = convParams({
        inChannels: inShape.channels,
        outChannels: spec.out,
        kernel: spec.kernel,
        groups: spec.groups,
        bias: spec.bias,
      });
      return { ...base, outShape, params, buffers: 0, activations: numel(outShape) };
    }
    case 'batchnorm':
      return {
        ...base,
        outShape: inShape,
        params: batchNormParams(inShape.channels, spec.affine ?? true),
        buffers: 2 * inShape.channels,
        activations: numel(inShape),
      };
    case 'dense': {
      const outShape: Shape = { channels: spec.out, height: 1, width: 1 };
      if (inShape.height !== 1 || inShape.width !== 1) {
        throw new Error(`dense layer ${name} needs a flat input; add a flatten or globalavgpool before it`);
      }
      return {
        ...base,
        outShape,
        params: denseParams(inShape.channels, spec.out, spec.bias ?? true),
        buffers: 0,
        activations: spec.out,
      };
    }
    case 'activation':
      return { ...base, outShape: inShape, params: 0, buffers: 0, activations: opts.inplaceActivations ? 0 : numel(inShape) };
    case 'maxpool':
    case 'avgpool': {
      const stride = spec.stride ?? spec.kernel;
      const padding = spec.padding ?? 0;
      const outShape: Shape = {
        channels: inShape.channels,
        height: convOutputSize(inShape.height, spec.kernel, stride, padding),
        width: convOutputSize(inShape.width, spec.kernel, stride, padding),
      };
      return { ...base, outShape, params: 0, buffers: 0, activations: numel(outShape) };
    }
    case 'globalavgpool': {
      const outShape: Shape = { channels: inShape.channels, height: 1, width: 1 };
      return { ...base, outShape, params: 0, buffers: 0, activations: inShape.channels };
    }
    case 'flatten':
      return { ...base, outShape: { channels: numel(inShape), height: 1, width: 1 }, params: 0, buffers: 0, activations: 0 };
    case 'dropout':
      return { ...base, outShape: inShape, params: 0, buffers: 0, activations: numel(inShape) };
    case 'basic':
    case 'bottleneck': {
      const { main, downsample } = expandBlock(spec, inShape.channels);
      const children: LayerReport[] = [];
      let shape = inShape;
      for (const child of main) {
        const r = analyzeLayer(child, child.name ?? child.kind, shape, opts);
        children.push(r);
        shape = r.outShape;
      }
      let shortcutShape = inShape;
      for (const child of downsample) {
        const r = analyzeLayer(child, child.name ?? child.kind, shortcutShape, opts);
        children.push(r);
        shortcutShape = r.outShape;
      }
      if (numel(shortcutShape) !== numel(shape) || shortcutShape.channels !== shape.channels) {
        throw new Error(`block ${name}: shortcut shape does not match the main path`);
      }
      children.push({ name: 'add', kind: 'add', inShape: shape, outShape: shape, params: 0, buffers: 0, activations: numel(shape) });
      children.push(analyzeLayer({ kind: 'activation', fn: 'relu' }, 'relu_out', shape, opts));
      const sum = (f: (r: LayerReport) => number): number => children.reduce((acc, r) => acc + f(r), 0);
      return {
        ...base,
        outShape: shape,
        params: sum((r) => r.params),
        buffers: sum((r) => r.buffers),
        activations: sum((r) => r.activations),
        children,
      };
    }
  }
}

/** Shapes, parameters, buffers and stored activations of every layer, and the totals. */
export function analyzeModel(spec: ModelSpec, options: ActivationCountOptions = {}): ModelReport {
  const opts: Required<ActivationCountOptions> = {
    includeInput: options.includeInput ?? true,
    inplaceActivations: options.inplaceActivations ?? false,
  };
  const layers: LayerReport[] = [];
  let shape = spec.input;
  spec.layers.forEach((layer, i) => {
    const r = analyzeLayer(layer, defaultName(layer, i), shape, opts);
    layers.push(r);
    shape = r.outShape;
  });
  const total = (f: (r: LayerReport) => number): number => layers.reduce((acc, r) => acc + f(r), 0);
  return {
    name: spec.name,
    input: spec.input,
    output: shape,
    params: total((r) => r.params),
    buffers: total((r) => r.buffers),
    activationsPerSample: total((r) => r.activations) + (opts.includeInput ? numel(spec.input) : 0),
    layers,
  };
}

/** Trainable parameters of a model spec. */
export function countParams(spec: ModelSpec): number {
  return analyzeModel(spec).params;
}

// ---------------------------------------------------------------------------------------------
// Training memory.

export type Optimizer = 'sgd' | 'sgd-momentum' | 'adam';

/**
 * Extra values the optimizer keeps per parameter: plain SGD none, momentum one velocity buffer,
 * Adam two (running means of the gradient and of its square). This is why Adam costs most.
 */
export const OPTIMIZER_STATE_SLOTS: Readonly<Record<Optimizer, number>> = { sgd: 0, 'sgd-momentum': 1, adam: 2 };

export const BYTES_PER_FLOAT32 = 4;
export const MB = 1e6;
export const MiB = 2 ** 20;

/** Bytes per trainable parameter for weight + gradient + optimizer state: 8, 12, 16 at float32. */
export function bytesPerParameter(optimizer: Optimizer, bytesPerValue = BYTES_PER_FLOAT32): number {
  return (2 + OPTIMIZER_STATE_SLOTS[optimizer]) * bytesPerValue;
}

export interface TrainingMemoryOptions {
  optimizer: Optimizer;
  batchSize: number;
  bytesPerValue?: number;
  /** Fixed cost outside the model (framework context, workspace). Default 0. */
  overheadBytes?: number;
}

/** All in bytes. */
export interface MemoryBreakdown {
  weights: number;
  buffers: number;
  gradients: number;
  optimizerState: number;
  activations: number;
  overhead: number;
  /** Everything that does not grow with the batch. */
  fixed: number;
  total: number;
}

export interface MemoryModel {
  params: number;
  buffers?: number;
  activationsPerSample: number;
}

export function trainingMemory(model: MemoryModel, opts: TrainingMemoryOptions): MemoryBreakdown {
  const b = opts.bytesPerValue ?? BYTES_PER_FLOAT32;
  const weights = model.params * b;
  const buffers = (model.buffers ?? 0) * b;
  const gradients = model.params * b;
  const optimizerState = OPTIMIZER_STATE_SLOTS[opts.optimizer] * model.params * b;
  const activations = opts.batchSize * model.activationsPerSample * b;
  const overhead = opts.overheadBytes ?? 0;
  const fixed = weights + buffers + gradients + optimizerState + overhead;
  return { weights, buffers, gradients, optimizerState, activations, overhead, fixed, total: fixed + activations };
}

/**
 * Bytes one training step holds above the weights, buffers and optimizer state: the gradients
 * plus every stored activation of the batch. The same for every optimizer because the update's
 * temporaries are not modelled (TF.js's Adam can exceed this at small batches for that reason).
 */
export function trainingStepPeak(model: MemoryModel, batchSize: number, bytesPerValue?: number): number {
  const m = trainingMemory(model, { optimizer: 'sgd', batchSize, bytesPerValue });
  return m.gradients + m.activations;
}

/** Largest batch whose `trainingMemory(...).total` fits in `budgetBytes`; 0 when not even the fixed part fits. */
export function maxBatchSize(
  model: MemoryModel,
  budgetBytes: number,
  opts: Omit<TrainingMemoryOptions, 'batchSize'>,
): number {
  const { fixed } = trainingMemory(model, { ...opts, batchSize: 0 });
  const perSample = model.activationsPerSample * (opts.bytesPerValue ?? BYTES_PER_FLOAT32);
  if (fixed > budgetBytes) return 0;
  if (perSample === 0) return Number.POSITIVE_INFINITY;
  return Math.floor((budgetBytes - fixed) / perSample);
}

// ---------------------------------------------------------------------------------------------
// Model zoo.

/**
 * The course's pytorch_cnn (CIFAR-100, 3×32×32): three 3×3 convs (16, 32, 64; the last with
 * stride 2), two 2×2 max-pools, fc 1024→256, fc 256→numClasses. 311,684 parameters without
 * batchnorm, 311,908 with (each BN adds 2·C).
 */
export function pytorchCnn(opts: { batchNorm?: boolean; numClasses?: number; dropProb?: number } = {}): ModelSpec {
  const bn = opts.batchNorm ?? false;
  const relu: ActivationSpec = { kind: 'activation', fn: 'relu' };
  const convBlock = (out: number, stride: number, name: string): LayerSpec[] => [
    { kind: 'conv', name, out, kernel: 3, stride, padding: 1 },
    ...(bn ? [{ kind: 'batchnorm', name: `${name}.bn` } as const] : []),
    relu,
  ];
  return {
    name: bn ? 'pytorch_cnn (with batchnorm)' : 'pytorch_cnn',
    input: { channels: 3, height: 32, width: 32 },
    layers: [
      ...convBlock(16, 1, 'conv1'),
      { kind: 'maxpool', kernel: 2 },
      ...convBlock(32, 1, 'conv2'),
      { kind: 'maxpool', kernel: 2 },
      ...convBlock(64, 2, 'conv3'),
      { kind: 'flatten' },
      { kind: 'dense', name: 'fc1', out: 256 },
      relu,
      ...(opts.dropProb !== undefined ? [{ kind: 'dropout', dropProb: opts.dropProb } as const] : []),
      { kind: 'dense', name: 'fc2', out: opts.numClasses ?? 100 },
    ],
  };
}

/** A small CNN for single-channel images (the edge data set): conv–ReLU–pool twice, then a dense head. */
export function smallCnn(
  opts: { size?: number; inChannels?: number; channels?: readonly [number, number]; numClasses?: number; pool?: 'max' | 'avg' } = {},
): ModelSpec {
  const size = opts.size ?? 16;
  const [c1, c2] = opts.channels ?? [8, 16];
  const pool = opts.pool === 'avg' ? 'avgpool' : 'maxpool';
  const relu: ActivationSpec = { kind: 'activation', fn: 'relu' };
  return {
    name: 'small CNN',
    input: { channels: opts.inChannels ?? 1, height: size, width: size },
    layers: [
      { kind: 'conv', name: 'conv1', out: c1, kernel: 3, padding: 1 },
      relu,
      { kind: pool, kernel: 2 },
      { kind: 'conv', name: 'conv2', out: c2, kernel: 3, padding: 1 },
      relu,
      { kind: pool, kernel: 2 },
      { kind: 'flatten' },
      { kind: 'dense', name: 'fc', out: opts.numClasses ?? 3 },
    ],
  };
}

/** A fully connected network on a flattened image. */
export function mlp(opts: { input: Shape; hidden: readonly number[]; numClasses: number }): ModelSpec {
  const layers: LayerSpec[] = [{ kind: 'flatten' }];
  opts.hidden.forEach((h, i) => {
    layers.push({ kind: 'dense', name: `fc${i + 1}`, out: h }, { kind: 'activation', fn: 'relu' });
  });
  layers.push({ kind: 'dense', name: 'out', out: opts.numClasses });
  return { name: `MLP ${opts.hidden.join('-')}`, input: opts.input, layers };
}

export type ResNetDepth = 18 | 34 | 50 | 101 | 152;

const RESNET_STAGES: Readonly<Record<ResNetDepth, { block: 'basic' | 'bottleneck'; counts: readonly number[] }>> = {
  18: { block: 'basic', counts: [2, 2, 2, 2] },
  34: { block: 'basic', counts: [3, 4, 6, 3] },
  50: { block: 'bottleneck', counts: [3, 4, 6, 3] },
  101: { block: 'bottleneck', counts: [3, 4, 23, 3] },
  152: { block: 'bottleneck', counts: [3, 8, 36, 3] },
};

export interface ResNetOptions {
  numClasses?: number;
  /** Square input size; the parameter count does not depend on it (global pooling). Default 224. */
  inputSize?: number;
  /** ResNeXt: groups of the 3×3 convs and the width of each group (torchvision `width_per_group`). */
  groups?: number;
  widthPerGroup?: number;
}

/** torchvision's ResNet (v1.5) / ResNeXt layout. */
export function resnet(depth: ResNetDepth, opts: ResNetOptions = {}): ModelSpec {
  const { block, counts } = RESNET_STAGES[depth];
  const groups = opts.groups ?? 1;
  const widthPerGroup = opts.widthPerGroup ?? 64;
  const size = opts.inputSize ?? 224;
  const layers: LayerSpec[] = [
    { kind: 'conv', name: 'conv1', out: 64, kernel: 7, stride: 2, padding: 3, bias: false },
    { kind: 'batchnorm', name: 'bn1' },
    { kind: 'activation', fn: 'relu', name: 'relu' },
    { kind: 'maxpool', name: 'maxpool', kernel: 3, stride: 2, padding: 1 },
  ];
  const planes = [64, 128, 256, 512];
  counts.forEach((n, stage) => {
    for (let i = 0; i < n; i++) {
      const stride = stage > 0 && i === 0 ? 2 : 1;
      const name = `layer${stage + 1}.${i}`;
      const p = planes[stage];
      if (block === 'basic') {
        layers.push({ kind: 'basic', name, out: p, stride });
      } else {
        const width = Math.floor(p * (widthPerGroup / 64)) * groups;
        layers.push({ kind: 'bottleneck', name, width, out: 4 * p, stride, groups });
      }
    }
  });
  layers.push({ kind: 'globalavgpool', name: 'avgpool' }, { kind: 'dense', name: 'fc', out: opts.numClasses ?? 1000 });
  const label = groups === 1 && widthPerGroup === 64 ? `ResNet-${depth}` : `ResNeXt-${depth} ${groups}x${widthPerGroup}d`;
  return { name: label, input: { channels: 3, height: size, width: size }, layers };
}

/** Named models for a picker; each entry builds a fresh spec. */
export const MODEL_ZOO: Readonly<Record<string, (numClasses?: number) => ModelSpec>> = {
  'small-cnn': (numClasses = 3) => smallCnn({ numClasses }),
  'pytorch-cnn': (numClasses = 100) => pytorchCnn({ numClasses }),
  'pytorch-cnn-bn': (numClasses = 100) => pytorchCnn({ numClasses, batchNorm: true }),
  'resnet18': (numClasses = 1000) => resnet(18, { numClasses }),
  'resnet34': (numClasses = 1000) => resnet(34, { numClasses }),
  'resnet50': (numClasses = 1000) => resnet(50, { numClasses }),
  'resnet101': (numClasses = 1000) => resnet(101, { numClasses }),
  'resnet152': (numClasses = 1000) => resnet(152, { numClasses }),
  'resnext50-32x4d': (numClasses = 1000) => resnet(50, { numClasses, groups: 32, widthPerGroup: 4 }),
};
