import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../src/nn';
import { disposeCache } from '../../../src/nn/cache';
import { adamStep, ConvNet } from '../../../src/nn/model';
import { ADAM_UPDATE } from '../../../src/nn/kernels';
import { spatialBatchnormBackward, spatialBatchnormForward } from '../../../src/nn/batchnorm';
import { reluBackward, reluForward } from '../../../src/nn/relu';
import { dropoutForward } from '../../../src/nn/dropout';
import { registerWasmTrainingKernels, restoreStockWasmKernels, setDirectC1Disabled, setFusedWasmDisabled, setWasmPatchBudget, setWinogradDisabled, WASM_TRAINING_KERNELS, winogradConvCount, convC1Count, setConvC1Disabled, setFusedSplitForTests, convCnCount, setConvCnDisabled, setBpfCnDisabled, aleaJump, setOwnWinogradDisabled } from '../../../src/nn/wasm/kernels';
import seedrandom from 'seedrandom';
import { createRng, errorOverReference, type Rng } from './helpers';

// GradBook's wasm training kernels against the cpu backend's, on random shapes, strides and
// paddings; then tf.grad, tf.layers and ConvNet training on wasm against cpu.

type Shape4 = [number, number, number, number];
type Pad = number | 'same' | 'valid';
const explicit = (p: number) => [[0, 0], [p, p], [p, p], [0, 0]];

function normals(rng: Rng, n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.normal();
  return a;
}

/** Runs a kernel on a backend with fresh tensors from plain arrays; returns its values. */
async function onBackend(
  backend: 'cpu' | 'wasm',
  kernel: string,
  inputs: Record<string, { data: Float32Array; shape: number[] }>,
  attrs: Record<string, unknown>,
): Promise<{ shape: number[]; data: Float32Array }> {
  await tf.setBackend(backend);
  const named: tf.NamedTensorMap = {};
  for (const [k, v] of Object.entries(inputs)) named[k] = tf.tensor(v.data, v.shape, 'float32');
  const before = tf.memory().numTensors;
  const out = tf.engine().runKernel(kernel, named, attrs as tf.NamedAttrMap) as tf.Tensor;
  const data = (await out.data()) as Float32Array;
  const shape = out.shape;
  out.dispose();
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose(Object.values(named));
  return { shape, data };
}

async function compareKernel(kernel: string, inputs: Record<string, { data: Float32Array; shape: number[] }>, attrs: Record<string, unknown>, label: string) {
  const want = await onBackend('cpu', kernel, inputs, attrs);
  const got = await onBackend('wasm', kernel, inputs, attrs);
  expect(got.shape, label).toEqual(want.shape);
  expect(errorOverReference(got.data, want.data), label).toBeLessThan(2e-6);
}

/** A random conv case whose output is at least 1x1. */
function convCase(rng: Rng, depthwise: boolean) {
  for (;;) {
    const n = rng.int(1, 3);
    const h = rng.int(3, 9);
    const w = rng.int(3, 9);
    const c = rng.int(1, 4);
    const f = depthwise ? rng.int(1, 3) : rng.int(1, 5);
    const fh = rng.int(1, 4);
    const fw = rng.int(1, 4);
    const strides: [number, number] = [rng.int(1, 3), rng.int(1, 3)];
    // TF.js defines no gradient for dilated convolutions (tf.grad asserts dilation 1), and cpu's
    // backprop kernels ignore dilations, so there is no reference to compare a dilated case with.
    const dilations: [number, number] = [1, 1];
    const padKinds: Pad[] = ['same', 'valid', 0, 1, 2];
    const padSpec = padKinds[rng.int(0, padKinds.length - 1)];
    const pad = typeof padSpec === 'number' ? explicit(padSpec) : padSpec;
    const fshape = [fh, fw, c, f];
    try {
      const info = tf.backend_util.computeConv2DInfo([n, h, w, c], fshape as [number, number, number, number], strides, dilations, pad as 'same', 'floor', depthwise);
      if (info.outHeight < 1 || info.outWidth < 1) continue;
      return { xShape: [n, h, w, c], fshape, yShape: info.outShape as number[], strides, dilations, pad, label: `x ${[n, h, w, c]} f ${fshape} s ${strides} d ${dilations} pad ${JSON.stringify(padSpec)}` };
    } catch {
      continue;
    }
  }
}

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** Random inputs for a stride-1 convolution case: x, filter, bias, dy of the output's shape, and the attrs. */
function stride1Case(rng: Rng, k: { n: number; h: number; w: number; c: number; f: number; fh?: number; fw?: number; padSpec: Pad }) {
  const { n, h, w, c, f, fh = 3, fw = 3, padSpec } = k;
  const pad = typeof padSpec === 'number' ? explicit(padSpec) : padSpec;
  const xShape = [n, h, w, c];
  const fshape = [fh, fw, c, f];
  const info = tf.backend_util.computeConv2DInfo(xShape as Shape4, fshape as Shape4, 1, 1, pad as 'same');
  const outShape = info.outShape as number[];
  return {
    info, xShape, fshape,
    label: `x ${xShape} f ${fshape} pad ${JSON.stringify(padSpec)}`,
    x: { data: normals(rng, size(xShape)), shape: xShape },
    filter: { data: normals(rng, size(fshape)), shape: fshape },
    bias: { data: normals(rng, f), shape: [f] },
    dy: { data: normals(rng, size(outShape)), shape: outShape },
    common: { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: 'floor' },
  };
}

/** Conv2D, FusedConv2D with ReLU and linear, and Conv2DBackpropInput of a case against cpu. */
async function compareForwardAndDx(k: ReturnType<typeof stride1Case>): Promise<void> {
  const { x, filter, bias, dy, common, label } = k;
  await compareKernel('Conv2D', { x, filter }, common, `Conv2D ${label}`);
  await compareKernel('FusedConv2D', { x, filter, bias }, { ...common, activation: 'relu' }, `FusedConv2D relu ${label}`);
  await compareKernel('FusedConv2D', { x, filter, bias }, { ...common, activation: 'linear' }, `FusedConv2D linear ${label}`);
  await compareKernel('Conv2DBackpropInput', { dy, filter }, { ...common, inputShape: k.xShape }, `dx ${label}`);
}

beforeAll(async () => {
  await useBackend('wasm'); // registers GradBook's kernels
  await tf.setBackend('cpu');
});

afterAll(async () => {
  setWasmPatchBudget(1 << 22);
  await tf.setBackend('cpu');
});

