/**
 * Helper threads for fused.wat's kernels. TF.js's threaded wasm build runs XNNPACK's products on
 * every core, but GradBook's own kernels (batchnorm, ReLU and max-pool gradients, patches, the
 * Winograd transforms) are plain calls on the calling thread. Where that thread may block (a
 * dedicated worker, as the training worker; the page's main thread may not) and the backend's
 * memory is shared (a cross-origin isolated page), this starts helper workers that instantiate the
 * same module on the same memory, so a kernel can hand part of its rows to them: each helper has a
 * small shared control block (posted/done sequence numbers, a function index and its arguments),
 * and waits on it with Atomics.wait after a short spin.
 *
 * The helpers are started on first use and join once they are ready; until then, and wherever
 * they cannot exist, `start` answers false and the caller runs every part itself (same results:
 * the parts are independent). The helper's code is a string run from a blob: URL, so it needs no
 * bundling and refers to nothing outside itself.
 */

/** How many times a waiting thread polls before it sleeps (each poll is a few ns). */
const HELPER_SPIN = 4000;
const MAIN_SPIN = 200_000;
/** A helper that has not answered in this long is taken as lost: the kernel throws. */
const HELPER_TIMEOUT_MS = 20_000;

// ctrl (Int32): [0] posted sequence, [1] done sequence, [2] state (0 starting, 1 ready,
// 2 the last job threw), [3] function index; args (Float64, from byte 64): [0] count, then the values.
const HELPER_SOURCE = `
onmessage = (e) => {
  const { module, memory, sab, names, spin } = e.data;
  const ctrl = new Int32Array(sab, 0, 16);
  const args = new Float64Array(sab, 64, 32);
  let fns;
  try {
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
    fns = names.map((n) => exports[n]);
  } catch (err) {
    Atomics.store(ctrl, 2, 3);
    Atomics.notify(ctrl, 2);
    return;
  }
  Atomics.store(ctrl, 2, 1);
  Atomics.notify(ctrl, 2);
  let seen = 0;
  for (;;) {
    let s = Atomics.load(ctrl, 0);
    for (let i = 0; s === seen && i < spin; i++) s = Atomics.load(ctrl, 0);
    while (s === seen) {
      Atomics.wait(ctrl, 0, seen);
      s = Atomics.load(ctrl, 0);
    }
    seen = s;
    try {
      fns[ctrl[3]](...args.subarray(1, 1 + args[0]));
    } catch (err) {
      Atomics.store(ctrl, 2, 2);
    }
    Atomics.store(ctrl, 1, s);
    Atomics.notify(ctrl, 1);
  }
};
`;

interface Helper {
  worker: Worker;
  ctrl: Int32Array;
  args: Float64Array;
  seq: number;
  /** The arguments of the job in flight (re-run here if the helper threw). */
  pending: { fn: number; args: readonly number[] } | null;
}

export interface FusedPool {
  /** Helpers started (ready or not). */
  readonly size: number;
  /** How many helpers are ready now. */
  ready(): number;
  /**
   * Resolves with the number of ready helpers once every helper is ready or has failed, or after
   * timeoutMs. A worker starts only while its creator's event loop turns, and a thread that trains
   * does not turn it between steps: await this before training.
   */
  whenReady(timeoutMs: number): Promise<number>;
  /** Starts exports[name](...args) on helper i; false when it is not ready (the caller runs that part). */
  start(i: number, name: string, args: readonly number[]): boolean;
  /** Waits for helper i's job (re-runs it here if it threw, so its error surfaces here). */
  finish(i: number): void;
}

/** True where this thread may block on Atomics.wait and start workers that share its memory. */
export function canUseFusedPool(memory: WebAssembly.Memory): boolean {
  const g = globalThis as { WorkerGlobalScope?: unknown; crossOriginIsolated?: boolean };
  return (
    typeof g.WorkerGlobalScope !== 'undefined' &&
    typeof Worker === 'function' &&
    typeof SharedArrayBuffer !== 'undefined' &&
    g.crossOriginIsolated === true &&
    memory.buffer instanceof SharedArrayBuffer
  );
}

/**
 * Starts `count` helpers that instantiate `module` on `memory` (which must be shared). `exports`
 * are this thread's instance of the same module (to re-run a part whose helper failed).
 */
export function startFusedPool(
  module: WebAssembly.Module, memory: WebAssembly.Memory, exports: Record<string, unknown>, names: readonly string[], count: number,
): FusedPool {
  const index = new Map(names.map((n, i) => [n, i]));
  const url = URL.createObjectURL(new Blob([HELPER_SOURCE], { type: 'text/javascript' }));
  const helpers: Helper[] = [];
  for (let i = 0; i < count; i++) {
    const sab = new SharedArrayBuffer(64 + 8 * 32);
    const worker = new Worker(url);
    const ctrl = new Int32Array(sab, 0, 16);
    // A helper that cannot start (a policy refusing blob: workers, say) counts as failed at once,
    // so whenReady does not wait for it.
    worker.onerror = () => {
      if (Atomics.load(ctrl, 2) === 0) Atomics.store(ctrl, 2, 3);
    };
    worker.postMessage({ module, memory, sab, names, spin: HELPER_SPIN });
    helpers.push({ worker, ctrl, args: new Float64Array(sab, 64, 32), seq: 0, pending: null });
  }
  // Set when a helper stops answering: the pool is not used again.
  let lost = false;
  const run = (fn: number, args: readonly number[]) => (exports[names[fn]] as (...a: number[]) => void)(...args);
  return {
    size: count,
    ready: () => (lost ? 0 : helpers.filter((h) => Atomics.load(h.ctrl, 2) === 1).length),
    async whenReady(timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      while (!lost && helpers.some((h) => Atomics.load(h.ctrl, 2) === 0) && performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, 5));
      }
      return this.ready();
    },
    start(i, name, args) {
      const h = helpers[i];
      const fn = index.get(name);
      if (lost || !h || fn === undefined || Atomics.load(h.ctrl, 2) !== 1 || args.length > 31) return false;
      h.ctrl[3] = fn;
      h.args[0] = args.length;
      for (let k = 0; k < args.length; k++) h.args[k + 1] = args[k];
      h.pending = { fn, args };
      h.seq++;
      Atomics.store(h.ctrl, 0, h.seq);
      Atomics.notify(h.ctrl, 0);
      return true;
    },
    finish(i) {
      const h = helpers[i];
      if (!h?.pending) return;
      let d = Atomics.load(h.ctrl, 1);
      for (let k = 0; d !== h.seq && k < MAIN_SPIN; k++) d = Atomics.load(h.ctrl, 1);
      const deadline = performance.now() + HELPER_TIMEOUT_MS;
      while (d !== h.seq) {
        Atomics.wait(h.ctrl, 1, d, 50);
        d = Atomics.load(h.ctrl, 1);
        if (d !== h.seq && performance.now() > deadline) {
          lost = true;
          throw new Error("GradBook's kernel helper thread stopped answering");
        }
      }
      const job = h.pending;
      h.pending = null;
      if (Atomics.load(h.ctrl, 2) === 2) {
        Atomics.store(h.ctrl, 2, 1);
        run(job.fn, job.args);
      }
    },
  };
}
