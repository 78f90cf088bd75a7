/**
 * Training kernels for TF.js's wasm backend (tfjs-backend-wasm 4.22 registers none of
 * Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter, DepthwiseConv2dNativeBackpropInput,
 * its Conv2DBackpropInput is a naive loop about 7x slower than the forward convolution, and its
 * MaxPoolGrad drops the gradient of windows whose maximum is <= 0).
 *
 * The two big ones are im2col + GEMM: the patches are laid out with typed-array loops directly on
 * the wasm heap, and the product runs in the backend's own BatchMatMul kernel (XNNPACK, SIMD, and
 * threaded when the page is cross-origin isolated). Only the untransposed product is used: wasm's
 * BatchMatMul falls back to a naive loop as soon as either operand is transposed (10x slower).
 * Depthwise and max-pool gradients are cheap and are plain loops. Tile, Sum, Mean and
 * FusedBatchNorm get faster paths for the shapes batchnorm training uses (see below).
 *
 * `registerWasmTrainingKernels()` installs them (saving any stock kernel it replaces);
 * `restoreStockWasmKernels()` puts the stock ones back (the benchmark compares both).
 */
import * as tf from '@tensorflow/tfjs';
import { FUSED_WASM_PLAIN, FUSED_WASM_SHARED } from './fusedWasm';
import { canUseFusedPool, startFusedPool, type FusedPool } from './fusedPool';
import { ADAM_UPDATE, DROPOUT_TRAIN, RELU_BACKWARD, SPATIAL_BATCHNORM_BACKWARD, SPATIAL_BATCHNORM_TRAIN } from '../kernels';

type TensorInfo = { dataId: object; shape: number[]; dtype: tf.DataType };
type Conv2DInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;
type KernelConfig = Parameters<typeof tf.registerKernel>[0];
type KernelFunc = KernelConfig['kernelFunc'];

/** The parts of tfjs-backend-wasm's BackendWasm these kernels use. */
interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  getMemoryOffset(dataId: object): number;
  /** The Emscripten module: its memory is Module.wasmMemory (threaded build) or Module.asm.memory. */
  wasm: { wasmMemory?: WebAssembly.Memory; asm?: { memory?: WebAssembly.Memory } };
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object, force?: boolean): boolean;
}

/**
 * Patch matrices are built for this many batch images at a time so their size stays near
 * 4M floats (16 MB) whatever the layer; the reference CNN's layers fit in one chunk.
 */
let CHUNK_FLOATS = 1 << 22;

/** Stock kernels replaced by registerWasmTrainingKernels, by name (undefined: stock had none). */
const stock = new Map<string, KernelConfig | undefined>();

/** Sets the patch-matrix budget in floats (tests use a tiny one to exercise chunking). */
export function setWasmPatchBudget(floats: number): void {
  CHUNK_FLOATS = Math.max(1, Math.floor(floats));
}

function heap(backend: WasmBackend, t: TensorInfo): Float32Array {
  if (t.dtype !== 'float32') throw new Error(`GradBook wasm kernels take float32 tensors, got ${t.dtype}`);
  return backend.typedArrayFromHeap(t) as Float32Array;
}

function batchMatMulKernel(): KernelFunc {
  const k = stock.get('BatchMatMul') ?? tf.getKernel('BatchMatMul', 'wasm');
  if (!k) throw new Error("The wasm backend has no 'BatchMatMul' kernel");
  return k.kernelFunc;
}

/** a [m, k] · b [k, n] with the backend's XNNPACK GEMM; returns a fresh [m, n] TensorInfo. */
function matMul(backend: WasmBackend, a: TensorInfo, b: TensorInfo): TensorInfo {
  const out = batchMatMulKernel()({
    inputs: { a, b } as unknown as tf.NamedTensorInfoMap,
    backend: backend as unknown as tf.KernelBackend,
    attrs: { transposeA: false, transposeB: false },
  }) as TensorInfo;
  return out;
}

/** A float32 heap buffer; the caller frees it with backend.disposeData. */
function alloc(backend: WasmBackend, shape: number[]): TensorInfo {
  return backend.makeOutput(shape, 'float32');
}

type Shape4 = [number, number, number, number];

/** The attributes Conv2DBackpropFilter and Conv2DBackpropInput share. */
interface ConvBackpropAttrs {
  strides: number | [number, number];
  pad: Parameters<typeof tf.backend_util.computeConv2DInfo>[4];
  dataFormat?: string;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

function requireNHWC(dataFormat: unknown, kernel: string): void {
  if (dataFormat !== undefined && dataFormat !== 'NHWC') {
    throw new Error(`GradBook's wasm ${kernel} supports NHWC only, got ${String(dataFormat)}`);
  }
}

function imagesPerChunk(perImage: number, n: number): number {
  return Math.max(1, Math.min(n, Math.floor(CHUNK_FLOATS / Math.max(1, perImage))));
}

/**
 * Images n0..n1−1 of dy [N, Ho, Wo, F] as the matrix [(n1−n0)·Ho·Wo, F]: dy itself when that is
 * all of it, else a copy of that row range, which release() frees.
 */
function dyRows(backend: WasmBackend, dy: TensorInfo, n0: number, n1: number): { t: TensorInfo; release(): void } {
  const [N, Ho, Wo, F] = dy.shape;
  const shape = [(n1 - n0) * Ho * Wo, F];
  if (n0 === 0 && n1 === N) return { t: { dataId: dy.dataId, shape, dtype: 'float32' }, release: () => {} };
  const t = alloc(backend, shape);
  const perImage = Ho * Wo * F;
  heap(backend, t).set(heap(backend, dy).subarray(n0 * perImage, n1 * perImage));
  return { t, release: () => backend.disposeData(t.dataId) };
}

// ---------------------------------------------------------------------------------------------
// Conv2DBackpropFilter: dw[kh, kw, c, f] = Σ_{n, oh, ow} x[n, oh·sh + kh − top, ow·sw + kw − left, c]
//   · dy[n, oh, ow, f]. With the transposed patch matrix P [fh·fw·C, N·Ho·Wo] this is P · dy2d,
//   and its [fh·fw·C, F] result is already HWIO.

/** Writes the transposed patches of images n0..n1−1 into p (row stride m = (n1−n0)·Ho·Wo). */
function im2colTransposed(x: Float32Array, p: Float32Array, ci: Conv2DInfo, n0: number, n1: number): void {
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo } = ci;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = ci;
  const { dilationHeight: dh, dilationWidth: dw } = ci;
  const { top, left } = ci.padInfo;
  const m = (n1 - n0) * Ho * Wo;
  if (C >= 4) {
    // Many channels: read each pixel's C channels once, contiguously, and write them to C rows
    // (C sequential write streams); 1.5x faster than gathering one channel at a time.
    for (let kh = 0; kh < fh; kh++) {
      for (let kw = 0; kw < fw; kw++) {
        const base = (kh * fw + kw) * C * m;
        let pos = 0;
        for (let n = n0; n < n1; n++) {
          for (let oh = 0; oh < Ho; oh++) {
            const ih = oh * sh + kh * dh - top;
            if (ih < 0 || ih >= H) {
              for (let c = 0; c < C; c++) p.fill(0, base + c * m + pos, base + c * m + pos + Wo);
              pos += Wo;
              continue;
            }
            const xr = (n * H + ih) * W * C;
            let iw = kw * dw - left;
            for (let ow = 0; ow < Wo; ow++, iw += sw, pos++) {
              if (iw >= 0 && iw < W) {
                const xo = xr + iw * C;
                for (let c = 0, q = base + pos; c < C; c++, q += m) p[q] = x[xo + c];
              } else {
                for (let c = 0, q = base + pos; c < C; c++, q += m) p[q] = 0;
              }
            }
          }
        }
      }
    }
    return;
  }
  for (let kh = 0; kh < fh; kh++) {
    for (let kw = 0; kw < fw; kw++) {
      for (let c = 0; c < C; c++) {
        let o = ((kh * fw + kw) * C + c) * m;
        for (let n = n0; n < n1; n++) {
          const xn = n * H * W * C + c;
          for (let oh = 0; oh < Ho; oh++) {
            const ih = oh * sh + kh * dh - top;
            if (ih < 0 || ih >= H) {
              p.fill(0, o, o + Wo);
              o += Wo;
              continue;
            }
            const xr = xn + ih * W * C;
            let iw = kw * dw - left;
            for (let ow = 0; ow < Wo; ow++, iw += sw) p[o++] = iw >= 0 && iw < W ? x[xr + iw * C] : 0;
          }
        }
      }
    }
  }
}

/**
 * Runs a fused filter-gradient loop (bpf_cn, bpf_c1, bpf_direct: they add into a zeroed dw) once
 * per part of the N images, each part into its own dw, and returns dw, the parts' sum.
 * `partArgs(a, b, dwAt)` gives the arguments for images a..b−1 summing into dwAt.
 */
function filterGradParts(
  backend: WasmBackend, name: keyof FusedExports, filterShape: number[], N: number,
  partArgs: (a: number, b: number, dwAt: number) => number[],
): TensorInfo {
  const KF = filterShape.reduce((p, d) => p * d, 1);
  const parts = splitRange(N, fusedThreads(backend));
  const out = alloc(backend, filterShape);
  const extra = parts.length > 1 ? alloc(backend, [(parts.length - 1) * KF]) : null;
  heap(backend, out).fill(0);
  if (extra) heap(backend, extra).fill(0);
  const dwAt = (i: number) => (i === 0 ? backend.getMemoryOffset(out.dataId) : backend.getMemoryOffset(extra!.dataId) + 4 * (i - 1) * KF);
  runParts(backend, name, parts.map(([a, b], i) => partArgs(a, b, dwAt(i))));
  if (extra) {
    const dw = heap(backend, out);
    const ev = heap(backend, extra);
    for (let i = 0; i < ev.length; i++) dw[i % KF] += ev[i];
    backend.disposeData(extra.dataId);
  }
  return out;
}