describe('GradBook wasm kernels match cpu', () => {
  it('are registered for wasm', () => {
    for (const k of WASM_TRAINING_KERNELS) expect(tf.getKernel(k, 'wasm'), k).toBeDefined();
  });

  for (const budget of [1 << 22, 50]) {
    it(`Conv2DBackpropFilter and Conv2DBackpropInput on 40 random cases (patch budget ${budget})`, async () => {
      setWasmPatchBudget(budget);
      const rng = createRng(`conv-${budget}`);
      for (let t = 0; t < 40; t++) {
        const k = convCase(rng, false);
        const common = { strides: k.strides, pad: k.pad, dataFormat: 'NHWC', dimRoundingMode: 'floor' };
        const x = { data: normals(rng, size(k.xShape)), shape: k.xShape };
        const dy = { data: normals(rng, size(k.yShape)), shape: k.yShape };
        const filter = { data: normals(rng, size(k.fshape)), shape: k.fshape };
        await compareKernel('Conv2DBackpropFilter', { x, dy }, { ...common, filterShape: k.fshape }, `dw ${k.label}`);
        await compareKernel('Conv2DBackpropInput', { dy, filter }, { ...common, inputShape: k.xShape }, `dx ${k.label}`);
      }
      setWasmPatchBudget(1 << 22);
    });
  }

  for (const budget of [1 << 22, 200]) {
    it(`3x3 stride-1 Conv2D, FusedConv2D (bias, ReLU) and Conv2DBackpropInput through Winograd on 30 random cases and conv2 of the reference CNN (patch budget ${budget}, conv_cn and wino_conv off: XNNPACK's products)`, async () => {
      setWasmPatchBudget(budget);
      setConvCnDisabled(true);
      setOwnWinogradDisabled(true);
      const rng = createRng(`winograd-${budget}`);
      const padKinds: Pad[] = ['same', 'valid', 0, 1, 2];
      const cases = Array.from({ length: 30 }, () => {
        const padSpec = padKinds[rng.int(0, padKinds.length - 1)];
        return { n: rng.int(1, 3), h: rng.int(3, 11), w: rng.int(3, 11), c: 4 * rng.int(1, 5), f: 4 * rng.int(1, 5), padSpec };
      });
      cases.push({ n: 64, h: 14, w: 14, c: 16, f: 32, padSpec: 'same' });
      for (const c of cases) {
        const k = stride1Case(rng, c);
        const runs = winogradConvCount();
        await compareForwardAndDx(k);
        expect(winogradConvCount() - runs, k.label).toBe(4);
      }
      setConvCnDisabled(false);
      setOwnWinogradDisabled(false);
      setWasmPatchBudget(1 << 22);
    });
  }

  it('one-channel Conv2D and FusedConv2D (conv_c1: stride 1, F a multiple of 16) on 30 random cases and conv1 of the reference CNN', async () => {
    const rng = createRng('conv-c1');
    const padKinds: Pad[] = ['same', 'valid', 0, 1, 2];
    const cases = Array.from({ length: 30 }, () => ({
      n: rng.int(1, 3), h: rng.int(4, 11), w: rng.int(4, 11), f: 16 * rng.int(1, 2), fh: rng.int(1, 4), fw: rng.int(1, 4),
      padSpec: padKinds[rng.int(0, padKinds.length - 1)],
    }));
    cases.push({ n: 64, h: 28, w: 28, f: 16, fh: 3, fw: 3, padSpec: 'same' });
    for (const { n, h, w, f, fh, fw, padSpec } of cases) {
      const pad = typeof padSpec === 'number' ? explicit(padSpec) : padSpec;
      const xShape = [n, h, w, 1];
      const fshape = [fh, fw, 1, f];
      const label = `x ${xShape} f ${fshape} pad ${JSON.stringify(padSpec)}`;
      const x = { data: normals(rng, size(xShape)), shape: xShape };
      const filter = { data: normals(rng, size(fshape)), shape: fshape };
      const bias = { data: normals(rng, f), shape: [f] };
      const common = { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: 'floor' };
      const runs = convC1Count();
      await compareKernel('Conv2D', { x, filter }, common, `Conv2D ${label}`);
      await compareKernel('FusedConv2D', { x, filter, bias }, { ...common, activation: 'relu' }, `FusedConv2D relu ${label}`);
      await compareKernel('FusedConv2D', { x, filter, bias }, { ...common, activation: 'linear' }, `FusedConv2D linear ${label}`);
      expect(convC1Count() - runs, label).toBe(3);
    }
    // F not a multiple of 16, a stride: XNNPACK
    const runs = convC1Count();
    const x = { data: normals(rng, 2 * 7 * 7), shape: [2, 7, 7, 1] };
    await compareKernel('Conv2D', { x, filter: { data: normals(rng, 9 * 8), shape: [3, 3, 1, 8] } }, { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1] }, 'F 8');
    await compareKernel('Conv2D', { x, filter: { data: normals(rng, 9 * 16), shape: [3, 3, 1, 16] } }, { strides: [2, 2], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1] }, 'stride 2');
    setConvC1Disabled(true);
    try {
      await compareKernel('Conv2D', { x, filter: { data: normals(rng, 9 * 16), shape: [3, 3, 1, 16] } }, { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1] }, 'conv_c1 off');
    } finally {
      setConvC1Disabled(false);
    }
    expect(convC1Count()).toBe(runs);
  });

  it('Conv2D, FusedConv2D, Conv2DBackpropInput (conv_cn) and Conv2DBackpropFilter (bpf_cn, C even) with F a multiple of 16, stride 1, on 30 random cases and conv2 of the reference CNN', async () => {
    const rng = createRng('conv-cn');
    setOwnWinogradDisabled(true); // 3x3 ones would take wino_conv
    const padKinds: Pad[] = ['same', 'valid', 0, 1, 2];
    const cases = Array.from({ length: 30 }, () => ({
      n: rng.int(1, 3), h: rng.int(3, 10), w: rng.int(3, 10), c: rng.int(2, 20), f: 16 * rng.int(1, 2), fh: rng.int(1, 4), fw: rng.int(1, 4),
      padSpec: padKinds[rng.int(0, padKinds.length - 1)],
    }));
    cases.push({ n: 64, h: 14, w: 14, c: 16, f: 32, fh: 3, fw: 3, padSpec: 'same' });
    for (const c of cases) {
      const { n, fh, fw } = c;
      const k = stride1Case(rng, c);
      const { info, x, dy, common, label } = k;
      if (info.outHeight < 1 || info.outWidth < 1) continue;
      const runs = convCnCount();
      await compareForwardAndDx(k);
      // dx is conv_cn over dy's F channels into C outputs: C must be a multiple of 16 there
      const { top, bottom, left, right } = info.padInfo;
      const dxByCn = c.c % 16 === 0 && fh - 1 >= Math.max(top, bottom) && fw - 1 >= Math.max(left, right);
      // (conv2's own dw sums 12,544 products: cpu's float32 loop is itself that far from the exact sums)
      if (n < 64) await compareKernel('Conv2DBackpropFilter', { x, dy }, { ...common, filterShape: k.fshape }, `dw ${label}`);
      expect(convCnCount() - runs, label).toBe(3 + (dxByCn ? 1 : 0) + (n < 64 && c.c % 2 === 0 ? 1 : 0));
    }
    // stride 2, F not a multiple of 16, conv_cn off: not taken
    const runs = convCnCount();
    const x = { data: normals(rng, 2 * 7 * 7 * 8), shape: [2, 7, 7, 8] };
    await compareKernel('Conv2D', { x, filter: { data: normals(rng, 9 * 8 * 16), shape: [3, 3, 8, 16] } }, { strides: [2, 2], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1] }, 'stride 2');
    await compareKernel('Conv2D', { x, filter: { data: normals(rng, 9 * 8 * 8), shape: [3, 3, 8, 8] } }, { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1] }, 'F 8');
    setConvCnDisabled(true);
    setBpfCnDisabled(true);
    try {
      await compareKernel('Conv2D', { x, filter: { data: normals(rng, 9 * 8 * 16), shape: [3, 3, 8, 16] } }, { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1] }, 'conv_cn off');
      await compareKernel('Conv2DBackpropFilter', { x, dy: { data: normals(rng, 2 * 7 * 7 * 16), shape: [2, 7, 7, 16] } }, { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 8, 16] }, 'bpf_cn off');
    } finally {
      setConvCnDisabled(false);
      setBpfCnDisabled(false);
      setOwnWinogradDisabled(false);
    }
    expect(convCnCount()).toBe(runs);
  });

  it('3x3 stride-1 Conv2D, FusedConv2D and Conv2DBackpropInput by Winograd with GradBook\'s own products (wino_conv: C a multiple of 4, F of 16) on 30 random cases and conv2 of the reference CNN', async () => {
    const rng = createRng('wino-conv');
    const padKinds: Pad[] = ['same', 'valid', 0, 1, 2];
    const cases = Array.from({ length: 30 }, () => ({
      n: rng.int(1, 9), h: rng.int(3, 12), w: rng.int(3, 12), c: 4 * rng.int(1, 8), f: 16 * rng.int(1, 2), padSpec: padKinds[rng.int(0, padKinds.length - 1)],
    }));
    cases.push({ n: 64, h: 14, w: 14, c: 16, f: 32, padSpec: 'same' });
    for (const c of cases) {
      const k = stride1Case(rng, c);
      if (k.info.outHeight < 1 || k.info.outWidth < 1) continue;
      const runs = winogradConvCount();
      await compareForwardAndDx(k);
      // (dx with C not a multiple of 16 takes the Winograd with XNNPACK's products, one thread)
      const { top, bottom, left, right } = k.info.padInfo;
      const dxByWino = [top, bottom, left, right].every((p) => p <= 2);
      expect(winogradConvCount() - runs, k.label).toBe(3 + (dxByWino ? 1 : 0));
    }
  });

  it('with a thread pool and no helper threads (Node), forward and input-gradient convolutions stay with XNNPACK (GradBook\'s would run on one thread), the filter gradient does not', async () => {
    restoreStockWasmKernels();
    registerWasmTrainingKernels({ threads: () => 2 });
    try {
      const rng = createRng('conv-threads');
      const common = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: 'floor' };
      const [w1, c1, cn1] = [winogradConvCount(), convC1Count(), convCnCount()];
      const x = { data: normals(rng, 2 * 6 * 6 * 8), shape: [2, 6, 6, 8] };
      const filter = { data: normals(rng, 9 * 8 * 8), shape: [3, 3, 8, 8] };
      await compareKernel('Conv2D', { x, filter }, common, 'Conv2D, 2 threads');
      await compareKernel('Conv2DBackpropInput', { dy: x, filter }, { ...common, inputShape: [2, 6, 6, 8] }, 'dx, 2 threads');
      const x1 = { data: normals(rng, 2 * 6 * 6), shape: [2, 6, 6, 1] };
      await compareKernel('Conv2D', { x: x1, filter: { data: normals(rng, 9 * 16), shape: [3, 3, 1, 16] } }, common, 'conv_c1, 2 threads');
      const x16 = { data: normals(rng, 2 * 6 * 6 * 16), shape: [2, 6, 6, 16] };
      await compareKernel('Conv2D', { x: x16, filter: { data: normals(rng, 9 * 16 * 16), shape: [3, 3, 16, 16] } }, common, 'conv_cn, 2 threads');
      expect([winogradConvCount(), convC1Count(), convCnCount()]).toEqual([w1, c1, cn1]);
      // bpf_cn (one thread) beats patches + XNNPACK's GEMM on two: taken anyway
      await compareKernel('Conv2DBackpropFilter', { x: x16, dy: x16 }, { ...common, filterShape: [3, 3, 16, 16] }, 'bpf_cn, 2 threads');
      expect(convCnCount()).toBe(cn1 + 1);
    } finally {
      restoreStockWasmKernels();
      registerWasmTrainingKernels({ threads: () => 1 });
    }
  });

  it('convolutions Winograd does not cover (other filters, strides, channel counts, activations) still match cpu', async () => {
    const rng = createRng('winograd-not');
    const cases = [
      { xShape: [2, 7, 6, 3], fshape: [3, 3, 3, 8], strides: [1, 1], act: 'relu' },
      { xShape: [2, 7, 6, 8], fshape: [3, 3, 8, 6], strides: [1, 1], act: 'relu' },
      { xShape: [2, 7, 6, 8], fshape: [3, 3, 8, 8], strides: [2, 2], act: 'linear' },
      { xShape: [2, 7, 6, 8], fshape: [5, 5, 8, 8], strides: [1, 1], act: 'relu' },
      { xShape: [2, 7, 6, 8], fshape: [3, 3, 8, 8], strides: [1, 1], act: 'elu' },
    ];
    for (const k of cases) {
      const runs = winogradConvCount();
      const x = { data: normals(rng, size(k.xShape)), shape: k.xShape };
      const filter = { data: normals(rng, size(k.fshape)), shape: k.fshape };
      const bias = { data: normals(rng, k.fshape[3]), shape: [k.fshape[3]] };
      const common = { strides: k.strides, pad: 'same', dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: 'floor' };
      await compareKernel('FusedConv2D', { x, filter, bias }, { ...common, activation: k.act }, `FusedConv2D ${JSON.stringify(k)}`);
      expect(winogradConvCount(), JSON.stringify(k)).toBe(runs);
    }
  });

  it('setWinogradDisabled sends 3x3 stride-1 convolutions to XNNPACK (same values within rounding)', async () => {
    const rng = createRng('winograd-off');
    const x = { data: normals(rng, 2 * 9 * 9 * 8), shape: [2, 9, 9, 8] };
    const filter = { data: normals(rng, 9 * 8 * 12), shape: [3, 3, 8, 12] };
    const common = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1] };
    setWinogradDisabled(true);
    try {
      const runs = winogradConvCount();
      await compareKernel('Conv2D', { x, filter }, common, 'Conv2D without Winograd');
      expect(winogradConvCount()).toBe(runs);
    } finally {
      setWinogradDisabled(false);
    }
  });

  it('Conv2DBackpropFilter with C a multiple of 4 (SIMD patches) or F a multiple of 4 and C < 4 (direct) on 40 random cases', async () => {
    const rng = createRng('conv-simd');
    for (let t = 0; t < 40; t++) {
      const k = convCase(rng, false);
      const direct = t % 2 === 1;
      const c = direct ? rng.int(1, 3) : 4 * rng.int(1, 4);
      const f = direct ? 4 * rng.int(1, 4) : k.fshape[3];
      const xShape = [k.xShape[0], k.xShape[1], k.xShape[2], c];
      const fshape = [k.fshape[0], k.fshape[1], c, f];
      k.yShape = [...k.yShape.slice(0, 3), f];
      const common = { strides: k.strides, pad: k.pad, dataFormat: 'NHWC', dimRoundingMode: 'floor' };
      const x = { data: normals(rng, size(xShape)), shape: xShape };
      const dy = { data: normals(rng, size(k.yShape)), shape: k.yShape };
      await compareKernel('Conv2DBackpropFilter', { x, dy }, { ...common, filterShape: fshape }, `dw C=${c} ${k.label}`);
    }
  });

  it('Conv2DBackpropFilter with one input channel, stride 1 and F a multiple of 16 (bpf_c1) on 20 random cases and conv1 of the reference CNN', async () => {
    const rng = createRng('conv-c1');
    const cases: { xShape: number[]; fshape: number[]; pad: unknown; label: string }[] = [
      { xShape: [64, 28, 28, 1], fshape: [3, 3, 1, 16], pad: 'same', label: 'reference conv1' },
    ];
    for (let t = 0; t < 20; t++) {
      const padKinds: Pad[] = ['same', 'valid', 0, 1, 2];
      const padSpec = padKinds[rng.int(0, padKinds.length - 1)];
      const xShape = [rng.int(1, 3), rng.int(3, 9), rng.int(3, 9), 1];
      const fshape = [rng.int(1, 4), rng.int(1, 4), 1, 16 * rng.int(1, 2)];
      if (padSpec === 'valid' && (fshape[0] > xShape[1] || fshape[1] > xShape[2])) continue;
      cases.push({ xShape, fshape, pad: typeof padSpec === 'number' ? explicit(padSpec) : padSpec, label: `x ${xShape} f ${fshape} pad ${JSON.stringify(padSpec)}` });
    }
    for (const c of cases) {
      const info = tf.backend_util.computeConv2DInfo(c.xShape as [number, number, number, number], c.fshape as [number, number, number, number], 1, 1, c.pad as 'same');
      const x = { data: normals(rng, size(c.xShape)), shape: c.xShape };
      const dy = { data: normals(rng, size(info.outShape)), shape: info.outShape as number[] };
      const attrs = { strides: 1, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: 'floor', filterShape: c.fshape };
      await compareKernel('Conv2DBackpropFilter', { x, dy }, attrs, `dw ${c.label}`);
      // and bpf_direct, the loop it replaces for these shapes, still does on small shapes (on the
      // reference conv1, 50,176 terms a sum, its one running sum per entry is 5e-6 off cpu's values,
      // bpf_c1's per-image sums within 2e-6)
      if (c.xShape[0] > 3) continue;
      setDirectC1Disabled(true);
      try {
        await compareKernel('Conv2DBackpropFilter', { x, dy }, attrs, `dw (bpf_direct) ${c.label}`);
      } finally {
        setDirectC1Disabled(false);
      }
    }
  });

  it('DepthwiseConv2dNativeBackpropFilter and ...BackpropInput on 40 random cases', async () => {
    const rng = createRng('depthwise');
    for (let t = 0; t < 40; t++) {
      const k = convCase(rng, true);
      const common = { strides: k.strides, dilations: k.dilations, pad: k.pad, dimRoundingMode: 'floor' };
      const x = { data: normals(rng, size(k.xShape)), shape: k.xShape };
      const dy = { data: normals(rng, size(k.yShape)), shape: k.yShape };
      const filter = { data: normals(rng, size(k.fshape)), shape: k.fshape };
      await compareKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...common, filterShape: k.fshape }, `dw ${k.label}`);
      await compareKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter }, { ...common, inputShape: k.xShape }, `dx ${k.label}`);
    }
  });

  it('MaxPool (2x2 stride 2 with C a multiple of 4 in fused.wat, else stock) on 20 random cases, NaN and all-NaN windows included', async () => {
    const rng = createRng('maxpool-fwd');
    const cases: [number[], Pad, [number, number]][] = [
      [[64, 28, 28, 16], 'valid', [2, 2]], [[3, 7, 9, 8], 'valid', [2, 2]], [[2, 6, 6, 4], 'same', [2, 2]], [[2, 5, 5, 3], 'valid', [2, 2]],
    ];
    for (let t = 0; t < 16; t++) cases.push([[rng.int(1, 2), rng.int(2, 9), rng.int(2, 9), 4 * rng.int(1, 3)], (['valid', 'same'] as Pad[])[rng.int(0, 1)], [rng.int(1, 3), rng.int(1, 3)]]);
    for (const [shape, pad, filterSize] of cases) {
      const data = normals(rng, size(shape));
      const attrs = { filterSize, strides: filterSize, pad, dimRoundingMode: 'floor' };
      if (shape[0] === 3) {
        // (the 3x7x9x8 case) window (0, 0): channel 0 all NaN (cpu gives −inf), channel 1 one NaN (ignored)
        const [C, row] = [shape[3], shape[2] * shape[3]];
        for (const i of [0, C, row, row + C]) data[i] = NaN;
        data[1] = NaN;
        const want = await onBackend('cpu', 'MaxPool', { x: { data, shape } }, attrs);
        const got = await onBackend('wasm', 'MaxPool', { x: { data, shape } }, attrs);
        expect(got.data[0]).toBe(-Infinity);
        expect(Array.from(got.data)).toEqual(Array.from(want.data));
        continue;
      }
      await compareKernel('MaxPool', { x: { data, shape } }, attrs, `maxPool ${shape} ${filterSize} ${pad}`);
    }
  });

  it('MaxPoolGrad on 30 random cases, negative maxima included', async () => {
    const rng = createRng('maxpool');
    // The 2x2, stride-2 'valid' pooling of the reference CNN has a fast path of its own.
    const fixed: [number, number, number, number, [number, number], [number, number], Pad][] = [
      [2, 8, 8, 3, [2, 2], [2, 2], 'valid'],
      [2, 7, 5, 2, [2, 2], [2, 2], 'valid'],
      [1, 7, 5, 2, [2, 2], [2, 2], 'same'],
      // C a multiple of 4: fused.wat's SIMD version (odd sizes leave rows and columns uncovered).
      [2, 8, 8, 4, [2, 2], [2, 2], 'valid'],
      [3, 7, 9, 8, [2, 2], [2, 2], 'valid'],
      [2, 6, 6, 16, [2, 2], [2, 2], 'valid'],
    ];
    for (let t = 0; t < 33; t++) {
      const random = () => {
        const h = rng.int(2, 8);
        const w = rng.int(2, 8);
        return [rng.int(1, 2), h, w, rng.int(1, 3), [rng.int(1, Math.min(3, h)), rng.int(1, Math.min(3, w))], [rng.int(1, 3), rng.int(1, 3)], (['same', 'valid', 0, 1] as Pad[])[rng.int(0, 3)]] as (typeof fixed)[number];
      };
      const [n, h, w, c, filterSize, strides, pad] = t < fixed.length ? fixed[t] : random();
      if (typeof pad === 'number' && (pad * 2 > filterSize[0] || pad * 2 > filterSize[1])) continue;
      const xShape = [n, h, w, c];
      // Shifted down so that many windows have a negative maximum (stock wasm's bug); the last
      // fixed case is rounded to integers, so that windows tie (the first maximum wins, as on cpu).
      const xData = normals(rng, size(xShape)).map((v) => (t === fixed.length - 1 ? Math.round(v) : v) - 1);
      const out = await (async () => {
        await tf.setBackend('cpu');
        const x = tf.tensor4d(xData, xShape as [number, number, number, number]);
        const y = tf.maxPool(x, filterSize, strides, pad as 'same');
        const r = { data: (await y.data()) as Float32Array, shape: y.shape as number[] };
        tf.dispose([x, y]);
        return r;
      })();
      const dy = { data: normals(rng, size(out.shape)), shape: out.shape };
      await compareKernel(
        'MaxPoolGrad',
        { dy, input: { data: xData, shape: xShape }, output: out },
        { filterSize, strides, pad, dimRoundingMode: 'floor' },
        `maxPoolGrad x ${xShape} f ${filterSize} s ${strides} pad ${pad}`,
      );
    }
  });

  it('BatchMatMul with transposed operands (transposed first, then XNNPACK)', async () => {
    const rng = createRng('matmul');
    for (const [batch, m, k, n] of [[1, 5, 7, 3], [2, 4, 6, 8], [3, 1, 9, 2]]) {
      for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
        const a = { data: normals(rng, batch * m * k), shape: ta ? [batch, k, m] : [batch, m, k] };
        const b = { data: normals(rng, batch * k * n), shape: tb ? [batch, n, k] : [batch, k, n] };
        await compareKernel('BatchMatMul', { a, b }, { transposeA: ta, transposeB: tb }, `matmul ${[batch, m, k, n]} ${ta} ${tb}`);
      }
    }
  });

  it('Tile, Sum, Mean and FusedBatchNorm (fast paths and fallbacks)', async () => {
    const rng = createRng('misc');
    const x = { data: normals(rng, 2 * 3 * 4 * 5), shape: [2, 3, 4, 5] };
    const v = (shape: number[], shift = 0) => ({ data: normals(rng, size(shape)).map((a) => a + shift), shape });
    for (const reps of [[1, 1, 1, 1], [2, 1, 3, 1], [1, 2, 1, 2], [3, 2, 2, 1]]) {
      await compareKernel('Tile', { x }, { reps }, `tile ${reps}`);
    }
    await compareKernel('Tile', { x: v([1, 1, 1, 4]) }, { reps: [3, 5, 2, 1] }, 'tile vector');
    for (const kind of ['Sum', 'Mean']) {
      for (const axis of [[0], [0, 1], [0, 1, 2], [1], [2, 3], [0, 2], [-1], [0, 1, 2, 3]]) {
        for (const keepDims of [false, true]) {
          await compareKernel(kind, { x }, { axis, keepDims }, `${kind} ${axis} ${keepDims}`);
        }
      }
    }
    const C = 5;
    const variance = v([C], 0).data.map((a) => Math.abs(a) + 0.1);
    await compareKernel('FusedBatchNorm', { x, mean: v([C]), variance: { data: variance, shape: [C] }, offset: v([C]), scale: v([C]) }, { varianceEpsilon: 1e-3 }, 'bn 1d params');
    await compareKernel('FusedBatchNorm', { x, mean: v([1, 1, 1, C]), variance: { data: variance, shape: [1, 1, 1, C] } }, { varianceEpsilon: 1e-5 }, 'bn no scale/offset');
  });
});

