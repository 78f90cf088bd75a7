// Loads the project's TypeScript sources in Node for the benchmark scripts, through Vite's SSR
// module loader (no build step, no config: the same transform the unit tests get).
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** A Vite server in middleware mode; `server.ssrLoadModule('/src/...')` loads a source file. Close it when done. */
export function sourceServer() {
  return createServer({ root, configFile: false, logLevel: 'error', appType: 'custom', server: { middlewareMode: true, hmr: false, watch: null }, optimizeDeps: { noDiscovery: true, include: [] } });
}
