import { describe, expect, it } from 'vitest';
import { alexnetLayers, alexnetSummary, PAPER_CAPTION_UNITS } from '../../../src/core/alexnet';

describe('AlexNet (two-GPU split, as in the paper)', () => {
  const layers = alexnetLayers();

  it('has the paper’s output shapes', () => {
    expect(layers.map((l) => [l.outHeight, l.outChannels])).toEqual([
      [55, 96], [27, 256], [13, 384], [13, 384], [13, 256], [1, 4096], [1, 4096], [1, 1000],
    ]);
    // FC1 reads the pooled 6×6×256 conv5 output.
    expect(layers[5].fanIn).toBe(9216);
  });

  it('counts units, weights and connections per layer', () => {
    expect(layers.map((l) => l.units)).toEqual([290400, 186624, 64896, 64896, 43264, 4096, 4096, 1000]);
    expect(layers.map((l) => l.weights)).toEqual([
      34848, 307200, 884736, 663552, 442368, 37748736, 16777216, 4096000,
    ]);
    expect(layers.map((l) => l.connections)).toEqual([
      105415200, 223948800, 149520384, 112140288, 74760192, 37748736, 16777216, 4096000,
    ]);
    expect(layers.map((l) => l.splitAcrossGpus)).toEqual([false, true, false, true, true, false, false, false]);
    // Conv2 per unit: 5·5·48 inputs (own GPU only).
    expect(layers[1].fanIn).toBe(1200);
  });

  it('agrees with the paper’s caption except for conv1', () => {
    expect(layers.slice(1).map((l) => l.units)).toEqual(PAPER_CAPTION_UNITS.slice(1));
    expect(layers[0].units).not.toBe(PAPER_CAPTION_UNITS[0]);
  });

  it('totals about 61M weights; FC layers hold the weights, conv layers the connections', () => {
    const s = alexnetSummary(layers);
    expect(s.units).toBe(659272);
    expect(s.weights).toBe(60954656);
    expect(s.weightsWithBiases).toBe(60965224);
    expect(s.connections).toBe(724406816);
    // One bias connection per unit.
    expect(s.connectionsWithBiases).toBe(725066088);
    expect(s.connectionsWithBiases).toBe(s.connections + s.units);
    expect(s.mostWeights).toBe('Fully Connected Layer 1');
    expect(s.mostConnections).toBe('Convolution Layer 2');
    expect(s.fcWeightShare).toBeGreaterThan(0.96);
    expect(s.convConnectionShare).toBeGreaterThan(0.91);
  });
});

describe('AlexNet without the split (one GPU)', () => {
  it('has 62,378,344 weights with biases and doubles conv2/4/5', () => {
    const layers = alexnetLayers({ twoGpuSplit: false });
    expect(alexnetSummary(layers).weightsWithBiases).toBe(62378344);
    expect(alexnetSummary(layers).connectionsWithBiases).toBe(layers.reduce((t, l) => t + l.connectionsWithBiases, 0));
    expect(layers[1].weights).toBe(614400);
    expect(layers[1].connections).toBe(447897600);
    expect(layers[3].weights).toBe(2 * 663552);
  });

  it('a 224 input without padding would give 54×54 conv1 maps', () => {
    expect(alexnetLayers({ inputSize: 224 })[0].outHeight).toBe(54);
  });
});