const conv2DBackpropFilter: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const backend = b as unknown as WasmBackend;
  const { x, dy } = inputs as unknown as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as ConvBackpropAttrs & { filterShape: Shape4 };
  requireNHWC(dataFormat, 'Conv2DBackpropFilter');
  const ci = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode);
  const { batchSize: N, outHeight: Ho, outWidth: Wo, outChannels: F } = ci;
  const K = ci.filterHeight * ci.filterWidth * ci.inChannels;
  const per = Ho * Wo;
  const { inHeight: H, inWidth: W, inChannels: C, filterHeight: fh, filterWidth: fw } = ci;
  const [xAt, dyAt] = [x, dy].map((t) => backend.getMemoryOffset(t.dataId));
  // Where a fused loop sums dw directly, images are split across threads (image offsets below).
  const imageArgs = (a: number, b: number) => [xAt + 4 * a * H * W * C, dyAt + 4 * a * per * F, b - a];
  if (x.dtype === 'float32' && dy.dtype === 'float32' && N * per > 0 && bpfCnApplies(backend, ci, C, F)) {
    // No patches: bpf_cn sums in registers per image, tap, channel pair and 16 filters.
    convCnRuns++;
    return filterGradParts(backend, 'bpf_cn', filterShape, N, (a, b, dwAt) => {
      const [xa, dya, n] = imageArgs(a, b);
      return [xa, dya, dwAt, n, H, W, C, Ho, Wo, F, fh, fw, ci.padInfo.top, ci.padInfo.left];
    }) as unknown as tf.TensorInfo;
  }
  const direct = C < 4 && F % 4 === 0 && N * per > 0 ? fusedWasm(backend) : null;
  if (direct) {
    // Few input channels: accumulate dw directly (SIMD over F), no patches and no GEMM.
    const unit = ci.strideHeight === 1 && ci.strideWidth === 1 && ci.dilationHeight === 1 && ci.dilationWidth === 1;
    // One channel, stride 1: bpf_c1, sums in registers per image and tap (2x faster on conv1).
    const c1 = C === 1 && F % 16 === 0 && unit && !directC1Disabled;
    return filterGradParts(backend, c1 ? 'bpf_c1' : 'bpf_direct', filterShape, N, (a, b, dwAt) => {
      const [xa, dya, n] = imageArgs(a, b);
      return c1
        ? [xa, dya, dwAt, n, H, W, Ho, Wo, F, fh, fw, ci.padInfo.top, ci.padInfo.left]
        : [xa, dya, dwAt, n, H, W, C, Ho, Wo, F, fh, fw, ci.strideHeight, ci.strideWidth, ci.dilationHeight, ci.dilationWidth, ci.padInfo.top, ci.padInfo.left];
    }) as unknown as tf.TensorInfo;
  }
  const step = imagesPerChunk(K * per, N);
  const f = ci.inChannels % 4 === 0 && per > 0 ? fusedWasm(backend) : null;
  let acc: TensorInfo | null = null;
  for (let n0 = 0; n0 < N; n0 += step) {
    const n1 = Math.min(N, n0 + step);
    const m = (n1 - n0) * per;
    const p = alloc(backend, [K, m]);
    const dyc = dyRows(backend, dy, n0, n1);
    // Views only after every allocation: growing the heap detaches older views.
    if (f) {
      const pAt = backend.getMemoryOffset(p.dataId);
      // images split across threads: each part writes its own columns of every patch row
      runParts(backend, 'im2col_t', splitRange(n1 - n0, fusedThreads(backend)).map(([a, b]) => [
        xAt, pAt + 4 * a * per, H, W, C, Ho, Wo, fh, fw,
        ci.strideHeight, ci.strideWidth, ci.dilationHeight, ci.dilationWidth, ci.padInfo.top, ci.padInfo.left, n0 + a, n0 + b, m,
      ]));
    } else {
      im2colTransposed(heap(backend, x), heap(backend, p), ci, n0, n1);
    }
    const part = matMul(backend, p, dyc.t);
    backend.disposeData(p.dataId);
    dyc.release();
    if (acc === null) {
      acc = part;
    } else {
      const pv = heap(backend, { ...part, shape: [K * F] });
      const accView = heap(backend, { ...acc, shape: [K * F] });
      for (let i = 0; i < pv.length; i++) accView[i] += pv[i];
      backend.disposeData(part.dataId);
    }
  }
  return { dataId: acc!.dataId, shape: filterShape, dtype: 'float32' } as unknown as tf.TensorInfo;
};

// ---------------------------------------------------------------------------------------------
// Conv2DBackpropInput: patches Q = dy2d [N·Ho·Wo, F] · Wᵀ [F, fh·fw·C], then each patch entry is
//   added back where it came from (col2im).

function col2im(q: Float32Array, dx: Float32Array, ci: Conv2DInfo, n0: number, n1: number): void {
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo } = ci;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = ci;
  const { dilationHeight: dh, dilationWidth: dw } = ci;
  const { top, left } = ci.padInfo;
  const K = fh * fw * C;
  let row = 0;
  for (let n = n0; n < n1; n++) {
    const xn = n * H * W * C;
    for (let oh = 0; oh < Ho; oh++) {
      for (let ow = 0; ow < Wo; ow++, row += K) {
        for (let kh = 0; kh < fh; kh++) {
          const ih = oh * sh + kh * dh - top;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < fw; kw++) {
            const iw = ow * sw + kw * dw - left;
            if (iw < 0 || iw >= W) continue;
            const xo = xn + (ih * W + iw) * C;
            const qo = row + (kh * fw + kw) * C;
            for (let c = 0; c < C; c++) dx[xo + c] += q[qo + c];
          }
        }
      }
    }
  }
}

/**
 * With stride 1, dx is itself a convolution: dy, padded by (fh − 1 − top, fh − 1 − bottom) and
 * (fw − 1 − left, fw − 1 − right), correlated with the filter turned 180° and its channels swapped.
 * That runs in the backend's own Conv2D (XNNPACK), about twice as fast as GEMM + col2im. Returns
 * null where it does not apply (strides, or padding wider than the filter).
 */
function backpropInputAsConv(backend: WasmBackend, dy: TensorInfo, filter: TensorInfo, ci: Conv2DInfo): TensorInfo | null {
  const { filterHeight: fh, filterWidth: fw, inChannels: C, outChannels: F, strideHeight, strideWidth } = ci;
  const { top, bottom, left, right } = ci.padInfo;
  const pads = [fh - 1 - top, fh - 1 - bottom, fw - 1 - left, fw - 1 - right];
  const conv = tf.getKernel('Conv2D', 'wasm');
  if (strideHeight !== 1 || strideWidth !== 1 || pads.some((p) => p < 0) || !conv) return null;
  if (dy.dtype === 'float32' && ownWinogradApplies(backend, ci, F, C)) {
    // dx = conv(dy, flipped filter with channels swapped): F channels in, C out
    return ownWinogradRun(backend, dy, filter3x3(backend, filter, C, F, true), null, C, pads[0], pads[2], ci.inHeight, ci.inWidth, -Infinity);
  }
  const cn = dy.dtype === 'float32' && convCnApplies(backend, ci, F, C);
  const wf = cn ? null : winogradFor(backend, ci, dy.dtype);
  if (wf) {
    // dx = conv(dy, flipped filter with channels swapped): its transform U [16, F, C].
    const u = winogradFilterPlanes(backend, F, C, filter3x3(backend, filter, C, F, true));
    const out = winogradConv(backend, dy, u, null, C, pads[0], pads[2], ci.inHeight, ci.inWidth, -Infinity);
    disposeAll(backend, u);
    return out;
  }
  const flipped = alloc(backend, [fh, fw, F, C]);
  const w = heap(backend, filter);
  const t = heap(backend, flipped);
  for (let kh = 0; kh < fh; kh++) {
    for (let kw = 0; kw < fw; kw++) {
      const src = ((fh - 1 - kh) * fw + (fw - 1 - kw)) * C * F;
      const dst = (kh * fw + kw) * F * C;
      for (let c = 0; c < C; c++) for (let f = 0; f < F; f++) t[dst + f * C + c] = w[src + c * F + f];
    }
  }
  if (cn) {
    // dy's F channels in, C out
    const out = convCnRun(backend, dy, backend.getMemoryOffset(flipped.dataId), null, C, fh, fw, pads[0], pads[2], ci.inHeight, ci.inWidth, -Infinity);
    backend.disposeData(flipped.dataId);
    return out;
  }
  const out = conv.kernelFunc({
    inputs: { x: dy, filter: flipped } as unknown as tf.NamedTensorInfoMap,
    backend: backend as unknown as tf.KernelBackend,
    attrs: { strides: [1, 1], pad: [[0, 0], [pads[0], pads[1]], [pads[2], pads[3]], [0, 0]], dataFormat: 'NHWC', dilations: [1, 1] } as unknown as tf.NamedAttrMap,
  }) as TensorInfo;
  backend.disposeData(flipped.dataId);
  return out;
}

const conv2DBackpropInput: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const backend = b as unknown as WasmBackend;
  const { dy, filter } = inputs as unknown as { dy: TensorInfo; filter: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as ConvBackpropAttrs & { inputShape: Shape4 };
  requireNHWC(dataFormat, 'Conv2DBackpropInput');
  const fshape = filter.shape as [number, number, number, number];
  const ci = tf.backend_util.computeConv2DInfo(inputShape, fshape, strides, 1, pad, dimRoundingMode);
  const viaConv = backpropInputAsConv(backend, dy, filter, ci);
  if (viaConv) return viaConv as unknown as tf.TensorInfo;
  const { batchSize: N, outHeight: Ho, outWidth: Wo, outChannels: F } = ci;
  const K = ci.filterHeight * ci.filterWidth * ci.inChannels;
  const per = Ho * Wo;
  const step = imagesPerChunk(K * per, N);
  const out = alloc(backend, inputShape);
  const wt = alloc(backend, [F, K]);
  {
    const w = heap(backend, filter);
    const t = heap(backend, wt);
    for (let k = 0; k < K; k++) for (let f = 0; f < F; f++) t[f * K + k] = w[k * F + f];
    heap(backend, out).fill(0);
  }
  for (let n0 = 0; n0 < N; n0 += step) {
    const n1 = Math.min(N, n0 + step);
    const m = (n1 - n0) * per;
    const dyc = dyRows(backend, dy, n0, n1);
    const q = matMul(backend, dyc.t, wt);
    dyc.release();
    col2im(heap(backend, { ...q, shape: [m * K] }), heap(backend, out), ci, n0, n1);
    backend.disposeData(q.dataId);
  }
  backend.disposeData(wt.dataId);
  return out as unknown as tf.TensorInfo;
};

// ---------------------------------------------------------------------------------------------
// Winograd F(2x2, 3x3) for 3x3 stride-1 convolutions (Lavin & Gray 2015): each 2x2 block of the
// output comes from a 4x4 input tile as Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A, so the C·F products per output
// pixel drop from 9 to 4. The 16 elementwise products over all tiles are 16 GEMMs
// [T, C] · [C, F] (the backend's BatchMatMul, XNNPACK); the tile transforms are fused.wat's
// wino_in / wino_out (SIMD over 4 channels), which also add the bias and a fused ReLU.

let winogradDisabled = false;
let winogradRuns = 0;

/** How many convolutions the Winograd path has run (tests check that it is taken where it should be). */
export function winogradConvCount(): number {
  return winogradRuns;
}
const WINOGRAD_CHUNK_FLOATS = 1 << 18;

/** Turns the Winograd path off (true) or on again, so tests and benchmarks can compare it with XNNPACK's convolution. */
export function setWinogradDisabled(disabled: boolean): void {
  winogradDisabled = disabled;
}

