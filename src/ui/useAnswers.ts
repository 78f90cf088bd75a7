import { useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { AnswersRecord, PartState } from '../notebook/answers';
import { StoreContext } from './storeContext';

/** The variant's answers record: loaded once, saved on every change. */
export function useAnswers(notebookId: string, version: number, seed: number | null, overrides: Record<string, number>) {
  const store = useContext(StoreContext)!;
  const [record, setRecord] = useState<AnswersRecord | null>(null);
  const overridesKey = JSON.stringify(overrides);
  const latest = useRef<AnswersRecord | null>(null);

  useEffect(() => {
    let live = true;
    setRecord(null);
    store.load(notebookId, version, seed, JSON.parse(overridesKey)).then((r) => {
      if (!live) return;
      latest.current = r;
      setRecord(r);
    });
    return () => {
      live = false;
    };
  }, [store, notebookId, version, seed, overridesKey]);

  const updatePart = useCallback(
    (partId: string, patch: Partial<PartState>) => {
      const current = latest.current;
      if (!current) return;
      const now = new Date().toISOString();
      const prev = current.parts[partId] ?? { input: '', updatedAt: now };
      const next: AnswersRecord = { ...current, updatedAt: now, parts: { ...current.parts, [partId]: { ...prev, ...patch, firstAt: prev.firstAt ?? prev.updatedAt, updatedAt: now } } };
      latest.current = next;
      setRecord(next);
      void store.save(next);
    },
    [store],
  );

  const reset = useCallback(async () => {
    const current = latest.current;
    if (!current) return;
    await store.remove(current.notebookId, current.version, current.seed, current.overrides);
    const cleared: AnswersRecord = { ...current, parts: {}, updatedAt: new Date().toISOString() };
    latest.current = cleared;
    setRecord(cleared);
  }, [store]);

  return { record, updatePart, reset };
}