/** Spatial batchnorm (train) forward + backward and ReLU backward on a backend, as plain arrays. */
async function bnAndRelu(backend: 'cpu' | 'wasm', shape: number[], seed: string): Promise<Record<string, Float32Array>> {
  await tf.setBackend(backend);
  const rng = createRng(seed);
  const c = shape[3];
  const x = tf.tensor4d(normals(rng, size(shape)).map((a) => 3 * a + 2), shape as [number, number, number, number]);
  const dout = tf.tensor(normals(rng, size(shape)), shape);
  const gamma = tf.tensor1d(normals(rng, c));
  const beta = tf.tensor1d(normals(rng, c));
  const runningMean = tf.tensor1d(normals(rng, c));
  const runningVar = tf.tensor1d(normals(rng, c).map(Math.abs));
  const before = tf.memory().numTensors;
  const f = spatialBatchnormForward(x, gamma, beta, { mode: 'train', runningMean, runningVar, eps: 1e-5, momentum: 0.8 });
  const g = spatialBatchnormBackward(dout, f.cache);
  const r = reluForward(x);
  const dr = reluBackward(dout, r.cache);
  const fused = 'fused' in f.cache;
  const out: Record<string, Float32Array> = {};
  const named = { out: f.out, rm: f.runningMean, rv: f.runningVar, dx: g.dx, dgamma: g.dgamma, dbeta: g.dbeta, drelu: dr };
  for (const [k, t] of Object.entries(named)) out[k] = (await t.data()) as Float32Array;
  tf.dispose([...Object.values(named), r.out]);
  disposeCache(f.cache);
  disposeCache(r.cache);
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([x, dout, gamma, beta, runningMean, runningVar]);
  out.fused = new Float32Array([fused ? 1 : 0]);
  return out;
}

