// Serves a built folder with `vite preview` for the benchmark scripts and waits until it answers.
import { spawn } from 'node:child_process';

/** Starts the server; `stop()` ends it (also called on exit). */
export async function startPreview({ outDir, port }) {
  // --bypass-lock: other preview servers of this checkout (other ports) may be running.
  const server = spawn('npx', ['vite', 'preview', '--bypass-lock', '--outDir', outDir, '--port', String(port), '--strictPort'], { stdio: 'ignore', detached: true });
  const stop = () => {
    try {
      process.kill(-server.pid);
    } catch {
      // already gone
    }
  };
  process.on('exit', stop);
  const base = `http://localhost:${port}/`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(base)).ok) break;
    } catch {
      // not up yet
    }
    if (i > 100) {
      stop();
      throw new Error(`the preview server on port ${port} did not start`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return { base, stop };
}
