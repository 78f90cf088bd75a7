/**
 * A module fetched once, on first use, for views that can render without it (a placeholder) and
 * re-render when it arrives. A failed fetch (offline before the first full visit) is tried again by
 * the next caller instead of failing forever.
 */
import { useEffect, useState } from 'react';

export function lazyModule<T>(importer: () => Promise<T>): { load: () => Promise<T>; useLoaded: () => T | null } {
  let value: T | null = null;
  let loading: Promise<T> | null = null;
  const load = (): Promise<T> => {
    loading ??= importer().then(
      (m) => (value = m),
      (e) => {
        loading = null;
        throw e;
      },
    );
    return loading;
  };
  /** The module once loaded (null before); asking for it starts the fetch. */
  function useLoaded(): T | null {
    const [v, setV] = useState<T | null>(value);
    useEffect(() => {
      if (v) return;
      let live = true;
      load().then(
        (m) => live && setV(() => m),
        () => {},
      );
      return () => {
        live = false;
      };
    }, [v]);
    return v;
  }
  return { load, useLoaded };
}