describe('GradBook wasm kernels split into parts, as helper threads run them (here one after another), match cpu', () => {
  beforeAll(() => setFusedSplitForTests(3));
  afterAll(() => setFusedSplitForTests(0));
  const same = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: 'floor' };

  it('conv_cn, bpf_cn, Winograd, conv_c1 and the other filter-gradient paths (images split; fewer images than parts too)', async () => {
    const rng = createRng('split-conv');
    /** FusedConv2D with ReLU and the input gradient (with `dw`, the filter gradient too) of a 3x3 'same' case. */
    const forwardDxDw = async (label: string, n: number, [h, w, c, f]: number[], dw: boolean) => {
      const k = stride1Case(rng, { n, h, w, c, f, padSpec: 'same' });
      await compareKernel('FusedConv2D', { x: k.x, filter: k.filter, bias: k.bias }, { ...k.common, activation: 'relu' }, `${label} n ${n}`);
      await compareKernel('Conv2DBackpropInput', { dy: k.dy, filter: k.filter }, { ...k.common, inputShape: k.xShape }, `${label} dx n ${n}`);
      if (dw) await compareKernel('Conv2DBackpropFilter', { x: k.x, dy: k.dy }, { ...k.common, filterShape: k.fshape }, `${label} dw n ${n}`);
    };
    for (const n of [1, 2, 5, 64]) {
      const big = n === 64 ? [14, 14, 16, 32] : null;
      let runs = winogradConvCount();
      await forwardDxDw('wino_conv', n, big ?? [7, 5, 16, 16], false);
      expect(winogradConvCount() - runs).toBe(2);
      setOwnWinogradDisabled(true);
      runs = convCnCount();
      await forwardDxDw('conv_cn', n, big ?? [7, 6, 16, 16], n < 64);
      expect(convCnCount() - runs).toBe(n < 64 ? 3 : 2);
      setConvCnDisabled(true);
      setBpfCnDisabled(true);
      const [h, w] = big ?? [7, 6];
      runs = winogradConvCount();
      // (conv2's own dw, sums of 12,544 products in XNNPACK's GEMM, is 3.4e-6 off cpu split or not)
      await forwardDxDw('Winograd, dw patches', n, big ?? [7, 6, 8, 12], n < 64);
      expect(winogradConvCount() - runs).toBe(2);
      const x1 = { data: normals(rng, n * h * w), shape: [n, h, w, 1] };
      const dy16 = { data: normals(rng, n * h * w * 16), shape: [n, h, w, 16] };
      const c1 = convC1Count();
      await compareKernel('FusedConv2D', { x: x1, filter: { data: normals(rng, 9 * 16), shape: [3, 3, 1, 16] }, bias: { data: normals(rng, 16), shape: [16] } }, { ...same, activation: 'relu' }, `conv_c1 n ${n}`);
      expect(convC1Count() - c1).toBe(1);
      await compareKernel('Conv2DBackpropFilter', { x: x1, dy: dy16 }, { ...same, filterShape: [3, 3, 1, 16] }, `dw bpf_c1 n ${n}`);
      const x2 = { data: normals(rng, n * h * w * 2), shape: [n, h, w, 2] };
      const dy8 = { data: normals(rng, n * h * w * 8), shape: [n, h, w, 8] };
      await compareKernel('Conv2DBackpropFilter', { x: x2, dy: dy8 }, { ...same, filterShape: [3, 3, 2, 8] }, `dw bpf_direct n ${n}`);
      setConvCnDisabled(false);
      setBpfCnDisabled(false);
      setOwnWinogradDisabled(false);
    }
  });

  it('MaxPoolGrad (2x2), Sum and Mean over leading axes, batchnorm and ReLU backward (rows split)', async () => {
    const rng = createRng('split-rows');
    for (const [n, h, w, c] of [[5, 8, 8, 8], [1, 7, 9, 4], [64, 28, 28, 16]]) {
      const xData = normals(rng, n * h * w * c).map((v) => v - 1);
      const [ho, wo] = [Math.floor(h / 2), Math.floor(w / 2)];
      const dy = { data: normals(rng, n * ho * wo * c), shape: [n, ho, wo, c] };
      const output = { data: new Float32Array(n * ho * wo * c), shape: [n, ho, wo, c] };
      await compareKernel('MaxPoolGrad', { dy, input: { data: xData, shape: [n, h, w, c] }, output }, { filterSize: [2, 2], strides: [2, 2], pad: 'valid' }, `maxPoolGrad ${[n, h, w, c]}`);
      for (const kind of ['Sum', 'Mean']) {
        await compareKernel(kind, { x: { data: xData, shape: [n, h, w, c] } }, { axis: [0, 1, 2], keepDims: false }, `${kind} ${[n, h, w, c]}`);
      }
    }
    for (const shape of [[5, 6, 7, 8], [3, 5, 7, 12], [1, 1, 1, 4]]) {
      const want = await bnAndRelu('cpu', shape, `split-bn-${shape}`);
      const got = await bnAndRelu('wasm', shape, `split-bn-${shape}`);
      for (const k of ['out', 'rm', 'rv', 'dx', 'dgamma', 'dbeta', 'drelu']) {
        expect(errorOverReference(got[k], want[k]), `${k} ${shape}`).toBeLessThan(k === 'dx' ? 1e-5 : 2e-6);
      }
    }
  });
});

