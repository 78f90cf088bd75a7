/**
 * The notebook page's expression engine (./engineModule.ts), fetched once, after the first paint.
 * Views that need it render without it first (a template shows `…`, a preview waits) and re-render
 * when it arrives; `loadEngine()` is what a Check pressed before then awaits.
 */
import { useEffect, useState } from 'react';

export type Engine = typeof import('./engineModule');

let engine: Engine | null = null;
let loading: Promise<Engine> | null = null;

export function loadEngine(): Promise<Engine> {
  loading ??= import('./engineModule').then(
    (m) => (engine = m),
    (e) => {
      // A failed fetch (offline before the first full visit) can be retried by the next call.
      loading = null;
      throw e;
    },
  );
  return loading;
}

/** The engine once loaded (null before); asking for it starts the fetch. */
export function useEngine(): Engine | null {
  const [e, setE] = useState<Engine | null>(engine);
  useEffect(() => {
    if (e) return;
    let live = true;
    loadEngine().then((m) => live && setE(() => m), () => {});
    return () => {
      live = false;
    };
  }, [e]);
  return e;
}