/** U [16, C, F] = G g Gᵀ per (c, f), g(kh, kw, c, f) the 3x3 filter (read through an accessor, so a flipped filter needs no copy). */
function winogradFilter(u: Float32Array, C: number, F: number, g: (kh: number, kw: number, c: number, f: number) => number): void {
  const t = new Float64Array(12);
  const plane = C * F;
  for (let c = 0; c < C; c++) {
    for (let f = 0; f < F; f++) {
      // t = G g: rows g0, (g0+g1+g2)/2, (g0−g1+g2)/2, g2 of each column
      for (let s = 0; s < 3; s++) {
        const a = g(0, s, c, f);
        const b = g(1, s, c, f);
        const d = g(2, s, c, f);
        t[s] = a;
        t[3 + s] = (a + b + d) / 2;
        t[6 + s] = (a - b + d) / 2;
        t[9 + s] = d;
      }
      const o = c * F + f;
      for (let i = 0; i < 4; i++) {
        const a = t[i * 3];
        const b = t[i * 3 + 1];
        const d = t[i * 3 + 2];
        u[(i * 4) * plane + o] = a;
        u[(i * 4 + 1) * plane + o] = (a + b + d) / 2;
        u[(i * 4 + 2) * plane + o] = (a - b + d) / 2;
        u[(i * 4 + 3) * plane + o] = d;
      }
    }
  }
}

/**
 * A 3x3 HWIO filter [3, 3, C, F] as winogradFilter's accessor g(kh, kw, in, out): as it is, or
 * `flipped` (turned 180°, channels swapped: the filter of the input gradient's convolution, F in
 * and C out).
 */
function filter3x3(backend: WasmBackend, filter: TensorInfo, C: number, F: number, flipped: boolean): (kh: number, kw: number, i: number, o: number) => number {
  const w = heap(backend, filter).slice();
  return flipped ? (kh, kw, o, c) => w[(((2 - kh) * 3 + (2 - kw)) * C + c) * F + o] : (kh, kw, c, o) => w[((kh * 3 + kw) * C + c) * F + o];
}

/** The filter transform as 16 [C, F] tensors (one GEMM operand each); free with disposeAll. */
function winogradFilterPlanes(
  backend: WasmBackend, C: number, F: number, g: (kh: number, kw: number, c: number, f: number) => number,
): TensorInfo[] {
  const u = new Float32Array(16 * C * F);
  winogradFilter(u, C, F, g);
  const planes = Array.from({ length: 16 }, () => alloc(backend, [C, F]));
  planes.forEach((p, k) => heap(backend, p).set(u.subarray(k * C * F, (k + 1) * C * F)));
  return planes;
}

function disposeAll(backend: WasmBackend, ts: TensorInfo[]): void {
  for (const t of ts) backend.disposeData(t.dataId);
}

/**
 * out [N, Ho, Wo, F] = conv(x [N, H, W, C], 3x3 filter with transform planes u, stride 1,
 * top/left zero padding) + bias, then max(·, lo). C and F multiples of 4. The 16 GEMMs run as
 * separate 2D products: wasm's BatchMatMul with a batch runs a naive loop (10x slower). Images
 * are processed a few at a time so the transformed tiles stay near the patch budget.
 */
function winogradConv(
  backend: WasmBackend, x: TensorInfo, u: TensorInfo[], bias: TensorInfo | null,
  F: number, top: number, left: number, Ho: number, Wo: number, lo: number,
): TensorInfo {
  const [N, H, W, C] = x.shape;
  const th = Math.ceil(Ho / 2);
  const tw = Math.ceil(Wo / 2);
  const out = alloc(backend, [N, Ho, Wo, F]);
  winogradRuns++;
  if (N * Ho * Wo * F === 0) return out;
  // Tiles and products of a chunk within about 1 MB stay in L2: 3.2 vs 3.7 CPU ms on conv2 (all
  // 64 images at once) and 4.3 for XNNPACK's convolution.
  const step = Math.min(imagesPerChunk(16 * th * tw * Math.max(C, F), N), Math.max(1, Math.floor(WINOGRAD_CHUNK_FLOATS / (16 * th * tw * (C + F)))));
  // C or F zeros (padding pixels, a missing bias), then per thread a table of 16 plane addresses
  // (the tiles of a chunk's images are split across threads: each part's rows of every plane).
  const threads = fusedThreads(backend);
  const { t: zero, at: zeroAt } = zeros(backend, Math.max(C, F) + 16 * threads);
  const tableAt = (i: number) => zeroAt + Math.max(C, F) * 4 + 64 * i;
  const setTables = (planes: TensorInfo[], parts: [number, number][], cols: number) => {
    parts.forEach(([a], i) => {
      const table = new Int32Array(heap(backend, zero).buffer, tableAt(i), 16);
      planes.forEach((p, k) => (table[k] = backend.getMemoryOffset(p.dataId) + 4 * a * th * tw * cols));
    });
  };
  const biasAt = bias ? backend.getMemoryOffset(bias.dataId) : zeroAt;
  const xAt = backend.getMemoryOffset(x.dataId);
  const outAt = backend.getMemoryOffset(out.dataId);
  for (let n0 = 0; n0 < N; n0 += step) {
    const n = Math.min(N, n0 + step) - n0;
    const T = n * th * tw;
    const parts = splitRange(n, threads);
    const v = Array.from({ length: 16 }, () => alloc(backend, [T, C]));
    setTables(v, parts, C);
    runParts(backend, 'wino_in', parts.map(([a, b], i) => [
      xAt + (n0 + a) * H * W * C * 4, tableAt(i), zeroAt, b - a, H, W, C, th, tw, top, left, (b - a) * th * tw,
    ]));
    const m = v.map((vk, k) => matMul(backend, vk, u[k]));
    disposeAll(backend, v);
    setTables(m, parts, F);
    runParts(backend, 'wino_out', parts.map(([a, b], i) => [
      tableAt(i), outAt + (n0 + a) * Ho * Wo * F * 4, biasAt, b - a, Ho, Wo, F, th, tw, (b - a) * th * tw, lo,
    ]));
    disposeAll(backend, m);
  }
  backend.disposeData(zero.dataId);
  return out;
}

let ownWinogradDisabled = false;
/** Turns Winograd with GradBook's own products (wino_conv) off (true) or on again, for tests and benchmarks. */
export function setOwnWinogradDisabled(disabled: boolean): void {
  ownWinogradDisabled = disabled;
}

/** Images per chunk of wino_conv: its tiles and products near 256 KB, in a core's L2 with the rest. */
const OWN_WINOGRAD_CHUNK_FLOATS = 1 << 16;

/**
 * Where wino_conv applies: 3x3, stride and dilation 1, C a multiple of 4, F of 16, float32, and
 * its threads as many as XNNPACK's (ownConvApplies).
 */
function ownWinogradApplies(backend: WasmBackend, ci: Conv2DInfo, C: number, F: number): boolean {
  return !ownWinogradDisabled && ci.filterHeight === 3 && ci.filterWidth === 3 && ci.strideHeight === 1 && ci.strideWidth === 1 &&
    ci.dilationHeight === 1 && ci.dilationWidth === 1 && C % 4 === 0 && F % 16 === 0 && C > 0 && ownConvApplies(backend) &&
    fusedWasm(backend) !== null;
}

/**
 * out [N, Ho, Wo, F] = max(conv(x [N, H, W, C], 3x3 filter g, stride 1, top/left padding) + bias, lo)
 * by Winograd F(2x2, 3x3) with fused.wat's own products (wino_conv: tiles, 16 GEMMs, output
 * transform, a few images at a time), images split across threads, each with its own scratch.
 */
function ownWinogradRun(
  backend: WasmBackend, x: TensorInfo, g: (kh: number, kw: number, c: number, f: number) => number, biasAt: number | null, F: number,
  top: number, left: number, Ho: number, Wo: number, lo: number,
): TensorInfo {
  const [N, H, W, C] = x.shape;
  const th = Math.ceil(Ho / 2);
  const tw = Math.ceil(Wo / 2);
  winogradRuns++;
  const parts = splitRange(N, fusedThreads(backend));
  const chunk = Math.max(1, Math.min(N, Math.floor(OWN_WINOGRAD_CHUNK_FLOATS / (16 * th * tw * (C + F)))));
  const scratchFloats = 32 + 16 * chunk * th * tw * (C + F);
  const u = alloc(backend, [16 * C * F]);
  winogradFilter(heap(backend, u), C, F, g);
  const { t: zero, at: zeroAt } = zeros(backend, Math.max(C, F));
  const s = alloc(backend, [parts.length * scratchFloats]);
  const out = alloc(backend, [N, Ho, Wo, F]);
  const [xAt, uAt, sAt, outAt] = [x, u, s, out].map((t) => backend.getMemoryOffset(t.dataId));
  runParts(backend, 'wino_conv', parts.map(([a, b], i) => [
    xAt + 4 * a * H * W * C, uAt, biasAt ?? zeroAt, zeroAt, outAt + 4 * a * Ho * Wo * F, b - a, H, W, C, Ho, Wo, F, top, left, lo,
    sAt + 4 * i * scratchFloats, chunk,
  ]));
  disposeAll(backend, [u, zero, s]);
  return out;
}

/** The fused module where the Winograd path applies: 3x3 filter, stride and dilation 1, C and F multiples of 4, float32. */
function winogradFor(backend: WasmBackend, ci: Conv2DInfo, dtype: string): FusedExports | null {
  if (winogradDisabled || dtype !== 'float32' || !ownConvApplies(backend)) return null;
  if (ci.filterHeight !== 3 || ci.filterWidth !== 3 || ci.strideHeight !== 1 || ci.strideWidth !== 1) return null;
  if (ci.dilationHeight !== 1 || ci.dilationWidth !== 1 || ci.inChannels % 4 !== 0 || ci.outChannels % 4 !== 0) return null;
  return fusedWasm(backend);
}

let convC1Disabled = false;
/** The wasm backend's thread count (XNNPACK's pool), asked at run time: the backend may start after registration. */
let threadsCount: () => number = () => 1;
/** How many threads GradBook's own kernels may use (this one and helpers), asked when the helpers start. */
let kernelThreadsCount: () => number = () => threadsCount();

/**
 * GradBook's own forward convolutions (conv_c1, Winograd) are measured faster than XNNPACK's where
 * they get as many threads as its pool: one (Node, pages that are not cross-origin isolated), or
 * the helper threads (fusedPool.ts). With XNNPACK on more threads than they have (the helpers not
 * ready yet, or none possible: the page's main thread) they ran slower (2,661-2,986 vs 3,400-3,435
 * img/s in the browser benchmark, 2 threads), so the stock kernel stays there.
 */
function ownConvApplies(backend: WasmBackend): boolean {
  let threads: number;
  try {
    threads = threadsCount();
  } catch {
    return false;
  }
  return threads <= 1 || fusedThreads(backend) >= threads;
}
let convC1Runs = 0;

/** How many convolutions conv_c1 has run (tests check that it is taken where it should be). */
export function convC1Count(): number {
  return convC1Runs;
}

/** Turns the direct one-channel convolution (conv_c1) off (true) or on again, for tests and benchmarks. */
export function setConvC1Disabled(disabled: boolean): void {
  convC1Disabled = disabled;
}

