/**
 * Trains the reference CNN (src/nn/referenceModel.ts: GradBook's layers or tf.layers) on one
 * backend for the benchmark:
 * warm-up steps, then timed steps until `maxSteps` or `maxSeconds` (at least `minSteps`).
 * `wasm-stock` is the wasm backend with TF.js's own kernels only (GradBook's removed); `wasm-st`
 * forces the single-threaded SIMD build.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmXnnpackThreads, useBackend } from '../../src/nn/backend';
import { buildReferenceModel, referenceBatch, referenceTrainStep, REFERENCE_BATCH, ReferenceNet } from '../../src/nn/referenceModel';
import { fusedPoolInfo, fusedPoolJobs, restoreStockWasmKernels, setBpfCnDisabled, setConvC1Disabled, setConvCnDisabled, setFusedPoolDisabled, setOwnWinogradDisabled, setWinogradDisabled } from '../../src/nn/wasm/kernels';
import { setLayersFastPathsEnabled } from '../../src/nn/layersFastPaths';
import { ConvNet } from '../../src/nn/model';
import { DEFAULT_MODEL_CONFIG } from '../../src/nn/modelConfig';

export interface BenchRequest {
  /** wasm-st: the single-threaded SIMD build even where the page could run the threaded one. */
  backend: 'webgpu' | 'webgl' | 'wasm' | 'wasm-st' | 'wasm-stock' | 'cpu';
  warmup: number;
  /** And warm-up steps until this many seconds have passed (wasm: V8 compiles hot code in the background). */
  warmupSeconds?: number;
  minSteps: number;
  maxSteps: number;
  maxSeconds: number;
  /**
   * 'gradbook': src/nn's layers with explicit backward passes (as the training cell); 'layers':
   * tf.layers; 'layers-stock': tf.layers without GradBook's tf.layers fast paths (layersFastPaths.ts).
   */
  model: 'gradbook' | 'layers' | 'layers-stock' | 'convnet';
  /** Experiment switches: the names in SWITCH_OFF (paths turned off) and 'xnn1' (XNNPACK on one thread). */
  flags?: string[];
  /** Steps to profile with tf.profile after the timed ones (0: none). */
  profileSteps?: number;
}

export interface BenchResult {
  backend: string;
  model?: string;
  ok: boolean;
  imgPerS?: number;
  steps?: number;
  seconds?: number;
  firstLoss?: number;
  lastLoss?: number;
  threads?: number;
  crossOriginIsolated?: boolean;
  multithreadSupport?: boolean;
  error?: string;
  /** Kernel parts GradBook's helper threads ran (wasm). */
  poolJobs?: number;
  pool?: { helpers: number; ready: number } | null;
  /** Per-kernel wall ms per step (tf.profile), when asked. */
  kernels?: { name: string; ms: number; calls: number }[];
}

/** Experiment switches (the third field of a bench row): each turns one of GradBook's paths off. */
const SWITCH_OFF: Record<string, (disabled: boolean) => void> = {
  nopool: setFusedPoolDisabled,
  nowino: setWinogradDisabled,
  noc1: setConvC1Disabled,
  nocn: setConvCnDisabled,
  nobpfcn: setBpfCnDisabled,
  noownwino: setOwnWinogradDisabled,
};

self.onmessage = async (e: MessageEvent<BenchRequest>) => {
  const req = e.data;
  const res: BenchResult = { backend: req.backend, model: req.model, ok: false };
  try {
    const name = req.backend.startsWith('wasm') ? 'wasm' : (req.backend as 'webgpu' | 'webgl' | 'cpu');
    if (req.backend === 'wasm-st') {
      await import('@tensorflow/tfjs-backend-wasm'); // registers the flag
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    }
    if (req.flags?.includes('xnn1')) setWasmXnnpackThreads(1);
    await useBackend(name);
    if (req.backend === 'wasm-stock') restoreStockWasmKernels();
    for (const flag of req.flags ?? []) SWITCH_OFF[flag]?.(true);
    if (name === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      res.threads = wasm.getThreadsCount();
      res.crossOriginIsolated = self.crossOriginIsolated;
      res.multithreadSupport = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
    }
    const { x, y } = referenceBatch(REFERENCE_BATCH, 1);
    const labels = tf.tidy(() => tf.argMax(y, 1).toInt()) as tf.Tensor1D;
    let step: () => Promise<number>;
    let dispose: () => void;
    if (req.model === 'layers' || req.model === 'layers-stock') {
      setLayersFastPathsEnabled(req.model === 'layers');
      const model = buildReferenceModel(1);
      step = () => referenceTrainStep(model, x, y);
      dispose = () => model.dispose();
    } else if (req.model === 'convnet') {
      // the training cell's default model (2 blocks of 16, batchnorm, dropout 0.25)
      const net = new ConvNet(DEFAULT_MODEL_CONFIG);
      step = () => net.trainStep(x, labels);
      dispose = () => net.dispose();
    } else {
      const net = new ReferenceNet(1);
      step = () => net.trainStep(x, labels);
      dispose = () => net.dispose();
    }
    const w0 = performance.now();
    for (let i = 0; i < req.warmup || performance.now() - w0 < (req.warmupSeconds ?? 0) * 1000; i++) {
      const l = await step();
      if (i === 0) res.firstLoss = l;
    }
    let steps = 0;
    const t0 = performance.now();
    let last = NaN;
    while (steps < req.maxSteps && (steps < req.minSteps || performance.now() - t0 < req.maxSeconds * 1000)) {
      last = await step();
      steps++;
    }
    const seconds = (performance.now() - t0) / 1000;
    Object.assign(res, { ok: true, steps, seconds, imgPerS: (steps * REFERENCE_BATCH) / seconds, lastLoss: last, poolJobs: fusedPoolJobs(), pool: fusedPoolInfo(tf.backend()) });
    if (req.profileSteps) {
      const n = req.profileSteps;
      const info = await tf.profile(async () => {
        for (let i = 0; i < n; i++) await step();
      });
      const byName = new Map<string, { ms: number; calls: number }>();
      for (const k of info.kernels) {
        const e = byName.get(k.name) ?? { ms: 0, calls: 0 };
        e.ms += Number(k.kernelTimeMs) || 0;
        e.calls++;
        byName.set(k.name, e);
      }
      res.kernels = [...byName].map(([name, e]) => ({ name, ms: e.ms / n, calls: e.calls / n })).sort((a, b) => b.ms - a.ms);
    }
    dispose();
    tf.dispose([x, y, labels]);
  } catch (err) {
    res.error = err instanceof Error ? err.message : String(err);
  }
  (self as unknown as Worker).postMessage(res);
};