describe("GradBook's fused kernels (spatial batchnorm train, ReLU backward) match cpu", () => {
  // C a multiple of 4 runs fused.wat's SIMD code, other C (and SIMD switched off) the JS loops.
  for (const simd of [true, false]) {
    for (const shape of [[64, 28, 28, 16], [3, 5, 7, 4], [2, 3, 5, 3], [4, 6, 2, 12], [2, 2, 2, 8]]) {
      it(`${shape.join('x')} ${simd ? 'SIMD' : 'JS loops'}`, async () => {
        const want = await bnAndRelu('cpu', shape, `bn-${shape}`);
        setFusedWasmDisabled(!simd);
        try {
          const got = await bnAndRelu('wasm', shape, `bn-${shape}`);
          expect(got.fused[0], 'the wasm path uses the fused kernels').toBe(1);
          for (const k of ['out', 'rm', 'rv', 'dx', 'dgamma', 'dbeta', 'drelu']) {
            expect(errorOverReference(got[k], want[k]), `${k} ${shape}`).toBeLessThan(k === 'dx' ? 1e-5 : 2e-6);
          }
        } finally {
          setFusedWasmDisabled(false);
        }
      });
    }
  }

  it('are not used under a gradient tape (they have no gradient): tf.grad of the forward pass works on wasm', async () => {
    await tf.setBackend('wasm');
    const x = tf.randomNormal([2, 3, 3, 4], 0, 1, 'float32', 3);
    const gamma = tf.ones([4]);
    const beta = tf.zeros([4]);
    const g = tf.grad((t: tf.Tensor) => {
      const r = spatialBatchnormForward(t, gamma, beta, { mode: 'train' });
      expect('fused' in r.cache).toBe(false);
      return tf.sum(tf.square(r.out));
    })(x);
    expect(g.shape).toEqual([2, 3, 3, 4]);
    tf.dispose([x, gamma, beta, g]);
  });
});

