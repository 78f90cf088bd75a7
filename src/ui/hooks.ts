import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { parseRoute, type Route } from '../notebook/route';

function subscribeHash(cb: () => void) {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribeHash, () => window.location.hash);
  return parseRoute(hash);
}

const STUDENT_KEY = 'gradbook:student-id';

function readStudentId(): string {
  try {
    return localStorage.getItem(STUDENT_KEY) ?? '';
  } catch {
    return '';
  }
}

/** The student id is typed once and shared by every notebook in this browser. */
export function useStudentId(): [string, (id: string) => void] {
  const [id, setId] = useState(readStudentId);
  useEffect(() => {
    const onStorage = (e: StorageEvent) => e.key === STUDENT_KEY && setId(readStudentId());
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);
  const update = useCallback((next: string) => {
    const clean = next.trim();
    try {
      if (clean) localStorage.setItem(STUDENT_KEY, clean);
      else localStorage.removeItem(STUDENT_KEY);
    } catch {
      // Without localStorage the id lasts for this page only; autosave warns separately.
    }
    setId(clean);
  }, []);
  return [id, update];
}