/**
 * A one-channel input (the first layer) with F a multiple of 16, stride and dilation 1: fused.wat's
 * direct conv_c1 (XNNPACK's GEMM has K = fh·fw there, 9 for the reference CNN's conv1, and runs at
 * about half its speed: 1.17 ms for conv1's forward pass). Returns null where it does not apply.
 */
function convC1(backend: WasmBackend, x: TensorInfo, filter: TensorInfo, bias: TensorInfo | null, ci: Conv2DInfo, lo: number): TensorInfo | null {
  if (convC1Disabled || !ownConvApplies(backend) || ci.inChannels !== 1 || ci.outChannels % 16 !== 0 || x.dtype !== 'float32' || filter.dtype !== 'float32') return null;
  if (ci.strideHeight !== 1 || ci.strideWidth !== 1 || ci.dilationHeight !== 1 || ci.dilationWidth !== 1) return null;
  const f = fusedWasm(backend);
  if (!f) return null;
  const { batchSize: N, inHeight: H, inWidth: W, outHeight: Ho, outWidth: Wo, outChannels: F } = ci;
  const out = alloc(backend, [N, Ho, Wo, F]);
  convC1Runs++;
  // F zeros: padding pixels read the first, and they stand in for a missing bias
  const { t: zero, at: zeroAt } = zeros(backend, F);
  const [xAt, wAt, outAt] = [x, filter, out].map((t) => backend.getMemoryOffset(t.dataId));
  const biasAt = bias ? backend.getMemoryOffset(bias.dataId) : zeroAt;
  runParts(backend, 'conv_c1', splitRange(N, fusedThreads(backend)).map(([a, b]) => [
    xAt + 4 * a * H * W, wAt, biasAt, zeroAt, outAt + 4 * a * Ho * Wo * F, b - a, H, W, Ho, Wo, F, ci.filterHeight, ci.filterWidth,
    ci.padInfo.top, ci.padInfo.left, lo,
  ]));
  backend.disposeData(zero.dataId);
  return out;
}

let convCnDisabled = false;
let convCnRuns = 0;

/** How many convolutions conv_cn has run (tests check that it is taken where it should be). */
export function convCnCount(): number {
  return convCnRuns;
}

/** Turns the direct many-channel convolution (conv_cn: forward and input gradient) off (true) or on again, for tests and benchmarks. */
export function setConvCnDisabled(disabled: boolean): void {
  convCnDisabled = disabled;
}

let bpfCnDisabled = false;
/** Turns the direct many-channel filter gradient (bpf_cn) off (true) or on again, for tests and benchmarks. */
export function setBpfCnDisabled(disabled: boolean): void {
  bpfCnDisabled = disabled;
}

/** Stride and dilation 1, C channels in, F (a multiple of 16) out, and fused.wat loaded: what conv_cn and bpf_cn take. */
function directConvShape(backend: WasmBackend, ci: Conv2DInfo, C: number, F: number): boolean {
  return ci.strideHeight === 1 && ci.strideWidth === 1 && ci.dilationHeight === 1 && ci.dilationWidth === 1 && F % 16 === 0 && C > 0 &&
    fusedWasm(backend) !== null;
}

/** conv_cn: where it gets as many threads as XNNPACK (ownConvApplies). */
function convCnApplies(backend: WasmBackend, ci: Conv2DInfo, C: number, F: number): boolean {
  return !convCnDisabled && directConvShape(backend, ci, C, F) && ownConvApplies(backend);
}

/**
 * bpf_cn (channel pairs: C even). On one thread it is faster than patches + XNNPACK's GEMM on two
 * (3.1 against 4-5 ms for the reference CNN's conv2), so it applies whether or not helpers run.
 */
function bpfCnApplies(backend: WasmBackend, ci: Conv2DInfo, C: number, F: number): boolean {
  return !bpfCnDisabled && C % 2 === 0 && directConvShape(backend, ci, C, F);
}

/**
 * out [N, Ho, Wo, F] = max(conv(x [N, H, W, C], filter [fh, fw, C, F] at wAt, stride 1, top/left
 * zero padding) + bias, lo) with fused.wat's conv_cn, images split across threads.
 */
function convCnRun(
  backend: WasmBackend, x: TensorInfo, wAt: number, biasAt: number | null, F: number, fh: number, fw: number,
  top: number, left: number, Ho: number, Wo: number, lo: number,
): TensorInfo {
  const [N, H, W, C] = x.shape;
  const out = alloc(backend, [N, Ho, Wo, F]);
  convCnRuns++;
  // C zeros for padding pixels, F for a missing bias
  const { t: zero, at: zeroAt } = zeros(backend, Math.max(C, F));
  const [xAt, outAt] = [x, out].map((t) => backend.getMemoryOffset(t.dataId));
  runParts(backend, 'conv_cn', splitRange(N, fusedThreads(backend)).map(([a, b]) => [
    xAt + 4 * a * H * W * C, wAt, biasAt ?? zeroAt, zeroAt, outAt + 4 * a * Ho * Wo * F, b - a, H, W, C, Ho, Wo, F, fh, fw, top, left, lo,
  ]));
  backend.disposeData(zero.dataId);
  return out;
}

/** Conv2D and FusedConv2D (bias, linear or ReLU) through conv_c1, conv_cn or Winograd where they apply, else the stock kernel. */
function convForward(kind: 'Conv2D' | 'FusedConv2D'): KernelFunc {
  return (args) => {
    const backend = args.backend as unknown as WasmBackend;
    const { x, filter, bias, preluActivationWeights } = args.inputs as unknown as Record<string, TensorInfo | undefined>;
    const a = args.attrs as unknown as ConvBackpropAttrs & { dilations?: number | [number, number]; activation?: string };
    const fallback = () => stockKernel(kind)(args);
    if (!x || !filter || x.shape.length !== 4 || (a.dataFormat !== undefined && a.dataFormat !== 'NHWC')) return fallback();
    const act = a.activation ?? 'linear';
    if ((act !== 'linear' && act !== 'relu') || preluActivationWeights) return fallback();
    const fs = filter.shape as Shape4;
    if (bias && (bias.shape.length !== 1 || bias.shape[0] !== fs[3] || bias.dtype !== 'float32')) return fallback();
    const ci = tf.backend_util.computeConv2DInfo(x.shape as Shape4, fs, a.strides, a.dilations ?? 1, a.pad, a.dimRoundingMode);
    const lo = act === 'relu' ? 0 : -Infinity;
    const direct = convC1(backend, x, filter, bias ?? null, ci, lo);
    if (direct) return direct as unknown as tf.TensorInfo;
    if (x.dtype === 'float32' && filter.dtype === 'float32' && ownWinogradApplies(backend, ci, ci.inChannels, ci.outChannels)) {
      const [C, F] = [ci.inChannels, ci.outChannels];
      return ownWinogradRun(
        backend, x, filter3x3(backend, filter, C, F, false), bias ? backend.getMemoryOffset(bias.dataId) : null, F,
        ci.padInfo.top, ci.padInfo.left, ci.outHeight, ci.outWidth, lo,
      ) as unknown as tf.TensorInfo;
    }
    if (x.dtype === 'float32' && filter.dtype === 'float32' && convCnApplies(backend, ci, ci.inChannels, ci.outChannels)) {
      return convCnRun(
        backend, x, backend.getMemoryOffset(filter.dataId), bias ? backend.getMemoryOffset(bias.dataId) : null, ci.outChannels,
        ci.filterHeight, ci.filterWidth, ci.padInfo.top, ci.padInfo.left, ci.outHeight, ci.outWidth, lo,
      ) as unknown as tf.TensorInfo;
    }
    const f = x.dtype === filter.dtype ? winogradFor(backend, ci, x.dtype) : null;
    if (!f) return fallback();
    const C = ci.inChannels;
    const F = ci.outChannels;
    const u = winogradFilterPlanes(backend, C, F, filter3x3(backend, filter, C, F, false));
    const out = winogradConv(backend, x, u, bias ?? null, F, ci.padInfo.top, ci.padInfo.left, ci.outHeight, ci.outWidth, lo);
    disposeAll(backend, u);
    return out as unknown as tf.TensorInfo;
  };
}

// ---------------------------------------------------------------------------------------------
// Depthwise: filter [fh, fw, C, mult], output channel c·mult + q. Plain loops (the work is small).

interface DepthwiseAttrs {
  strides: number | [number, number];
  dilations?: number | [number, number];
  pad: Parameters<typeof tf.backend_util.computeConv2DInfo>[4];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

function depthwiseInfo(xShape: number[], fShape: number[], a: DepthwiseAttrs): Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    fShape as [number, number, number, number],
    a.strides,
    a.dilations ?? 1,
    a.pad,
    a.dimRoundingMode,
    true,
  );
}

/**
 * Calls tap(xo, yo, fo) for every (input pixel, output pixel, filter tap) the depthwise convolution
 * connects: the offsets of their first channel in x, dy and the filter.
 */
function forEachDepthwiseTap(ci: Conv2DInfo, tap: (xo: number, yo: number, fo: number) => void): void {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo, outChannels: OC } = ci;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = ci;
  const { top, left } = ci.padInfo;
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < Ho; oh++) {
      for (let kh = 0; kh < fh; kh++) {
        const ih = oh * sh + kh * dh - top;
        if (ih < 0 || ih >= H) continue;
        for (let ow = 0; ow < Wo; ow++) {
          for (let kw = 0; kw < fw; kw++) {
            const iw = ow * sw + kw * dw - left;
            if (iw < 0 || iw >= W) continue;
            tap(((n * H + ih) * W + iw) * C, ((n * Ho + oh) * Wo + ow) * OC, (kh * fw + kw) * OC);
          }
        }
      }
    }
  }
}

const depthwiseBackpropFilter: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const backend = b as unknown as WasmBackend;
  const { x, dy } = inputs as unknown as { x: TensorInfo; dy: TensorInfo };
  const a = attrs as unknown as DepthwiseAttrs & { filterShape: [number, number, number, number] };
  const ci = depthwiseInfo(x.shape, a.filterShape, a);
  const C = ci.inChannels;
  const mult = ci.outChannels / C;
  const acc = new Float64Array(ci.filterHeight * ci.filterWidth * ci.outChannels);
  const out = alloc(backend, a.filterShape);
  const xv = heap(backend, x);
  const dv = heap(backend, dy);
  forEachDepthwiseTap(ci, (xo, yo, fo) => {
    for (let c = 0; c < C; c++) {
      const xval = xv[xo + c];
      for (let q = 0; q < mult; q++) acc[fo + c * mult + q] += xval * dv[yo + c * mult + q];
    }
  });
  heap(backend, out).set(acc);
  return out as unknown as tf.TensorInfo;
};

