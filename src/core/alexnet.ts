/**
 * Units, weights and connections of each AlexNet layer (Krizhevsky, Sutskever & Hinton, 2012).
 *
 * Conventions, as in the homework: pooling layers are ignored (their units and the
 * conv→pool connections are not counted); "weights" are learnable weights without biases (the
 * `…WithBiases` fields add them); a unit's connections are its inputs, counting inputs that fall
 * on zero padding, so connections = units × fan-in (for a fully connected layer this equals the
 * number of weights; for a conv layer weight sharing makes it far larger).
 *
 * The two-GPU split: each GPU holds half the kernels of every layer. Conv2, conv4 and conv5 see
 * only the feature maps on their own GPU (fan-in channels 48, 192, 192, i.e. groups = 2); conv3
 * and the fully connected layers see both GPUs. Conv1 reads all 3 input channels either way.
 *
 * Spatial sizes: the paper says 224×224 inputs, but 55×55 conv1 outputs need 227 (with stride 4,
 * kernel 11, no padding), so 227 is the default. The paper's Figure 2 caption lists
 * 253,440 units for conv1; 55·55·96 = 290,400 is what the stated architecture gives.
 */

export interface AlexNetOptions {
  /** Restrict conv2/4/5 to their own GPU's maps, as in the paper. Default true. */
  twoGpuSplit?: boolean;
  inputSize?: number;
  numClasses?: number;
}

export interface AlexNetLayer {
  name: string;
  kind: 'conv' | 'fc';
  /** Output shape (conv) or [units, 1, 1] (fc). */
  outHeight: number;
  outWidth: number;
  outChannels: number;
  /** Kernel size and the input channels each kernel reads (conv); input features (fc). */
  kernel: number;
  inChannelsPerKernel: number;
  /** Inputs per unit (k²·channels read for conv, input features for fc). */
  fanIn: number;
  /** Whether this layer's connectivity is restricted to one GPU. */
  splitAcrossGpus: boolean;
  units: number;
  weights: number;
  biases: number;
  weightsWithBiases: number;
  connections: number;
  /** Counting each unit's bias as one more connection. */
  connectionsWithBiases: number;
}

/** The numbers of neurons the paper's Figure 2 caption gives, conv1 to output. */
export const PAPER_CAPTION_UNITS: readonly number[] = [253440, 186624, 64896, 64896, 43264, 4096, 4096, 1000];

function outSize(n: number, k: number, s: number, p: number): number {
  return Math.floor((n + 2 * p - k) / s) + 1;
}

interface ConvDef {
  name: string;
  out: number;
  k: number;
  stride: number;
  pad: number;
  /** Groups in the two-GPU network. */
  groups: number;
  /** A 3×3 stride-2 max-pool follows (it shrinks the next layer's input). */
  poolAfter: boolean;
}

const CONVS: readonly ConvDef[] = [
  { name: 'Convolution Layer 1', out: 96, k: 11, stride: 4, pad: 0, groups: 1, poolAfter: true },
  { name: 'Convolution Layer 2', out: 256, k: 5, stride: 1, pad: 2, groups: 2, poolAfter: true },
  { name: 'Convolution Layer 3', out: 384, k: 3, stride: 1, pad: 1, groups: 1, poolAfter: false },
  { name: 'Convolution Layer 4', out: 384, k: 3, stride: 1, pad: 1, groups: 2, poolAfter: false },
  { name: 'Convolution Layer 5', out: 256, k: 3, stride: 1, pad: 1, groups: 2, poolAfter: true },
];

function finish(
  base: Omit<AlexNetLayer, 'weightsWithBiases' | 'connections' | 'connectionsWithBiases' | 'biases'>,
  biasCount: number,
): AlexNetLayer {
  return {
    ...base,
    biases: biasCount,
    weightsWithBiases: base.weights + biasCount,
    connections: base.units * base.fanIn,
    connectionsWithBiases: base.units * (base.fanIn + 1),
  };
}

/** The eight layers, conv1 … output, with their counts. */
export function alexnetLayers(opts: AlexNetOptions = {}): AlexNetLayer[] {
  const split = opts.twoGpuSplit ?? true;
  let size = opts.inputSize ?? 227;
  let channels = 3;
  const layers: AlexNetLayer[] = [];
  for (const c of CONVS) {
    const groups = split ? c.groups : 1;
    const o = outSize(size, c.k, c.stride, c.pad);
    const inPerKernel = channels / groups;
    const fanIn = c.k * c.k * inPerKernel;
    const units = o * o * c.out;
    layers.push(
      finish(
        {
          name: c.name,
          kind: 'conv',
          outHeight: o,
          outWidth: o,
          outChannels: c.out,
          kernel: c.k,
          inChannelsPerKernel: inPerKernel,
          fanIn,
          splitAcrossGpus: groups === 2,
          units,
          weights: fanIn * c.out,
        },
        c.out,
      ),
    );
    size = c.poolAfter ? outSize(o, 3, 2, 0) : o;
    channels = c.out;
  }
  let features = size * size * channels;
  const fcs: [string, number][] = [
    ['Fully Connected Layer 1', 4096],
    ['Fully Connected Layer 2', 4096],
    ['Output Layer', opts.numClasses ?? 1000],
  ];
  for (const [name, units] of fcs) {
    layers.push(
      finish(
        {
          name,
          kind: 'fc',
          outHeight: 1,
          outWidth: 1,
          outChannels: units,
          kernel: 1,
          inChannelsPerKernel: features,
          fanIn: features,
          splitAcrossGpus: false,
          units,
          weights: features * units,
        },
        units,
      ),
    );
    features = units;
  }
  return layers;
}

export interface AlexNetSummary {
  units: number;
  weights: number;
  weightsWithBiases: number;
  connections: number;
  /** Counting each unit's bias as one more connection (= connections + units). */
  connectionsWithBiases: number;
  /** Layer holding the most weights, and the most connections. */
  mostWeights: string;
  mostConnections: string;
  /** Share of all weights in the fully connected layers; share of all connections in the conv layers. */
  fcWeightShare: number;
  convConnectionShare: number;
}

export function alexnetSummary(layers: readonly AlexNetLayer[]): AlexNetSummary {
  const sum = (f: (l: AlexNetLayer) => number, only?: AlexNetLayer['kind']): number =>
    layers.filter((l) => only === undefined || l.kind === only).reduce((s, l) => s + f(l), 0);
  const argmax = (f: (l: AlexNetLayer) => number): string =>
    layers.reduce((best, l) => (f(l) > f(best) ? l : best)).name;
  const weights = sum((l) => l.weights);
  const connections = sum((l) => l.connections);
  return {
    units: sum((l) => l.units),
    weights,
    weightsWithBiases: sum((l) => l.weightsWithBiases),
    connections,
    connectionsWithBiases: sum((l) => l.connectionsWithBiases),
    mostWeights: argmax((l) => l.weights),
    mostConnections: argmax((l) => l.connections),
    fcWeightShare: sum((l) => l.weights, 'fc') / weights,
    convConnectionShare: sum((l) => l.connections, 'conv') / connections,
  };
}
