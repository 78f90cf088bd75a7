import { describe, expect, it } from 'vitest';
import { emptyRecord, storageKey } from '../../../src/notebook/answers';
import { AnswersStore, type KeyValue, type StoreWarning } from '../../../src/notebook/store';

function memory(): KeyValue & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return { data, get: async (k) => data.get(k), set: async (k, v) => void data.set(k, v), del: async (k) => void data.delete(k) };
}

describe('AnswersStore', () => {
  it('saves and loads a record by notebook, version and seed', async () => {
    const store = new AnswersStore(memory());
    const r = emptyRecord('hw1', 1, 5);
    r.parts['1a'] = { input: '108', verdict: 'correct', updatedAt: 'now' };
    await store.save(r);
    expect((await store.load('hw1', 1, 5)).parts['1a'].input).toBe('108');
    expect((await store.load('hw1', 1, null)).parts).toEqual({});
    expect((await store.load('hw1', 2, 5)).parts).toEqual({});
  });
  it('keeps a corrupted record aside and warns', async () => {
    const kv = memory();
    kv.data.set(storageKey('hw1', 1, null), { garbage: true });
    const store = new AnswersStore(kv);
    const warnings: StoreWarning[] = [];
    store.onWarning((w) => warnings.push(w));
    const r = await store.load('hw1', 1, null);
    expect(r.parts).toEqual({});
    expect(warnings[0].kind).toBe('corrupted');
    expect([...kv.data.keys()].some((k) => k.includes('corrupted'))).toBe(true);
  });
  it('keeps working in memory when writes fail, and warns', async () => {
    const kv = memory();
    kv.set = async () => {
      const e = new Error('quota');
      e.name = 'QuotaExceededError';
      throw e;
    };
    const store = new AnswersStore(kv);
    const warnings: StoreWarning[] = [];
    store.onWarning((w) => warnings.push(w));
    const r = emptyRecord('hw1', 1, null);
    r.parts['1a'] = { input: '1', updatedAt: 'now' };
    await store.save(r);
    expect(warnings[0].message).toMatch(/full/);
    expect((await store.load('hw1', 1, null)).parts['1a'].input).toBe('1');
  });
});