const depthwiseBackpropInput: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const backend = b as unknown as WasmBackend;
  const { dy, filter } = inputs as unknown as { dy: TensorInfo; filter: TensorInfo };
  const a = attrs as unknown as DepthwiseAttrs & { inputShape: [number, number, number, number] };
  const ci = depthwiseInfo(a.inputShape, filter.shape, a);
  const C = ci.inChannels;
  const mult = ci.outChannels / C;
  const out = alloc(backend, a.inputShape);
  const dx = heap(backend, out);
  const dv = heap(backend, dy);
  const wv = heap(backend, filter);
  dx.fill(0);
  forEachDepthwiseTap(ci, (xo, yo, fo) => {
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let q = 0; q < mult; q++) s += dv[yo + c * mult + q] * wv[fo + c * mult + q];
      dx[xo + c] += s;
    }
  });
  return out as unknown as tf.TensorInfo;
};

/** MaxPool: 2x2, stride 2, no padding and C a multiple of 4 in fused.wat (images split across threads), else stock. */
const maxPool: KernelFunc = (args) => {
  const backend = args.backend as unknown as WasmBackend;
  const { x } = args.inputs as unknown as { x: TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as {
    filterSize: number | [number, number];
    strides: number | [number, number];
    pad: Parameters<typeof tf.backend_util.computePool2DInfo>[4];
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  if (x.dtype !== 'float32' || x.shape.length !== 4) return stockKernel('MaxPool')(args);
  const ci = tf.backend_util.computePool2DInfo(x.shape as Shape4, filterSize, strides, 1, pad, dimRoundingMode);
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo } = ci;
  const pool2 = ci.filterHeight === 2 && ci.filterWidth === 2 && ci.strideHeight === 2 && ci.strideWidth === 2 && ci.padInfo.top === 0 &&
    ci.padInfo.left === 0 && 2 * Ho <= H && 2 * Wo <= W && C % 4 === 0 && N * Ho * Wo * C > 0;
  if (!pool2 || !fusedWasm(backend)) return stockKernel('MaxPool')(args);
  const out = alloc(backend, [N, Ho, Wo, C]);
  const [xAt, outAt] = [x, out].map((t) => backend.getMemoryOffset(t.dataId));
  runParts(backend, 'maxpool2', splitRange(N, partsFor(backend, N * H * W * C)).map(([a, b]) => [
    xAt + 4 * a * H * W * C, outAt + 4 * a * Ho * Wo * C, b - a, H, W, C, Ho, Wo,
  ]));
  return out as unknown as tf.TensorInfo;
};

// ---------------------------------------------------------------------------------------------
// MaxPoolGrad: each output gradient goes to its window's first maximum (row-major), as on cpu.

const maxPoolGrad: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const backend = b as unknown as WasmBackend;
  const { dy, input } = inputs as unknown as { dy: TensorInfo; input: TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as {
    filterSize: number | [number, number];
    strides: number | [number, number];
    pad: Parameters<typeof tf.backend_util.computePool2DInfo>[4];
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  const ci = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo } = ci;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = ci;
  const { top, left } = ci.padInfo;
  const out = alloc(backend, input.shape);
  const dx = heap(backend, out);
  const xv = heap(backend, input);
  const dv = heap(backend, dy);
  const pool2 = fh === 2 && fw === 2 && sh === 2 && sw === 2 && top === 0 && left === 0 && dh === 1 && dw === 1 && 2 * Ho <= H && 2 * Wo <= W;
  const f = pool2 && C % 4 === 0 && N * Ho * Wo * C > 0 ? fusedWasm(backend) : null;
  if (f) {
    // SIMD, every window position written: only rows or columns no window covers need zeros.
    if (2 * Ho < H || 2 * Wo < W) dx.fill(0);
    const [xAt, dyAt, dxAt] = [input, dy, out].map((t) => backend.getMemoryOffset(t.dataId));
    runParts(backend, 'maxpool2_grad', splitRange(N, partsFor(backend, N * H * W * C)).map(([a, b]) => [
      xAt + 4 * a * H * W * C, dyAt + 4 * a * Ho * Wo * C, dxAt + 4 * a * H * W * C, b - a, H, W, C, Ho, Wo,
    ]));
    return out as unknown as tf.TensorInfo;
  }
  dx.fill(0);
  if (pool2) {
    // The common 2x2, stride 2 pooling: windows never overlap or leave the image.
    const row = W * C;
    for (let n = 0; n < N; n++) {
      for (let oh = 0; oh < Ho; oh++) {
        let yo = ((n * Ho + oh) * Wo) * C;
        const r0 = (n * H + 2 * oh) * row;
        for (let ow = 0; ow < Wo; ow++) {
          const a0 = r0 + 2 * ow * C;
          for (let c = 0; c < C; c++, yo++) {
            const a = a0 + c;
            let at = a;
            let best = xv[a];
            if (xv[a + C] > best) {
              best = xv[a + C];
              at = a + C;
            }
            if (xv[a + row] > best) {
              best = xv[a + row];
              at = a + row;
            }
            if (xv[a + row + C] > best) at = a + row + C;
            dx[at] += dv[yo];
          }
        }
      }
    }
    return out as unknown as tf.TensorInfo;
  }
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < Ho; oh++) {
      const h0 = oh * sh - top;
      for (let ow = 0; ow < Wo; ow++) {
        const w0 = ow * sw - left;
        const yo = ((n * Ho + oh) * Wo + ow) * C;
        for (let c = 0; c < C; c++) {
          let best = -Infinity;
          let at = -1;
          for (let kh = 0; kh < fh; kh++) {
            const ih = h0 + kh * dh;
            if (ih < 0 || ih >= H) continue;
            for (let kw = 0; kw < fw; kw++) {
              const iw = w0 + kw * dw;
              if (iw < 0 || iw >= W) continue;
              const i = ((n * H + ih) * W + iw) * C + c;
              const v = xv[i];
              if (v > best || at < 0) {
                best = v;
                at = i;
              }
            }
          }
          if (at >= 0) dx[at] += dv[yo + c];
        }
      }
    }
  }
  return out as unknown as tf.TensorInfo;
};

// ---------------------------------------------------------------------------------------------
// Faster versions of stock kernels that tf.layers' batchnorm training leans on. Stock wasm's Tile
// is a per-element index loop (45-75 ms to tile a [1,1,1,16] vector to [64,28,28,16], once per
// step in FusedBatchNorm's gradient), its Sum and Mean over leading axes transpose first, and its
// FusedBatchNorm takes ~8 ms for 800k values. Shapes these fast paths do not cover go to the stock
// kernel, which these configs keep (with its setup function).

type Fallback = (args: Parameters<KernelFunc>[0]) => ReturnType<KernelFunc>;

function stockKernel(name: string): Fallback {
  const k = stock.get(name);
  if (!k) throw new Error(`The wasm backend has no stock '${name}' kernel to fall back on`);
  return k.kernelFunc as Fallback;
}

const tile: KernelFunc = (args) => {
  const backend = args.backend as unknown as WasmBackend;
  const { x } = args.inputs as unknown as { x: TensorInfo };
  const { reps } = args.attrs as unknown as { reps: number[] };
  if (x.dtype === 'string' || reps.length !== x.shape.length) return stockKernel('Tile')(args);
  const xs = x.shape;
  const r = xs.length;
  const outShape = xs.map((d, i) => d * reps[i]);
  const out = alloc(backend, outShape);
  const res = { ...out, dtype: x.dtype };
  if (outShape.some((d) => d === 0)) return res as unknown as tf.TensorInfo;
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(res);
  // outBlock[d]: elements of out below dimension d; xStride[d]: same for x.
  const outBlock = new Array<number>(r + 1).fill(1);
  const xStride = new Array<number>(r + 1).fill(1);
  for (let d = r - 1; d >= 0; d--) {
    outBlock[d] = outBlock[d + 1] * outShape[d];
    xStride[d] = xStride[d + 1] * xs[d];
  }
  const fill = (d: number, xOff: number, oOff: number): void => {
    if (d === r - 1) {
      dst.set(src.subarray(xOff, xOff + xs[d]), oOff);
    } else {
      for (let i = 0; i < xs[d]; i++) fill(d + 1, xOff + i * xStride[d + 1], oOff + i * outBlock[d + 1]);
    }
    // The first copy of this dimension's block is written; repeat it reps[d] − 1 more times.
    const len = xs[d] * outBlock[d + 1];
    for (let k = 1; k < reps[d]; k++) dst.copyWithin(oOff + k * len, oOff, oOff + len);
  };
  fill(0, 0, 0);
  return res as unknown as tf.TensorInfo;
};

/**
 * BatchMatMul with a transposed operand: stock wasm runs those as a naive loop (about 10x slower
 * than XNNPACK), so the operand is transposed first with the stock Transpose kernel and the
 * product runs untransposed (dense layers' backward: dx = dout·wᵀ, dw = xᵀ·dout).
 */
