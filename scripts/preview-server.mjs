// Serves a built folder with Vite's preview server (so with vite.config.ts's COOP/COEP headers) for
// the benchmark and screenshot scripts, and prints the address it serves on.
import { preview } from 'vite';
import { checkPort } from './ports.mjs';

/** Starts the server on `port`, by default a free one the system picks; `stop()` ends it. */
export async function startPreview({ outDir, port = 0 }) {
  const server = await preview({
    logLevel: 'warn',
    build: { outDir },
    preview: { port: checkPort(port), strictPort: true },
  });
  const base = server.resolvedUrls?.local[0] ?? `http://localhost:${server.httpServer.address().port}/`;
  console.error(`serving ${outDir}/ at ${base}`);
  return { base, stop: () => server.close() };
}
