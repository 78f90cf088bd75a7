/**
 * Hash routes, so any static host can serve the build:
 *   #/                      home
 *   #/<notebookId>          a notebook
 *   #/<notebookId>/<partId>?seed=<n>&<param>=<value>
 *   #/grade                 grader mode
 */
export type Route =
  | { page: 'home' }
  | { page: 'grade'; query: Record<string, string> }
  | { page: 'notebook'; notebookId: string; partId: string | null; query: Record<string, string> };

export function parseRoute(hash: string): Route {
  const body = hash.replace(/^#/, '');
  const [path, search = ''] = body.split('?', 2);
  const segments = path.split('/').filter(Boolean).map(safeDecode);
  const query = Object.fromEntries(new URLSearchParams(search).entries());
  if (segments.length === 0) return { page: 'home' };
  if (segments[0] === 'grade') return { page: 'grade', query };
  return { page: 'notebook', notebookId: segments[0], partId: segments[1] ?? null, query };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function buildHash(notebookId: string, partId?: string | null, query: Record<string, string | number> = {}): string {
  const path = ['', notebookId, ...(partId ? [partId] : [])].map(encodeURIComponent).join('/');
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  return `#${path}${search ? `?${search}` : ''}`;
}

/** Seeds in links are non-negative integers; anything else is reported, not guessed at. */
export function parseSeed(raw: string | undefined): { seed: number | null; problem?: string } {
  if (raw === undefined || raw === '') return { seed: null };
  if (/^\d{1,15}$/.test(raw)) return { seed: Number(raw) };
  return { seed: null, problem: `seed=${raw} is not a whole number ≥ 0; showing the original values instead.` };
}