const batchMatMul: KernelFunc = (args) => {
  const { transposeA, transposeB } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
  const ins = args.inputs as unknown as { a: TensorInfo; b: TensorInfo };
  const mm = stockKernel('BatchMatMul');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if ((!transposeA && !transposeB) || !transpose || ins.a.dtype !== 'float32' || ins.b.dtype !== 'float32') return mm(args);
  const backend = args.backend as unknown as WasmBackend;
  const flip = (t: TensorInfo): TensorInfo => {
    const r = t.shape.length;
    const perm = [...Array(r).keys()];
    [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
    return transpose.kernelFunc({ inputs: { x: t } as unknown as tf.NamedTensorInfoMap, backend: args.backend, attrs: { perm } }) as unknown as TensorInfo;
  };
  const a = transposeA ? flip(ins.a) : ins.a;
  const b = transposeB ? flip(ins.b) : ins.b;
  const out = mm({ ...args, inputs: { a, b } as unknown as tf.NamedTensorInfoMap, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
  if (transposeA) backend.disposeData(a.dataId);
  if (transposeB) backend.disposeData(b.dataId);
  return out;
};

/** Sum or mean over leading axes [0, k) of a float32 tensor: out[j] = Σ_i x[i·B + j]. */
function reduceLeading(kind: 'Sum' | 'Mean'): KernelFunc {
  return (args) => {
    const backend = args.backend as unknown as WasmBackend;
    const { x } = args.inputs as unknown as { x: TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const r = x.shape.length;
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
    const k = axes.length;
    const leading = k >= 1 && k < r && axes.every((a, i) => a === i);
    if (x.dtype !== 'float32' || !leading) return stockKernel(kind)(args);
    const rows = x.shape.slice(0, k).reduce((a, b) => a * b, 1);
    const inner = x.shape.slice(k);
    const B = inner.reduce((a, b) => a * b, 1);
    const outShape = keepDims ? [...new Array<number>(k).fill(1), ...inner] : inner;
    const out = alloc(backend, outShape);
    const acc = new Float64Array(B);
    const f = B > 0 && B % 4 === 0 && rows > 0 ? fusedWasm(backend) : null;
    if (f) {
      // float64 sums, SIMD (fused.wat's ch_sum: B channels, rows rows)
      channelSums(backend, backend.getMemoryOffset(x.dataId), rows, B, acc);
      if (kind === 'Mean') for (let j = 0; j < B; j++) acc[j] /= rows;
      heap(backend, out).set(acc);
      return out as unknown as tf.TensorInfo;
    }
    const xv = heap(backend, x);
    const n = rows * B;
    // Four columns at a time in locals: 2.5x faster than one accumulator array pass.
    let j = 0;
    for (; j + 4 <= B; j += 4) {
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let o = j; o < n; o += B) {
        a0 += xv[o];
        a1 += xv[o + 1];
        a2 += xv[o + 2];
        a3 += xv[o + 3];
      }
      acc[j] = a0;
      acc[j + 1] = a1;
      acc[j + 2] = a2;
      acc[j + 3] = a3;
    }
    for (; j < B; j++) {
      let a = 0;
      for (let o = j; o < n; o += B) a += xv[o];
      acc[j] = a;
    }
    if (kind === 'Mean' && rows > 0) for (let j = 0; j < B; j++) acc[j] /= rows;
    heap(backend, out).set(acc);
    return out as unknown as tf.TensorInfo;
  };
}

/** (x − mean)·scale/√(variance + ε) + offset along the last axis, each parameter of size C or 1. */
const fusedBatchNorm: KernelFunc = (args) => {
  const backend = args.backend as unknown as WasmBackend;
  const ins = args.inputs as unknown as { x: TensorInfo; mean: TensorInfo; variance: TensorInfo; offset?: TensorInfo; scale?: TensorInfo };
  const { varianceEpsilon } = args.attrs as unknown as { varianceEpsilon: number };
  const { x } = ins;
  const C = x.shape[x.shape.length - 1] ?? 1;
  const size = (t: TensorInfo) => t.shape.reduce((a, b) => a * b, 1);
  const params = [ins.mean, ins.variance, ins.offset, ins.scale];
  const ok = x.dtype === 'float32' && x.shape.length >= 1 && params.every((t) => t == null || (t.dtype === 'float32' && (size(t) === C || size(t) === 1)));
  if (!ok) return stockKernel('FusedBatchNorm')(args);
  const out = alloc(backend, x.shape);
  const vec = (t: TensorInfo | undefined, dflt: number): Float32Array => {
    const v = new Float32Array(C).fill(dflt);
    if (t) {
      const h = heap(backend, t);
      for (let c = 0; c < C; c++) v[c] = h[h.length === 1 ? 0 : c];
    }
    return v;
  };
  const mean = vec(ins.mean, 0);
  const variance = vec(ins.variance, 1);
  const offset = vec(ins.offset, 0);
  const scale = vec(ins.scale, 1);
  const mul = new Float32Array(C);
  const add = new Float32Array(C);
  for (let c = 0; c < C; c++) {
    mul[c] = scale[c] / Math.sqrt(variance[c] + varianceEpsilon);
    add[c] = offset[c] - mean[c] * mul[c];
  }
  const xv = heap(backend, x);
  const ov = heap(backend, out);
  for (let o = 0; o < xv.length; o += C) for (let c = 0; c < C; c++) ov[o + c] = xv[o + c] * mul[c] + add[c];
  return out as unknown as tf.TensorInfo;
};

// ---------------------------------------------------------------------------------------------
// GradBook's own fused kernels (no TF.js op has these names; src/nn uses them where the active
// backend registers them and no gradient tape is recording, see batchnorm.ts and relu.ts).

/** The last axis' size C and the number of rows (all other axes) of x. */
function channelCount(x: TensorInfo): { C: number; rows: number } {
  const C = x.shape[x.shape.length - 1] ?? 1;
  const size = x.shape.reduce((a, b) => a * b, 1);
  return { C, rows: C === 0 ? 0 : size / C };
}

interface FusedExports {
  ch_sum(x: number, rows: number, C: number, acc: number): void;
  ch_sqdev(x: number, rows: number, C: number, mean: number, acc: number): void;
  ch_affine(x: number, out: number, rows: number, C: number, mean: number, mul: number, add: number): void;
  ch_bwd_sums(dy: number, x: number, rows: number, C: number, mean: number, sdy: number, sdyx: number): void;
  ch_bwd_dx(dy: number, x: number, out: number, rows: number, C: number, k: number, a: number, q: number, mean: number): void;
  relu_bwd(dy: number, x: number, out: number, n: number): void;
  bpf_c1(
    x: number, dy: number, dw: number, N: number, H: number, W: number, Ho: number, Wo: number, F: number,
    fh: number, fw: number, top: number, left: number,
  ): void;
  adam(
    p: number, g: number, m0: number, v0: number, mo: number, vo: number, po: number, n: number,
    b1: number, ob1: number, b2: number, ob2: number, c1: number, c2: number, lr: number, eps: number,
  ): void;
  maxpool2_grad(x: number, dy: number, dx: number, N: number, H: number, W: number, C: number, Ho: number, Wo: number): void;
  im2col_t(
    x: number, p: number, H: number, W: number, C: number, Ho: number, Wo: number, fh: number, fw: number,
    sh: number, sw: number, dh: number, dw: number, top: number, left: number, n0: number, n1: number, m: number,
  ): void;
  bpf_direct(
    x: number, dy: number, dw: number, N: number, H: number, W: number, C: number, Ho: number, Wo: number, F: number,
    fh: number, fw: number, sh: number, sw: number, dh: number, dwl: number, top: number, left: number,
  ): void;
  wino_in(x: number, v: number, zero: number, N: number, H: number, W: number, C: number, th: number, tw: number, top: number, left: number, T: number): void;
  conv_c1(
    x: number, w: number, bias: number, zero: number, out: number, N: number, H: number, W: number, Ho: number, Wo: number, F: number,
    fh: number, fw: number, top: number, left: number, lo: number,
  ): void;
  wino_out(m: number, out: number, bias: number, N: number, Ho: number, Wo: number, F: number, th: number, tw: number, T: number, lo: number): void;
  conv_cn(
    x: number, w: number, bias: number, zero: number, out: number, N: number, H: number, W: number, C: number, Ho: number, Wo: number,
    F: number, fh: number, fw: number, top: number, left: number, lo: number,
  ): void;
  gemm16(a: number, b: number, c: number, M: number, K: number, N: number): void;
  wino_conv(
    x: number, u: number, bias: number, zero: number, out: number, N: number, H: number, W: number, C: number, Ho: number, Wo: number,
    F: number, top: number, left: number, lo: number, s: number, chunk: number,
  ): void;
  maxpool2(x: number, out: number, N: number, H: number, W: number, C: number, Ho: number, Wo: number): void;
  dropout(x: number, out: number, mask: number, n: number, s0: number, s1: number, s2: number, c: number, keep: number, scale: number): void;
  bpf_cn(
    x: number, dy: number, dw: number, N: number, H: number, W: number, C: number, Ho: number, Wo: number, F: number,
    fh: number, fw: number, top: number, left: number,
  ): void;
}

/**
 * fused.wat's SIMD functions, instantiated on the backend's own memory (once per memory), or null
 * where that fails (no SIMD, memory not found): the kernels then run their JavaScript loops.
 * `pool` (helper threads, fusedPool.ts) is started on the first kernel that can split its work.
 */
interface Fused {
  exports: FusedExports;
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  pool?: FusedPool | null;
}
const fusedByMemory = new WeakMap<WebAssembly.Memory, Fused | null>();
let fusedDisabled = false;

function fusedState(backend: WasmBackend): Fused | null {
  if (fusedDisabled) return null;
  const memory = backend.wasm?.wasmMemory ?? backend.wasm?.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) return null;
  let f = fusedByMemory.get(memory);
  if (f === undefined) {
    try {
      const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
      const b64 = shared ? FUSED_WASM_SHARED : FUSED_WASM_PLAIN;
      const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
      const module = new WebAssembly.Module(bytes);
      const instance = new WebAssembly.Instance(module, { env: { memory } });
      f = { exports: instance.exports as unknown as FusedExports, module, memory };
    } catch {
      f = null;
    }
    fusedByMemory.set(memory, f);
  }
  return f;
}

function fusedWasm(backend: WasmBackend): FusedExports | null {
  return fusedState(backend)?.exports ?? null;
}

let poolDisabled = false;
let poolJobs = 0;

/** Turns the helper threads off (true) or on again, for tests and benchmarks. */
export function setFusedPoolDisabled(disabled: boolean): void {
  poolDisabled = disabled;
}

let forcedParts = 0;
/**
 * Splits every kernel that can split into `parts` parts run one after another on this thread
 * (0: as many as there are threads), so tests in Node check the splitting where no helper exists.
 */
export function setFusedSplitForTests(parts: number): void {
  forcedParts = Math.max(0, Math.floor(parts));
}

/** How many kernel parts the helper threads have run (tests check that they take part). */
export function fusedPoolJobs(): number {
  return poolJobs;
}

/**
 * Starts the helper threads for GradBook's own kernels where they can run (fusedPool.ts) and waits
 * until they are ready (at most timeoutMs). Returns how many threads the kernels can then use.
 */
export async function startWasmHelperThreads(backend: unknown, timeoutMs = 5000): Promise<number> {
  const b = backend as WasmBackend;
  const s = fusedState(b);
  if (!s || poolDisabled) return 1;
  fusedThreads(b);
  return s.pool ? 1 + (await s.pool.whenReady(timeoutMs)) : 1;
}

/** The backend's helper threads (null: none started or none could be), and how many are ready. */
export function fusedPoolInfo(backend: unknown): { helpers: number; ready: number } | null {
  const pool = fusedState(backend as WasmBackend)?.pool;
  return pool ? { helpers: pool.size, ready: pool.ready() } : null;
}

/**
 * How many threads GradBook's own kernels can use now: 1, plus the helpers that are ready where
 * the backend runs a thread pool and this thread may block (starts them on first call).
 */
function fusedThreads(backend: WasmBackend): number {
  const s = fusedState(backend);
  if (!s || poolDisabled) return 1;
  if (forcedParts > 0) return forcedParts;
  if (s.pool === undefined) {
    let threads = 1;
    try {
      threads = kernelThreadsCount();
    } catch {
      threads = 1;
    }
    s.pool = threads > 1 && canUseFusedPool(s.memory)
      ? startFusedPool(s.module, s.memory, s.exports as unknown as Record<string, unknown>, Object.keys(s.exports), Math.min(threads, 8) - 1)
      : null;
  }
  return s.pool ? 1 + s.pool.ready() : 1;
}

/**
 * Threads for a memory-bound pass over `floats` values: waking a helper costs tens of µs, as much
 * as such a pass over about 100,000 floats, so smaller ones stay on this thread.
 */
function partsFor(backend: WasmBackend, floats: number): number {
  return forcedParts > 0 || floats >= 1 << 17 ? fusedThreads(backend) : 1;
}

/**
 * Splits [0, n) into at most `parts` non-empty ranges, every boundary a multiple of `align`.
 * Kernels split rows or images this way and run one range per thread.
 */
function splitRange(n: number, parts: number, align = 1): [number, number][] {
  const units = Math.ceil(n / align);
  const k = Math.max(1, Math.min(parts, units));
  const out: [number, number][] = [];
  for (let i = 0; i < k; i++) {
    const a = Math.min(n, Math.floor((units * i) / k) * align);
    const b = Math.min(n, Math.floor((units * (i + 1)) / k) * align);
    if (b > a) out.push([a, b]);
  }
  return out;
}

/** Runs f[name] once per argument list: the first here, the others on ready helpers (else here). */
function runParts(backend: WasmBackend, name: keyof FusedExports, parts: readonly (readonly number[])[]): void {
  const s = fusedState(backend);
  if (!s) throw new Error('fused.wat is not available');
  const fn = s.exports[name] as unknown as (...a: number[]) => void;
  const pool = poolDisabled ? null : s.pool ?? null;
  const started: number[] = [];
  for (let i = 1; i < parts.length; i++) {
    if (pool?.start(i - 1, name, parts[i])) started.push(i - 1);
    else fn(...parts[i]);
  }
  if (parts.length > 0) fn(...parts[0]);
  for (const h of started) pool!.finish(h);
  poolJobs += started.length;
}

let directC1Disabled = false;

/** Turns bpf_c1 (one-channel filter gradient) off, so tests and benchmarks can compare it with bpf_direct. */
export function setDirectC1Disabled(disabled: boolean): void {
  directC1Disabled = disabled;
}

/** Turns the SIMD functions off (true) or on again, so tests can compare them with the JS loops. */
export function setFusedWasmDisabled(disabled: boolean): void {
  fusedDisabled = disabled;
}

/** A float32 scratch buffer of n values on the heap: its byte offset and a fresh view. */
function scratch(backend: WasmBackend, n: number): { t: TensorInfo; at: number } {
  const t = alloc(backend, [n]);
  return { t, at: backend.getMemoryOffset(t.dataId) };
}

/** n zeros on the heap (the convolutions' padding pixels read them; they stand in for a missing bias). */
function zeros(backend: WasmBackend, n: number): { t: TensorInfo; at: number } {
  const z = scratch(backend, n);
  heap(backend, z.t).fill(0);
  return z;
}

/**
 * Runs a fused function that adds per-channel float64 sums over rows (ch_sum, ch_sqdev,
 * ch_bwd_sums) with the rows split across threads, each part into its own zeroed accumulators,
 * and adds the parts into `sums` (one [C] array per accumulator the function takes).
 * `args(row0, rows, accAts)` gives a part's arguments.
 */
function accumulateRows(
  backend: WasmBackend, name: keyof FusedExports, rows: number, C: number, sums: Float64Array[],
  args: (row0: number, rows: number, accAts: number[]) => number[],
): void {
  const parts = splitRange(rows, partsFor(backend, rows * C));
  const A = sums.length;
  const s = scratch(backend, Math.max(1, parts.length * A) * 2 * C);
  heap(backend, s.t).fill(0);
  runParts(backend, name, parts.map(([a, b], i) => args(a, b - a, sums.map((_, j) => s.at + (i * A + j) * 8 * C))));
  const all = new Float64Array(heap(backend, s.t).buffer, s.at, parts.length * A * C);
  parts.forEach((_, i) => sums.forEach((sum, j) => {
    for (let c = 0; c < C; c++) sum[c] += all[(i * A + j) * C + c];
  }));
  backend.disposeData(s.t.dataId);
}

/** sums[c] += Σ_r x[r, c] over rows rows of C channels at byte offset xAt (ch_sum, split across threads). */
function channelSums(backend: WasmBackend, xAt: number, rows: number, C: number, sums: Float64Array): void {
  accumulateRows(backend, 'ch_sum', rows, C, [sums], (a, n, [acc]) => [xAt + 4 * a * C, n, C, acc]);
}

/**
 * Spatial batchnorm, train mode, over the last axis: inputs x [..., C], gamma [C], beta [C];
 * attrs eps. Outputs out (x's shape), the batch mean [C], the batch variance [C] (divided by N)
 * and invStd = 1/√(variance + eps) [C]. Three passes (mean, centred variance, normalize + scale
 * and shift; SIMD with float64 sums where C is a multiple of 4) instead of about ten ops.
 */
const spatialBatchnormTrain: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const backend = b as unknown as WasmBackend;
  const { x, gamma, beta } = inputs as unknown as { x: TensorInfo; gamma: TensorInfo; beta: TensorInfo };
  const { eps } = attrs as unknown as { eps: number };
  const { C, rows } = channelCount(x);
  const out = alloc(backend, x.shape);
  const meanT = alloc(backend, [C]);
  const varT = alloc(backend, [C]);
  const invT = alloc(backend, [C]);
  const f = C > 0 && C % 4 === 0 ? fusedWasm(backend) : null;
  const sum = new Float64Array(C);
  const mean = new Float32Array(C);
  const sq = new Float64Array(C);
  if (f) {
    // [f32 mean C | f32 mul C | f32 add C]; rows split across threads in each pass
    const s = scratch(backend, 3 * C);
    const xo = backend.getMemoryOffset(x.dataId);
    const outAt = backend.getMemoryOffset(out.dataId);
    channelSums(backend, xo, rows, C, sum);
    for (let c = 0; c < C; c++) mean[c] = rows > 0 ? sum[c] / rows : 0;
    heap(backend, s.t).set(mean, 0);
    accumulateRows(backend, 'ch_sqdev', rows, C, [sq], (a, n, [acc]) => [xo + 4 * a * C, n, C, s.at, acc]);
    const { mul, add } = bnStats();
    heap(backend, s.t).set(mul, C);
    heap(backend, s.t).set(add, 2 * C);
    runParts(backend, 'ch_affine', splitRange(rows, partsFor(backend, rows * C)).map(([a, b]) => [
      xo + 4 * a * C, outAt + 4 * a * C, b - a, C, s.at, s.at + 4 * C, s.at + 8 * C,
    ]));
    backend.disposeData(s.t.dataId);
  } else {
    const xv = heap(backend, x);
    const n = xv.length;
    for (let o = 0; o < n; o += C) for (let c = 0; c < C; c++) sum[c] += xv[o + c];
    for (let c = 0; c < C; c++) mean[c] = rows > 0 ? sum[c] / rows : 0;
    for (let o = 0; o < n; o += C) {
      for (let c = 0; c < C; c++) {
        const d = xv[o + c] - mean[c];
        sq[c] += d * d;
      }
    }
    const { mul, add } = bnStats();
    const ov = heap(backend, out);
    for (let o = 0; o < n; o += C) for (let c = 0; c < C; c++) ov[o + c] = (xv[o + c] - mean[c]) * mul[c] + add[c];
  }
  return [out, meanT, varT, invT] as unknown as tf.TensorInfo[];

  /** Writes mean, variance and invStd; returns the per-channel scale and shift. */
  function bnStats(): { mul: Float32Array; add: Float32Array } {
    const g = heap(backend, gamma);
    const bt = heap(backend, beta);
    const mv = heap(backend, meanT);
    const vv = heap(backend, varT);
    const iv = heap(backend, invT);
    const mul = new Float32Array(C);
    const add = new Float32Array(C);
    for (let c = 0; c < C; c++) {
      const variance = rows > 0 ? sq[c] / rows : 0;
      const inv = 1 / Math.sqrt(variance + eps);
      mv[c] = mean[c];
      vv[c] = variance;
      iv[c] = inv;
      mul[c] = g[c] * inv;
      add[c] = bt[c];
    }
    return { mul, add };
  }
};

/**
 * Its backward, train mode: inputs dy and x [..., C], mean, invStd and gamma [C]. With
 * x̂ = (x − mean)·invStd: dbeta = Σdy, dgamma = Σdy·x̂, and
 * dx = γ·invStd/N · (N·dy − dbeta − x̂·dgamma). Outputs dx, dgamma, dbeta. Two passes.
 */
const spatialBatchnormBackward: KernelFunc = ({ inputs, backend: b }) => {
  const backend = b as unknown as WasmBackend;
  const { dy, x, mean, invStd, gamma } = inputs as unknown as Record<'dy' | 'x' | 'mean' | 'invStd' | 'gamma', TensorInfo>;
  const { C, rows } = channelCount(x);
  const dx = alloc(backend, x.shape);
  const dgT = alloc(backend, [C]);
  const dbT = alloc(backend, [C]);
  const m = new Float32Array(heap(backend, mean));
  const inv = new Float32Array(heap(backend, invStd));
  const g = new Float32Array(heap(backend, gamma));
  const sdy = new Float64Array(C);
  const sdyx = new Float64Array(C);
  // dx = k·dy − a − (x − mean)·q with k = γ·invStd, a = k·dbeta/N, q = k·invStd·dgamma/N.
  const k = new Float32Array(C);
  const a = new Float32Array(C);
  const q = new Float32Array(C);
  const coefficients = () => {
    const dg = heap(backend, dgT);
    const db = heap(backend, dbT);
    for (let c = 0; c < C; c++) {
      const dgamma = sdyx[c] * inv[c];
      dg[c] = dgamma;
      db[c] = sdy[c];
      const kc = g[c] * inv[c];
      k[c] = kc;
      a[c] = rows > 0 ? (kc * sdy[c]) / rows : 0;
      q[c] = rows > 0 ? (kc * inv[c] * dgamma) / rows : 0;
    }
  };
  const f = C > 0 && C % 4 === 0 ? fusedWasm(backend) : null;
  if (f) {
    // [f32 mean C | f32 k C | f32 a C | f32 q C]; rows split across threads in both passes
    const s = scratch(backend, 4 * C);
    const xo = backend.getMemoryOffset(x.dataId);
    const dyo = backend.getMemoryOffset(dy.dataId);
    const dxo = backend.getMemoryOffset(dx.dataId);
    heap(backend, s.t).set(m, 0);
    accumulateRows(backend, 'ch_bwd_sums', rows, C, [sdy, sdyx], (r, n, [p, pq]) => [dyo + 4 * r * C, xo + 4 * r * C, n, C, s.at, p, pq]);
    coefficients();
    heap(backend, s.t).set(k, C);
    heap(backend, s.t).set(a, 2 * C);
    heap(backend, s.t).set(q, 3 * C);
    runParts(backend, 'ch_bwd_dx', splitRange(rows, partsFor(backend, rows * C)).map(([r0, r1]) => [
      dyo + 4 * r0 * C, xo + 4 * r0 * C, dxo + 4 * r0 * C, r1 - r0, C, s.at + 4 * C, s.at + 8 * C, s.at + 12 * C, s.at,
    ]));
    backend.disposeData(s.t.dataId);
  } else {
    const xv = heap(backend, x);
    const dv = heap(backend, dy);
    const n = xv.length;
    for (let o = 0; o < n; o += C) {
      for (let c = 0; c < C; c++) {
        const d = dv[o + c];
        sdy[c] += d;
        sdyx[c] += d * (xv[o + c] - m[c]);
      }
    }
    coefficients();
    const out = heap(backend, dx);
    for (let o = 0; o < n; o += C) {
      for (let c = 0; c < C; c++) out[o + c] = k[c] * dv[o + c] - a[c] - (xv[o + c] - m[c]) * q[c];
    }
  }
  return [dx, dgT, dbT] as unknown as tf.TensorInfo[];
};

/** ReLU's backward in one pass: dx = dy where x > 0, else 0 (inputs dy, x of one shape). */
const reluBackward: KernelFunc = ({ inputs, backend: b }) => {
  const backend = b as unknown as WasmBackend;
  const { dy, x } = inputs as unknown as { dy: TensorInfo; x: TensorInfo };
  const out = alloc(backend, x.shape);
  const f = fusedWasm(backend);
  if (f) {
    const n = x.shape.reduce((p, d) => p * d, 1);
    const [dyAt, xAt, outAt] = [dy, x, out].map((t) => backend.getMemoryOffset(t.dataId));
    runParts(backend, 'relu_bwd', splitRange(n, partsFor(backend, n), 4).map(([a, b]) => [dyAt + 4 * a, xAt + 4 * a, outAt + 4 * a, b - a]));
    return out as unknown as tf.TensorInfo;
  }
  const xv = heap(backend, x);
  const dv = heap(backend, dy);
  const ov = heap(backend, out);
  // Branch-free (a sign test mispredicts on half the entries): 3x faster than a conditional.
  for (let i = 0; i < xv.length; i++) ov[i] = dv[i] * +(xv[i] > 0);
  return out as unknown as tf.TensorInfo;
};

/** Alea's state: s0, s1, s2 (multiples of 2^-32 in [0, 1)) and the carry c. */
export interface AleaState {
  s0: number;
  s1: number;
  s2: number;
  c: number;
}

const ALEA_A = 2091639n;
const B32 = 1n << 32n;
const ALEA_M = ALEA_A * B32 ** 3n - 1n;
/** b⁻¹ mod m (b·a·b² = m + 1). */
const ALEA_B_INV = ALEA_A * B32 ** 2n;

function modPow(base: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  let x = base % m;
  for (; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * x) % m;
    x = (x * x) % m;
  }
  return r;
}

