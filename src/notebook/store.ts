/**
 * Autosave in IndexedDB (through idb-keyval). When IndexedDB is missing, full or broken the app
 * keeps working from memory and says so; a record that no longer parses is kept under a backup
 * key instead of being overwritten, so nothing a student saved is thrown away.
 */
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import { answersRecordSchema, emptyRecord, storageKey, type AnswersRecord } from './answers';

export interface StoreWarning {
  kind: 'unavailable' | 'write-failed' | 'corrupted';
  message: string;
}

type Listener = (w: StoreWarning) => void;

export interface KeyValue {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
}

function idbBackend(): KeyValue | null {
  try {
    if (typeof indexedDB === 'undefined') return null;
    const store: UseStore = createStore('gradbook', 'answers');
    return {
      get: (k) => get(k, store),
      set: (k, v) => set(k, v, store),
      del: (k) => del(k, store),
    };
  } catch {
    return null;
  }
}

function memoryBackend(): KeyValue {
  const m = new Map<string, unknown>();
  return {
    get: async (k) => m.get(k),
    set: async (k, v) => void m.set(k, v),
    del: async (k) => void m.delete(k),
  };
}

export class AnswersStore {
  private backend: KeyValue;
  private fallback = memoryBackend();
  private listeners = new Set<Listener>();
  private queue: Promise<void> = Promise.resolve();

  constructor(backend: KeyValue | null = idbBackend()) {
    this.backend = backend ?? this.fallback;
    if (!backend) {
      queueMicrotask(() =>
        this.warn({ kind: 'unavailable', message: 'This browser does not allow saving (private mode?). Your answers are kept only until you close the tab.' }),
      );
    }
  }

  onWarning(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private warn(w: StoreWarning) {
    for (const l of this.listeners) l(w);
  }

  async load(notebookId: string, version: number, seed: number | null, overrides: Record<string, number> = {}): Promise<AnswersRecord> {
    const key = storageKey(notebookId, version, seed, overrides);
    // Memory holds what could not be written to the browser's storage, so it is the newer copy.
    let raw: unknown = await this.fallback.get(key);
    if (raw === undefined) {
      try {
        raw = await this.backend.get(key);
      } catch (e) {
        this.warn({ kind: 'write-failed', message: `Saved answers could not be read (${(e as Error).message}). You can keep working; nothing saved was deleted.` });
        return emptyRecord(notebookId, version, seed, overrides);
      }
    }
    if (raw === undefined) return emptyRecord(notebookId, version, seed, overrides);
    const parsed = answersRecordSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    const backupKey = `${key}/corrupted-${Date.now()}`;
    await this.backend.set(backupKey, raw).catch(() => undefined);
    this.warn({
      kind: 'corrupted',
      message: `The saved answers for this notebook were damaged and could not be read. A copy was kept (${backupKey}); you are starting from an empty page.`,
    });
    return emptyRecord(notebookId, version, seed, overrides);
  }

  /** Writes are serialized, so a slow write cannot land after a newer one. */
  save(record: AnswersRecord): Promise<void> {
    const key = storageKey(record.notebookId, record.version, record.seed, record.overrides);
    this.queue = this.queue.then(async () => {
      try {
        await this.backend.set(key, record);
      } catch (e) {
        const full = (e as Error).name === 'QuotaExceededError';
        this.warn({
          kind: 'write-failed',
          message: full
            ? 'Browser storage is full: your latest answers are not saved. Free some space or download a submission to keep them.'
            : `Saving failed (${(e as Error).message}): your latest answers are not saved.`,
        });
        await this.fallback.set(key, record);
      }
    });
    return this.queue;
  }

  async remove(notebookId: string, version: number, seed: number | null, overrides: Record<string, number> = {}): Promise<void> {
    const key = storageKey(notebookId, version, seed, overrides);
    await this.fallback.del(key);
    await this.backend.del(key);
  }
}
