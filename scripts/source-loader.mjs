// Loads the project's TypeScript sources in Node for the benchmark scripts, through Vite's SSR
// module loader (no build step, no config: the same transform the unit tests get).
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** A Vite server in middleware mode; `server.ssrLoadModule('/src/...')` loads a source file. Close it when done. */
export function sourceServer() {
  return createServer({ root, configFile: false, logLevel: 'error', appType: 'custom', server: { middlewareMode: true, hmr: false, watch: null }, optimizeDeps: { noDiscovery: true, include: [] } });
}

/**
 * One source file and what it imports, bundled by Vite's SSR build into one plain ES module that a
 * worker thread can import. It sits under node_modules/.cache so its imports of npm packages resolve
 * to the project's node_modules. Remove `outDir` when done.
 */
export async function bundleForNode(entry, name) {
  const { build } = await import('vite');
  const outDir = join(root, 'node_modules', '.cache', name, `${process.pid}-${Date.now()}`);
  await build({
    root,
    configFile: false,
    logLevel: 'error',
    publicDir: false,
    build: { ssr: join(root, entry), outDir, emptyOutDir: true, minify: false, rollupOptions: { output: { entryFileNames: `${name}.mjs` } } },
  });
  return { outDir, entry: join(outDir, `${name}.mjs`) };
}