describe("GradBook's fused Adam update (GradBookAdam)", () => {
  /** Three Adam steps from seeded values (moments from the first step on); the last step's m, v, param. */
  async function adamRun(backend: 'cpu' | 'wasm', n: number): Promise<{ m: Float32Array; v: Float32Array; p: Float32Array; fused: number }> {
    await tf.setBackend(backend);
    const rng = createRng(`adam-${n}`);
    let p: tf.Tensor = tf.tensor1d(normals(rng, n));
    let moments: tf.Tensor[] | undefined;
    let fused = 0;
    const before = tf.memory().numTensors;
    for (let t = 1; t <= 3; t++) {
      // Gradients over many magnitudes (and exact zeros), as in training.
      const gv = normals(rng, n).map((x, i) => (i % 7 === 0 ? 0 : x * 10 ** rng.int(-6, 2)));
      const g = tf.tensor1d(gv);
      let out: [tf.Tensor, tf.Tensor, tf.Tensor] | undefined;
      const profile = await tf.profile(() => {
        out = adamStep(p, g, moments, t, 1e-3, 1e-7);
        return out;
      });
      fused += profile.kernels.filter((k) => k.name === ADAM_UPDATE).length;
      if (moments) tf.dispose(moments);
      p.dispose();
      g.dispose();
      moments = [out![0], out![1]];
      p = out![2];
    }
    const res = { m: (await moments![0].data()) as Float32Array, v: (await moments![1].data()) as Float32Array, p: (await p.data()) as Float32Array, fused };
    tf.dispose([...moments!, p]);
    expect(tf.memory().numTensors).toBe(before - 1);
    return res;
  }

  for (const n of [16, 4608, 15690, 13]) {
    it(`n = ${n}: the same bits as the op path on wasm, SIMD and JS loops, and cpu's values`, async () => {
      // The op path on wasm: GradBook's kernels removed (the stock ones back), then installed again.
      restoreStockWasmKernels();
      let ops;
      try {
        ops = await adamRun('wasm', n);
      } finally {
        registerWasmTrainingKernels();
      }
      expect(ops.fused).toBe(0);
      const want = await adamRun('cpu', n);
      for (const simd of [true, false]) {
        setFusedWasmDisabled(!simd);
        try {
          const got = await adamRun('wasm', n);
          expect(got.fused, 'the fused kernel ran (steps 2 and 3)').toBe(2);
          for (const k of ['m', 'v', 'p'] as const) {
            expect(Array.from(got[k]), `${k} bitwise as wasm's ops (${simd ? 'SIMD' : 'JS'})`).toEqual(Array.from(ops[k]));
            expect(errorOverReference(got[k], want[k]), `${k} vs cpu`).toBeLessThan(2e-6);
          }
        } finally {
          setFusedWasmDisabled(false);
        }
      }
    });
  }
});

