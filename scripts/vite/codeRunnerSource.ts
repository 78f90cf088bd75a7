/**
 * `virtual:gradbook-code-runner`: the code-cell runner (src/worker/codeRunner.ts and everything it
 * imports) bundled into one classic script, exported as text. The page hands this text to a
 * sandboxed iframe, which starts it as a worker from a blob: URL, because a document with an opaque
 * origin can start no worker from the app's own URLs, and may load nothing from the network at all.
 * Bundled the same way in `npm start` and in the build, so both run exactly what ships.
 */
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'vite';

const ID = 'virtual:gradbook-code-runner';
const RESOLVED = `\0${ID}`;
const ENTRY = fileURLToPath(new URL('../../src/worker/codeRunner.ts', import.meta.url));

async function bundleRunner(): Promise<{ code: string; files: string[] }> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: true,
      lib: { entry: ENTRY, formats: ['iife'], name: 'GradbookCodeRunner', fileName: 'code-runner' },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  for (const out of outputs) {
    if (!('output' in out)) continue;
    const chunk = out.output.find((c) => c.type === 'chunk');
    if (chunk && chunk.type === 'chunk') return { code: chunk.code, files: Object.keys(chunk.modules).filter((f) => !f.startsWith('\0')) };
  }
  throw new Error('bundling the code runner gave no script');
}

export function codeRunnerSource(): Plugin {
  let cached: Promise<{ code: string; files: string[] }> | null = null;
  let watched = new Set<string>();
  return {
    name: 'gradbook-code-runner-source',
    resolveId(id) {
      return id === ID ? RESOLVED : null;
    },
    async load(id) {
      if (id !== RESOLVED) return null;
      cached ??= bundleRunner();
      const { code, files } = await cached;
      watched = new Set(files);
      for (const f of files) this.addWatchFile(f);
      return `export default ${JSON.stringify(code)};`;
    },
    // A change to the runner or anything it imports rebuilds it on the next load (npm start).
    watchChange(id) {
      if (watched.has(id)) cached = null;
    },
  };
}
