// Ports for the scripts that serve the app. Left to themselves they take a free port from the
// system (port 0), so nothing clashes with another checkout or a running server; a port given on
// the command line is checked against the ports browsers refuse to load.
import { createServer } from 'node:net';

/**
 * The fetch standard's "bad ports" (https://fetch.spec.whatwg.org/#port-blocking): a server on one
 * starts, but Chromium refuses the page with ERR_UNSAFE_PORT (bench:train once defaulted to 4190).
 */
export const BLOCKED_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111,
  113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548,
  554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566,
  6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** A port to listen on: 0 (the system picks a free one) or an allowed port; throws a plain message otherwise. */
export function checkPort(value) {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`"${value}" is not a port: give a whole number from 1 to 65535, or leave it out for a free one`);
  if (BLOCKED_PORTS.has(port)) throw new Error(`port ${port} is one browsers refuse to load (the fetch standard's bad ports); pick another, or leave it out for a free one`);
  return port;
}

/** A port that is free now, found by letting the system pick one and releasing it. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
