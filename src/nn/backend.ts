import * as tf from '@tensorflow/tfjs';
import { fusedPoolInfo, registerWasmTrainingKernels, startWasmHelperThreads, wasmTrainingKernelsInstalled } from './wasm/kernels';
import { installLayersFastPaths } from './layersFastPaths';
import { errorMessage } from '../core/errorMessage';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** Fastest first: the order GradBook tries them in when nothing else decides. */
export const BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

const isBrowser = typeof window !== 'undefined' || typeof importScripts === 'function';

export function isBackendName(name: string): name is BackendName {
  return (BACKENDS as readonly string[]).includes(name);
}

/**
 * The wasm binaries are served as assets; their URLs come from Vite so that they carry the build's
 * hashed names and base path. Only done in a browser: in Node the package finds its own files.
 */
async function configureWasmPaths(setWasmPaths: (paths: Record<string, string>) => void): Promise<void> {
  const [plain, simd, threaded] = await Promise.all([
    import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url'),
    import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'),
    import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url'),
  ]);
  setWasmPaths({
    'tfjs-backend-wasm.wasm': plain.default,
    'tfjs-backend-wasm-simd.wasm': simd.default,
    'tfjs-backend-wasm-threaded-simd.wasm': threaded.default,
  });
}

let wasmPrepared: Promise<void> | null = null;

/**
 * Whether TF.js has a started instance of `name`. Not tf.findBackend: that call starts a registered
 * backend as a side effect, which for wasm meant fetching the binary before its hashed URL was set
 * (the unhashed URL got the HTML page back: a CompileError in the console).
 */
function isStarted(name: BackendName): boolean {
  return name in tf.engine().registry;
}

let xnnpackThreads: number | null = null;

/** XNNPACK's pool size (null: one thread per core); only before the wasm backend starts. For benchmarks. */
export function setWasmXnnpackThreads(n: number | null): void {
  xnnpackThreads = n;
}

/**
 * Loads tfjs-backend-wasm and readies it once, whoever imported the package first: in a browser
 * the binaries' URLs and the thread count (both must be set before the backend starts), and
 * everywhere GradBook's training kernels (stock wasm cannot train a CNN: missing and wrong
 * gradient kernels).
 */
function prepareWasm(): Promise<void> {
  wasmPrepared ??= (async () => {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const cores = isBrowser && typeof navigator !== 'undefined' ? Math.max(1, Math.min(navigator.hardwareConcurrency || 1, 8)) : 1;
    if (isBrowser && !isStarted('wasm')) {
      await configureWasmPaths(wasm.setWasmPaths);
      // Threads need a cross-origin isolated page (SharedArrayBuffer); TF.js checks that itself
      // and otherwise loads the single-threaded SIMD build. In a build, vite.config.ts's
      // wasmThreadsInBuild lets the threaded build's pthread workers start (they failed with
      // "e is not defined"). See src/nn/README.md for what the thread pool then does.
      wasm.setThreadsCount(xnnpackThreads ?? cores);
    }
    // GradBook's own kernels use every core (helper threads, where the threaded build runs).
    registerWasmTrainingKernels({ threads: () => wasm.getThreadsCount(), kernelThreads: () => cores });
    // A student's tf.layers model gets the fused kernels too (they apply only where registered).
    installLayersFastPaths();
  })();
  return wasmPrepared;
}

/**
 * Registers a backend's package if it is not yet registered. webgl and cpu come with
 * @tensorflow/tfjs; webgpu and wasm are loaded here, on demand, so pages that never use them never
 * download them.
 */
async function ensureRegistered(name: BackendName): Promise<void> {
  if (name === 'wasm') {
    await prepareWasm();
  } else if (name === 'webgpu' && tf.findBackendFactory(name) === null) {
    await import('@tensorflow/tfjs-backend-webgpu');
  }
  if (tf.findBackendFactory(name) === null) throw new Error(`The '${name}' backend could not be registered`);
}

/**
 * tfjs-backend-wasm 4.22 caps its thread pool at navigator.hardwareConcurrency / 2, read once when
 * the threaded module starts ("many x86-64 processors have 2 threads per core"): one thread on a
 * 2-core machine whatever setThreadsCount asks. While the backend starts, report twice the cores so
 * the cap becomes the real core count; returns the function that undoes it. Only where threads can
 * run (cross-origin isolated) and the navigator lets an own property shadow its getter.
 */
function countEveryCoreForWasm(): () => void {
  if (!isBrowser || typeof navigator === 'undefined' || typeof crossOriginIsolated === 'undefined' || !crossOriginIsolated) {
    return () => {};
  }
  const cores = navigator.hardwareConcurrency || 1;
  try {
    Object.defineProperty(navigator, 'hardwareConcurrency', { value: cores * 2, configurable: true });
  } catch {
    return () => {};
  }
  return () => {
    try {
      delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
    } catch {
      // leave it: it only matters to code that sizes thread pools
    }
  };
}

