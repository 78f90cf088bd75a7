/**
 * Grading a class parses and checks the same few answers and keys again and again (200 students, a
 * handful of distinct answers per part). Pure steps keep their results for the session, bounded so a
 * long session never holds more than `limit` entries (oldest out first). Results are shared:
 * callers treat them as read-only.
 */
export function memoized<V>(limit: number): (key: string, compute: () => V) => V {
  const cache = new Map<string, V>();
  return (key, compute) => {
    if (cache.has(key)) return cache.get(key)!;
    // A computation that throws is not kept: it throws again next time.
    const value = compute();
    if (cache.size >= limit) cache.delete(cache.keys().next().value!);
    cache.set(key, value);
    return value;
  };
}

/** JSON would write NaN and ±Infinity as null and -0 as 0: values that check differently must not share a key. */
export const exactNumbers = (_: string, v: unknown) => (typeof v === 'number' ? `n:${Object.is(v, -0) ? '-0' : String(v)}` : v);
