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

/**
 * Seeds in links are non-negative integers, or `original` for the homework's own values even when
 * a student id would pick a variant (the way back to work done before the id was typed). Anything
 * else is reported, not guessed at; the page says what it shows instead.
 */
export function parseSeed(raw: string | undefined): { seed: number | null; original?: boolean; problem?: string } {
  if (raw === undefined || raw === '') return { seed: null };
  if (raw === 'original') return { seed: null, original: true };
  if (/^\d{1,15}$/.test(raw)) return { seed: Number(raw) };
  return { seed: null, problem: `seed=${raw.slice(0, 30)} is not a whole number ≥ 0` };
}