/**
 * Makes `name` the active TF.js backend, loading its package on first use. Throws when the
 * environment cannot run it (no WebGPU adapter, no WebGL context, ...), so the caller can fall back.
 */
export async function useBackend(name: string): Promise<BackendName> {
  if (!isBackendName(name)) {
    throw new Error(`Unknown backend '${name}'; expected one of ${BACKENDS.join(', ')}`);
  }
  await ensureRegistered(name);
  let ok: boolean;
  const restore = name === 'wasm' && !isStarted('wasm') ? countEveryCoreForWasm() : () => {};
  try {
    ok = await tf.setBackend(name);
  } catch (err) {
    throw new Error(`The '${name}' backend failed to start: ${errorMessage(err)}`);
  } finally {
    restore();
  }
  if (!ok || tf.getBackend() !== name) throw new Error(`The '${name}' backend failed to start in this environment`);
  await tf.ready();
  // GradBook's own kernels get helper threads where the thread pool runs (a worker of a
  // cross-origin isolated page); they start now, while this thread's event loop still turns.
  if (name === 'wasm' && wasmTrainingKernelsInstalled()) await startWasmHelperThreads(tf.backend());
  return name;
}

/** wasm's threads: XNNPACK's pool and GradBook's own kernels (the training cell shows both). */
export interface WasmThreads {
  pool: number;
  kernels: number;
}

/**
 * The threads the active backend trains on where it is wasm: XNNPACK's pool (products and stock
 * kernels) and GradBook's own kernels (this thread plus its ready helper threads); null otherwise.
 */
export async function wasmThreads(): Promise<WasmThreads | null> {
  if (tf.getBackend() !== 'wasm') return null;
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  return { pool: wasm.getThreadsCount(), kernels: 1 + (fusedPoolInfo(tf.backend())?.ready ?? 0) };
}

/** Alias with the name TF.js uses. */
export const setBackend = useBackend;

interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: Record<string, string>;
}
interface GpuNavigator {
  gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> };
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/**
 * True when webgpu or webgl would run on a software rasterizer (SwiftShader, llvmpipe: the CPU
 * emulating a GPU, two orders of magnitude slower than wasm here), or is not there at all. The
 * training cell's automatic backend trial skips those: their first step alone took seconds.
 */
export async function isSoftwareRendered(name: 'webgpu' | 'webgl'): Promise<boolean> {
  try {
    if (name === 'webgpu') {
      const adapter = await (typeof navigator !== 'undefined' ? (navigator as GpuNavigator).gpu?.requestAdapter() : undefined);
      if (!adapter) return true;
      const info = adapter.info ?? {};
      return adapter.isFallbackAdapter === true || SOFTWARE_RENDERER.test(['vendor', 'architecture', 'device', 'description'].map((k) => info[k] ?? '').join(' '));
    }
    const gl = webglContext();
    if (!gl) return true;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    return SOFTWARE_RENDERER.test(renderer);
  } catch {
    return false; // cannot tell: let the trial measure it
  }
}

/**
 * Backends this environment can probably run, in preference order, found without downloading any
 * backend package: a WebGPU adapter, a WebGL context, WebAssembly. `cpu` is always there. A listed
 * backend can still fail in `useBackend` (a blocklisted GPU, say).
 */
export async function listAvailableBackends(): Promise<BackendName[]> {
  const found: BackendName[] = [];
  const nav = (typeof navigator !== 'undefined' ? navigator : undefined) as GpuNavigator | undefined;
  if (nav?.gpu) {
    try {
      if ((await nav.gpu.requestAdapter()) != null) found.push('webgpu');
    } catch {
      // An adapter request can reject where WebGPU is disabled; that just means no webgpu.
    }
  }
  if (hasWebGL()) found.push('webgl');
  if (typeof WebAssembly === 'object') found.push('wasm');
  found.push('cpu');
  return found;
}

/** A WebGL2 (else WebGL) context on a fresh 1x1 canvas, offscreen where possible; null where there is none. */
function webglContext(): WebGLRenderingContext | WebGL2RenderingContext | null {
  try {
    if (typeof OffscreenCanvas !== 'undefined') {
      const c = new OffscreenCanvas(1, 1);
      const gl = c.getContext('webgl2') ?? c.getContext('webgl');
      if (gl) return gl;
    }
    if (typeof document !== 'undefined') {
      const c = document.createElement('canvas');
      return c.getContext('webgl2') ?? c.getContext('webgl');
    }
  } catch {
    // Some browsers throw instead of returning null when GL is blocked.
  }
  return null;
}

function hasWebGL(): boolean {
  return webglContext() !== null;
}

/** The active backend's name, as TF.js reports it. */
export function currentBackend(): string {
  return tf.getBackend();
}
