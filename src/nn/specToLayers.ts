import * as tf from '@tensorflow/tfjs';
import { expandBlock, type LayerSpec, type ModelSpec } from '../core/paramCounts';

/**
 * Builds a TF.js model from a src/core/paramCounts ModelSpec (channels first there, NHWC here), so
 * that what the page predicts from the architecture can be set against what TF.js allocates.
 * PyTorch-style explicit padding becomes a zero-padding layer and a 'valid' op, which gives the
 * same output sizes as PyTorch for every stride. Grouped convolutions have no TF.js layer.
 */
export function specToLayers(spec: ModelSpec): tf.LayersModel {
  const { channels, height, width } = spec.input;
  const input = tf.input({ shape: [height, width, channels] });
  let x = input;
  let c = channels;
  for (const layer of spec.layers) [x, c] = apply(layer, x, c);
  return tf.model({ inputs: input, outputs: x, name: spec.name.replace(/[^A-Za-z0-9_]/g, '_') });
}

type Sym = tf.SymbolicTensor;

const pad = (x: Sym, p: number | undefined): Sym => (p ? (tf.layers.zeroPadding2d({ padding: p }).apply(x) as Sym) : x);

function apply(layer: LayerSpec, x: Sym, c: number): [Sym, number] {
  switch (layer.kind) {
    case 'conv': {
      if ((layer.groups ?? 1) !== 1) throw new Error('Grouped convolutions (ResNeXt) have no TF.js layer, so this model cannot be measured here.');
      const k = typeof layer.kernel === 'number' ? [layer.kernel, layer.kernel] : [...layer.kernel];
      const conv = tf.layers.conv2d({
        filters: layer.out,
        kernelSize: k,
        strides: layer.stride ?? 1,
        dilationRate: layer.dilation ?? 1,
        padding: 'valid',
        useBias: layer.bias ?? true,
      });
      return [conv.apply(pad(x, layer.padding)) as Sym, layer.out];
    }
    case 'batchnorm':
      return [tf.layers.batchNormalization({ center: layer.affine ?? true, scale: layer.affine ?? true }).apply(x) as Sym, c];
    case 'dense':
      return [tf.layers.dense({ units: layer.out, useBias: layer.bias ?? true }).apply(x) as Sym, layer.out];
    case 'activation': {
      const act = layer.fn === 'leaky_relu' ? tf.layers.leakyReLU() : layer.fn === 'gelu' ? tf.layers.activation({ activation: 'gelu' as 'relu' }) : tf.layers.activation({ activation: layer.fn });
      return [act.apply(x) as Sym, c];
    }
    case 'maxpool':
    case 'avgpool': {
      const opts = { poolSize: layer.kernel, strides: layer.stride ?? layer.kernel, padding: 'valid' as const };
      const pool = layer.kind === 'maxpool' ? tf.layers.maxPooling2d(opts) : tf.layers.averagePooling2d(opts);
      return [pool.apply(pad(x, layer.padding)) as Sym, c];
    }
    case 'globalavgpool':
      return [tf.layers.globalAveragePooling2d({}).apply(x) as Sym, c];
    case 'flatten':
      return [tf.layers.flatten().apply(x) as Sym, c];
    case 'dropout':
      return [tf.layers.dropout({ rate: layer.dropProb }).apply(x) as Sym, c];
    case 'basic':
    case 'bottleneck': {
      const { main, downsample } = expandBlock(layer, c);
      let y = x;
      let cy = c;
      for (const l of main) [y, cy] = apply(l, y, cy);
      let s = x;
      let cs = c;
      for (const l of downsample) [s, cs] = apply(l, s, cs);
      const sum = tf.layers.add().apply([y, s]) as Sym;
      return [tf.layers.activation({ activation: 'relu' }).apply(sum) as Sym, cy];
    }
  }
}

/** Trainable scalars, as PyTorch counts parameters (batchnorm's running statistics excluded). */
export function trainableCount(model: tf.LayersModel): number {
  return model.trainableWeights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
}