/** The reference CNN's structure at a small size, with tf.layers. */
function layersModel(seed: number): tf.LayersModel {
  const init = (s: number) => tf.initializers.glorotUniform({ seed: seed + s });
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [12, 12, 1], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) }),
      tf.layers.batchNormalization(),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', depthMultiplier: 2, depthwiseInitializer: init(2) }),
      tf.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'valid', activation: 'relu', kernelInitializer: init(3) }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3, kernelInitializer: init(4) }),
    ],
  });
}

async function layersLosses(backend: 'cpu' | 'wasm'): Promise<number[]> {
  await tf.setBackend(backend);
  const rng = createRng('layers-data');
  const x = tf.tensor4d(normals(rng, 8 * 12 * 12), [8, 12, 12, 1]);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32'), 3);
  const model = layersModel(7);
  model.compile({ optimizer: tf.train.adam(1e-2), loss: tf.losses.softmaxCrossEntropy });
  const losses: number[] = [];
  for (let i = 0; i < 6; i++) losses.push(Number(await model.trainOnBatch(x, y)));
  model.dispose();
  tf.dispose([x, y]);
  return losses;
}

/** The loss of each of `steps` training steps, and the tensor count after each. */
async function trainCurve(steps: number, step: () => Promise<number>): Promise<{ losses: number[]; counts: number[] }> {
  const losses: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < steps; i++) {
    losses.push(await step());
    counts.push(tf.memory().numTensors);
  }
  return { losses, counts };
}

/** The cpu curve falls, and wasm's follows it step by step. */
function expectSameCurve(want: number[], got: number[]): void {
  expect(want[want.length - 1]).toBeLessThan(want[0]);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i]), `step ${i}: ${got[i]} vs ${want[i]}`).toBeLessThan(1e-4 * Math.max(1, want[i]));
}

