// How the browser tests (playwright.config.ts) and scripts/screenshots.mjs start Chromium: Debian's,
// never a downloaded browser, with flags that keep it off the (closed) network.
export const chromiumLaunch = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--enable-unsafe-webgpu',
  ],
};
