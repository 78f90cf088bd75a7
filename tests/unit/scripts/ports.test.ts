import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkPort, freePort } from '../../../scripts/ports.mjs';
import { startPreview } from '../../../scripts/preview-server.mjs';

describe('ports for the scripts that serve the app', () => {
  it('refuses the ports browsers block, with a message that says so', () => {
    // bench:train's old default: the server started, Chromium refused the page.
    expect(() => checkPort('4190')).toThrow(/browsers refuse/);
    expect(() => checkPort(6000)).toThrow(/browsers refuse/);
    expect(() => checkPort('abc')).toThrow(/not a port/);
    expect(() => checkPort(70000)).toThrow(/not a port/);
    expect(checkPort('4173')).toBe(4173);
    expect(checkPort(0)).toBe(0);
  });

  it('finds a port that can be listened on', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, resolve));
    await new Promise((r) => server.close(r));
  });

  it('the preview server takes a free port by default and serves with the isolation headers', async () => {
    const { base, stop } = await startPreview({ outDir: 'public' });
    try {
      expect(base).toMatch(/^http:\/\/localhost:\d+\/$/);
      expect(base).not.toBe('http://localhost:0/');
      const res = await fetch(`${base}data/mnist-10k.bin`, { method: 'HEAD' });
      expect(res.status).toBe(200);
      expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    } finally {
      await stop();
    }
  });
});
