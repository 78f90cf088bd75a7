/**
 * The benchmark page: runs each backend's trial in a fresh module worker (as the training cell
 * does) and hands the results to scripts/bench.mjs through window.runTrainBench.
 */
import type { BenchRequest, BenchResult } from './trainBench.worker';

function runOne(req: BenchRequest, timeoutMs: number): Promise<BenchResult> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./trainBench.worker.ts', import.meta.url), { type: 'module' });
    const timer = setTimeout(() => {
      worker.terminate();
      resolve({ backend: req.backend, ok: false, error: `no result within ${Math.round(timeoutMs / 1000)} s` });
    }, timeoutMs);
    worker.onmessage = (e: MessageEvent<BenchResult>) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(e.data);
    };
    worker.onerror = (e) => {
      clearTimeout(timer);
      worker.terminate();
      resolve({ backend: req.backend, ok: false, error: e.message || 'worker error' });
    };
    worker.postMessage(req);
  });
}

declare global {
  interface Window {
    runTrainBench(reqs: BenchRequest[], timeoutMs: number): Promise<BenchResult[]>;
    benchInfo(): { crossOriginIsolated: boolean; userAgent: string; cores: number };
  }
}

window.runTrainBench = async (reqs, timeoutMs) => {
  const out: BenchResult[] = [];
  for (const r of reqs) {
    document.getElementById('status')!.textContent = `running ${r.backend}…`;
    out.push(await runOne(r, timeoutMs));
  }
  document.getElementById('status')!.textContent = 'done';
  return out;
};
window.benchInfo = () => ({ crossOriginIsolated: self.crossOriginIsolated, userAgent: navigator.userAgent, cores: navigator.hardwareConcurrency });
document.getElementById('status')!.textContent = 'ready';
