// Bundle budget: which JavaScript each route needs before it can be used, gzipped, from the Vite
// manifest of a build (default dist/). `node scripts/bundle-budget.mjs [outDir]` prints the table
// the README shows and exits 1 when a budget is exceeded; tests/browser/budget.spec.ts runs the same
// check on the build the browser tests use.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const KB = 1024;

/**
 * Budgets in gzipped KB. `limit` fails the check; `goal` is where the route should get to (issue 17
 * asks for 200 KB before a first answer can be typed) and is printed next to the figure.
 */
export const BUDGETS = [
  // index.html's entry and its static imports: React, the app shell, the notebook parser.
  // The notebooks come parsed (scripts/gradbook/course.ts), so no YAML or notebook parser here.
  { route: '#/ (home)', entries: [], limit: 135 },
  // A part link before its answer box can be typed in: the shell plus the notebook page (prose
  // parsing, the answer inputs). KaTeX and the expression library (keys, checks, templates) load
  // right after the first paint (src/ui/Tex.tsx, src/ui/engine.ts), as do code and live cells.
  { route: '#/<notebook>/<part> (first answer)', entries: ['src/ui/NotebookPage.tsx'], limit: 200, goal: 200 },
  { route: '#/grade', entries: ['src/ui/grader/GraderPage.tsx'], limit: 540 },
  // Loaded on demand, each behind a placeholder: what each adds to an open notebook page.
  { route: 'code editor (on demand)', entries: ['src/ui/cells/CodeEditor.tsx'], limit: 200, onDemand: true },
  { route: 'plots (on demand)', entries: ['node_modules/plotly.js-cartesian-dist-min/plotly-cartesian.min.js'], limit: 500, onDemand: true },
];
/**
 * The chunks a part link fetches right after its first paint, which its first answer must not wait
 * for: KaTeX and the expression library (mathjs). tests/browser/budget.spec.ts holds them back.
 */
export function deferredChunks(dir) {
  const manifest = readManifest(dir);
  const keys = Object.keys(manifest).filter((k) => /^_(katex|safeMath)-/.test(k));
  return keys.map((k) => manifest[k].file);
}

/** No single chunk may grow past this without someone deciding so here. */
export const CHUNK_LIMIT = 500;

const gz = (dir, file) => gzipSync(readFileSync(join(dir, file))).length;

export function readManifest(dir) {
  return JSON.parse(readFileSync(join(dir, '.vite', 'manifest.json'), 'utf8'));
}

/** The files a chunk loads before it runs: itself and its static imports, transitively. */
function closure(manifest, key, seen = new Set()) {
  const chunk = manifest[key];
  if (!chunk || seen.has(chunk.file)) return seen;
  seen.add(chunk.file);
  for (const k of chunk.imports ?? []) closure(manifest, k, seen);
  return seen;
}

export function measure(dir) {
  const manifest = readManifest(dir);
  const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry && k.endsWith('index.html'));
  if (!entryKey) throw new Error(`${dir}/.vite/manifest.json has no index.html entry`);
  const sizes = new Map();
  const size = (f) => (sizes.has(f) ? sizes.get(f) : sizes.set(f, gz(dir, f)).get(f));
  const chunkOf = (e) => {
    if (!manifest[e]) throw new Error(`the build has no chunk for ${e} (renamed? update scripts/bundle-budget.mjs)`);
    return e;
  };
  const notebookPage = closure(manifest, chunkOf('src/ui/NotebookPage.tsx'), closure(manifest, entryKey));
  const routes = BUDGETS.map((b) => {
    const files = b.onDemand ? new Set() : closure(manifest, entryKey);
    for (const e of b.entries) closure(manifest, chunkOf(e), files);
    const js = [...files].filter((f) => f.endsWith('.js') && !(b.onDemand && notebookPage.has(f)));
    const kb = js.reduce((s, f) => s + size(f), 0) / KB;
    return { ...b, kb, files: js };
  });
  const chunks = readdirSync(join(dir, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => ({ file: `assets/${f}`, raw: readFileSync(join(dir, 'assets', f)).length / KB, kb: size(`assets/${f}`) / KB }))
    .sort((a, b) => b.kb - a.kb);
  const problems = [
    ...routes.filter((r) => r.kb > r.limit).map((r) => `${r.route}: ${r.kb.toFixed(0)} KB gzipped, over its budget of ${r.limit} KB`),
    ...chunks.filter((c) => c.kb > CHUNK_LIMIT).map((c) => `${c.file}: ${c.kb.toFixed(0)} KB gzipped, over the ${CHUNK_LIMIT} KB chunk limit`),
  ];
  return { routes, chunks, problems };
}

export function table({ routes, chunks }) {
  const lines = ['| route | JS before it is usable (gzipped) | budget | goal |', '|---|---|---|---|'];
  for (const r of routes) lines.push(`| ${r.route} | ${r.kb.toFixed(0)} KB | ${r.limit} KB | ${r.goal ? `${r.goal} KB` : ''} |`);
  lines.push('', '| chunk | size | gzipped |', '|---|---|---|');
  for (const c of chunks.filter((c) => c.kb >= 10)) lines.push(`| ${c.file.replace(/-[\w-]{8}\.js$/, '.js')} | ${c.raw.toFixed(0)} KB | ${c.kb.toFixed(0)} KB |`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = measure(process.argv[2] ?? 'dist');
  console.log(table(result));
  for (const p of result.problems) console.error(`over budget: ${p}`);
  process.exit(result.problems.length ? 1 : 0);
}