/**
 * Alea's state after k more draws, without drawing them. In integers (x = s·2^32) Alea is a lag-3
 * multiply-with-carry generator, x_n = (a·x_{n−3} + c_{n−1}) mod 2^32 with carry
 * c_n = ⌊(a·x_{n−3} + c_{n−1}) / 2^32⌋ (its float64 arithmetic is exact: a·x + c < 2^53), and
 * Z_n = c_n + a·(b²·x_n + b·x_{n−1} + x_{n−2}) (b = 2^32) satisfies Z_n = b⁻¹·Z_{n−1} mod a·b³ − 1.
 * So Z_{n+k} = b⁻ᵏ·Z_n: a thread can start its share of a dropout mask where the draws before it end.
 */
export function aleaJump(st: AleaState, k: number): AleaState {
  const x = (s: number) => BigInt(s * 4294967296);
  const z = BigInt(st.c) + ALEA_A * (B32 * B32 * x(st.s2) + B32 * x(st.s1) + x(st.s0));
  const zk = (modPow(ALEA_B_INV, BigInt(k), ALEA_M) * z) % ALEA_M;
  const c = zk % ALEA_A;
  const w = zk / ALEA_A;
  const f = (v: bigint) => Number(v % B32) / 4294967296;
  return { s0: f(w), s1: f(w / B32), s2: f(w / (B32 * B32)), c: Number(c) };
}