describe('training on wasm', () => {
  it('tf.grad of conv2d (stride 2, explicit pad), depthwise and maxPool agrees with cpu', async () => {
    const rng = createRng('grad');
    const xd = normals(rng, 2 * 9 * 8 * 3);
    const wd = normals(rng, 3 * 2 * 3 * 4);
    const dd = normals(rng, 2 * 2 * 4 * 2);
    const run = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend);
      const x = tf.tensor4d(xd, [2, 9, 8, 3]);
      const w = tf.tensor4d(wd, [3, 2, 3, 4]);
      const d = tf.tensor4d(dd, [2, 2, 4, 2]);
      const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => {
        const y = tf.relu(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, [[0, 0], [1, 1], [0, 1], [0, 0]]));
        const z = tf.depthwiseConv2d(tf.maxPool(tf.sub(y, 1) as tf.Tensor4D, 2, 1, 'same'), c as tf.Tensor4D, 1, 'same');
        return tf.sum(tf.square(z));
      };
      const gs = tf.grads(f)([x, w, d]);
      const out = await Promise.all(gs.map((g) => g.data()));
      tf.dispose([x, w, d, ...gs]);
      return out;
    };
    const want = await run('cpu');
    const got = await run('wasm');
    for (let i = 0; i < want.length; i++) expect(errorOverReference(got[i], want[i]), `grad ${i}`).toBeLessThan(1e-5);
  });

  it('a tf.layers model trains on wasm with the same losses as on cpu', async () => {
    const want = await layersLosses('cpu');
    const got = await layersLosses('wasm');
    expect(want[5]).toBeLessThan(want[0]);
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i]), `step ${i}`).toBeLessThan(1e-4 * Math.max(1, Math.abs(want[i])));
  });

  it('ConvNet (the training cell model) gives the same loss curve on wasm as on cpu for the same seed', async () => {
    const curve = async (backend: 'cpu' | 'wasm') => {
      await useBackend(backend);
      const rng = createRng('convnet-data');
      const x = tf.tensor4d(normals(rng, 16 * 28 * 28), [16, 28, 28, 1]);
      const labels = Array.from({ length: 16 }, (_, i) => i % 10);
      const net = new ConvNet({ depth: 2, width: 8, dropout: 0.5, batchnorm: true, optimizer: 'adam', lr: 1e-3, seed: 11 });
      const { losses, counts } = await trainCurve(8, () => net.trainStep(x, labels));
      net.dispose();
      x.dispose();
      expect(new Set(counts.slice(1)).size, 'tensor count flat').toBe(1);
      return losses;
    };
    expectSameCurve(await curve('cpu'), await curve('wasm'));
  });
});

describe('the reference CNN (src/nn/referenceModel.ts)', () => {
  it('ReferenceNet (explicit backward) gives the same loss curve on wasm as on cpu, with a flat tensor count', async () => {
    const { ReferenceNet, referenceBatch } = await import('../../../src/nn/referenceModel');
    const curve = async (backend: 'cpu' | 'wasm') => {
      await useBackend(backend);
      const { x, y } = referenceBatch(4, 3);
      const labels = [3, 1, 4, 1];
      const net = new ReferenceNet(2);
      const { losses, counts } = await trainCurve(4, () => net.trainStep(x, labels));
      net.dispose();
      tf.dispose([x, y]);
      expect(new Set(counts.slice(1)).size, 'tensor count flat').toBe(1);
      return losses;
    };
    expectSameCurve(await curve('cpu'), await curve('wasm'));
  });
});

describe("GradBook's fused dropout (GradBookDropout)", () => {
  async function dropoutRun(backend: 'cpu' | 'wasm', shape: number[], keepProb: number, seed: number | string) {
    await tf.setBackend(backend);
    const rng = createRng(`dropout-${shape}`);
    const x = tf.tensor(normals(rng, size(shape)), shape);
    const before = tf.memory().numTensors;
    let names: string[] = [];
    let r!: ReturnType<typeof dropoutForward>;
    const info = await tf.profile(() => {
      r = dropoutForward(x, { keepProb, mode: 'train', seed });
      return [r.out, r.cache.mask!];
    });
    names = info.kernels.map((k) => k.name);
    const out = (await r.out.data()) as Float32Array;
    const mask = (await r.cache.mask!.data()) as Float32Array;
    tf.dispose(r.out);
    disposeCache(r.cache);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    return { out, mask, names };
  }

  it('aleaJump(state, k) is the state after k draws (seedrandom\'s Alea), for k from 0 to 10,000', () => {
    for (const seed of ['1', 'abc', '0.123456789', '42']) {
      const prng = seedrandom.alea(seed, { state: true });
      const start = prng.state() as unknown as Parameters<typeof aleaJump>[0];
      for (let k = 0; k <= 10_000; k++) {
        if (k <= 5 || k % 997 === 0 || k === 10_000) expect(aleaJump(start, k), `${seed} ${k}`).toEqual(prng.state());
        prng();
      }
    }
  });

  for (const parts of [0, 3]) {
    it(`split into ${parts || 'as many parts as threads'}: the same bits as the ops on cpu (each part starts where the draws before it end)`, async () => {
      setFusedSplitForTests(parts);
      try {
        for (const [shape, keepProb, seed] of [[[64, 1568], 0.5, 11], [[5, 7], 0.7, 'x'], [[2], 0.5, 3]] as [number[], number, number | string][]) {
          const want = await dropoutRun('cpu', shape, keepProb, seed);
          const got = await dropoutRun('wasm', shape, keepProb, seed);
          expect(Array.from(got.mask), `${shape}`).toEqual(Array.from(want.mask));
          expect(Array.from(got.out), `${shape}`).toEqual(Array.from(want.out));
        }
      } finally {
        setFusedSplitForTests(0);
      }
    });
  }

  for (const [shape, keepProb, seed] of [[[64, 1568], 0.5, 7], [[3, 5, 7], 0.8, 'abc'], [[13], 1, 2], [[2, 9], 0.3, 0]] as [number[], number, number | string][]) {
    it(`${shape.join('x')}, keep ${keepProb}, seed ${JSON.stringify(seed)}: one kernel on wasm, SIMD and JS loop, the same bits as the ops on cpu`, async () => {
      const want = await dropoutRun('cpu', shape, keepProb, seed);
      expect(want.names).toContain('RealDiv');
      for (const simd of [true, false]) {
        setFusedWasmDisabled(!simd);
        try {
          const got = await dropoutRun('wasm', shape, keepProb, seed);
          expect(got.names).toEqual(['GradBookDropout']);
          expect(Array.from(got.mask)).toEqual(Array.from(want.mask));
          expect(Array.from(got.out)).toEqual(Array.from(want.out));
        } finally {
          setFusedWasmDisabled(false);
        }
      }
    });
  }
});