/**
 * Inverted dropout (train mode) in one pass: input x; attrs keepProb and the Alea state after
 * seeding (s0, s1, s2, c: seedrandom.alea(seed, { state: true }).state()). Outputs out and mask,
 * bit for bit what dropoutForward's ops give on this backend (tf.randomUniform's draws in order,
 * Less against float32 keepProb, Cast, RealDiv, Multiply), without the five kernels and the
 * JavaScript draw loop.
 */
const dropoutTrain: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const backend = b as unknown as WasmBackend;
  const { x } = inputs as unknown as { x: TensorInfo };
  const a = attrs as unknown as { keepProb: number; s0: number; s1: number; s2: number; c: number };
  const keep = Math.fround(a.keepProb);
  const scale = Math.fround(1 / keep);
  const out = alloc(backend, x.shape);
  const mask = alloc(backend, x.shape);
  const n = x.shape.reduce((p, d) => p * d, 1);
  const f = fusedWasm(backend);
  if (f) {
    // Each thread draws its own stretch of the sequence, from the state where the one before ends.
    const [xAt, outAt, maskAt] = [x, out, mask].map((t) => backend.getMemoryOffset(t.dataId));
    // (a draw costs about as much as a memory-bound pass over four floats: split from 32K draws)
    runParts(backend, 'dropout', splitRange(n, partsFor(backend, 4 * n)).map(([lo, hi]) => {
      const st = lo === 0 ? a : aleaJump(a, lo);
      return [xAt + 4 * lo, outAt + 4 * lo, maskAt + 4 * lo, hi - lo, st.s0, st.s1, st.s2, st.c, keep, scale];
    }));
  } else {
    const [xv, ov, mv] = [x, out, mask].map((t) => heap(backend, t));
    let { s0, s1, s2, c } = a;
    for (let i = 0; i < n; i++) {
      const t = 2091639 * s0 + c * 2.3283064365386963e-10;
      s0 = s1;
      s1 = s2;
      s2 = t - (c = t | 0);
      const m = Math.fround(s2) < keep ? scale : 0;
      mv[i] = m;
      ov[i] = xv[i] * m;
    }
  }
  return [out, mask] as unknown as tf.TensorInfo[];
};

/**
 * Adam's update in one pass instead of about twelve ops (and their dispatch) per parameter:
 * inputs param, grad, m, v (one shape); attrs beta1, beta2, lr, eps, t (the step, from 1).
 * Outputs the new m, v and param. Same float32 operations in the same order as adamStep's ops
 * (src/nn/model.ts), the constants rounded to float32 as TF.js's scalars are, so same bits.
 */
const adamUpdate: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const backend = b as unknown as WasmBackend;
  const { param, grad, m, v } = inputs as unknown as Record<'param' | 'grad' | 'm' | 'v', TensorInfo>;
  const { beta1, beta2, lr, eps, t } = attrs as unknown as Record<'beta1' | 'beta2' | 'lr' | 'eps' | 't', number>;
  const k = new Float32Array([beta1, 1 - beta1, beta2, 1 - beta2, 1 - beta1 ** t, 1 - beta2 ** t, lr, eps]);
  const mo = alloc(backend, param.shape);
  const vo = alloc(backend, param.shape);
  const po = alloc(backend, param.shape);
  const n = param.shape.reduce((p, d) => p * d, 1);
  const f = fusedWasm(backend);
  if (f) {
    const at = (t: TensorInfo) => backend.getMemoryOffset(t.dataId);
    f.adam(at(param), at(grad), at(m), at(v), at(mo), at(vo), at(po), n, k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7]);
  } else {
    const [pv, gv, mv, vv] = [param, grad, m, v].map((x) => heap(backend, x));
    const [mov, vov, pov] = [mo, vo, po].map((x) => heap(backend, x));
    const r = Math.fround;
    for (let i = 0; i < n; i++) {
      const g = gv[i];
      const mi = r(r(mv[i] * k[0]) + r(g * k[1]));
      const vi = r(r(vv[i] * k[2]) + r(r(g * g) * k[3]));
      mov[i] = mi;
      vov[i] = vi;
      pov[i] = pv[i] - r(r(r(mi / k[4]) * k[6]) / r(r(Math.sqrt(r(vi / k[5]))) + k[7]));
    }
  }
  return [mo, vo, po] as unknown as tf.TensorInfo[];
};

/**
 * Identity (tf.clone, and the layers' caches) shares the buffer, as on cpu, instead of stock
 * wasm's copy: no kernel writes into its inputs, so a shared buffer is never changed under a clone.
 */
const identity: KernelFunc = (args) => {
  const backend = args.backend as unknown as WasmBackend & { incRef(dataId: object): void };
  const { x } = args.inputs as unknown as { x: TensorInfo };
  if (x.dtype === 'string') return stockKernel('Identity')(args);
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype } as unknown as tf.TensorInfo;
};

// ---------------------------------------------------------------------------------------------

const KERNELS: Record<string, KernelFunc> = {
  Conv2DBackpropFilter: conv2DBackpropFilter,
  Conv2DBackpropInput: conv2DBackpropInput,
  Conv2D: convForward('Conv2D'),
  FusedConv2D: convForward('FusedConv2D'),
  DepthwiseConv2dNativeBackpropFilter: depthwiseBackpropFilter,
  DepthwiseConv2dNativeBackpropInput: depthwiseBackpropInput,
  MaxPool: maxPool,
  MaxPoolGrad: maxPoolGrad,
  Tile: tile,
  Sum: reduceLeading('Sum'),
  Mean: reduceLeading('Mean'),
  FusedBatchNorm: fusedBatchNorm,
  Identity: identity,
  BatchMatMul: batchMatMul,
  [SPATIAL_BATCHNORM_TRAIN]: spatialBatchnormTrain,
  [SPATIAL_BATCHNORM_BACKWARD]: spatialBatchnormBackward,
  [RELU_BACKWARD]: reluBackward,
  [ADAM_UPDATE]: adamUpdate,
  [DROPOUT_TRAIN]: dropoutTrain,
};

/** Kernel names GradBook registers for wasm. */
export const WASM_TRAINING_KERNELS: readonly string[] = Object.keys(KERNELS);

let installed = false;

/**
 * Registers GradBook's training kernels for the wasm backend, replacing stock ones of the same
 * name (kept, for restoreStockWasmKernels). Idempotent. Needs the wasm backend's package loaded
 * (its BatchMatMul kernel is called at run time, not here).
 */
export function registerWasmTrainingKernels(
  options: { skip?: readonly string[]; threads?: () => number; kernelThreads?: () => number } = {},
): void {
  if (installed) return;
  threadsCount = options.threads ?? (() => 1);
  kernelThreadsCount = options.kernelThreads ?? threadsCount;
  for (const [kernelName, kernelFunc] of Object.entries(KERNELS)) {
    if (options.skip?.includes(kernelName)) continue;
    const old = tf.getKernel(kernelName, 'wasm');
    stock.set(kernelName, old);
    if (old) tf.unregisterKernel(kernelName, 'wasm');
    // The stock setup (its cwrap of the C++ function) still runs, for the fallback paths.
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc, setupFunc: old?.setupFunc });
  }
  installed = true;
}

/** Puts the stock wasm kernels back (and removes the ones stock TF.js lacks). For benchmarks. */
export function restoreStockWasmKernels(): void {
  if (!installed) return;
  for (const [kernelName, old] of stock) {
    tf.unregisterKernel(kernelName, 'wasm');
    if (old) tf.registerKernel(old);
  }
  stock.clear();
  installed = false;
}

/** True while GradBook's wasm kernels are registered. */
export function wasmTrainingKernelsInstalled(): boolean {
  return installed;
}
