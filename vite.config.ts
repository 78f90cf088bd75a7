/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { gradbookCourse } from './scripts/gradbook/course.ts';
import { codeRunnerSource } from './scripts/vite/codeRunnerSource.ts';
import { stripExamKeys } from './src/notebook/exam.ts';
import { loadCourse } from './src/notebook/course.ts';

// COOP/COEP make the page cross-origin isolated, which the TF.js WASM backend needs for threads.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Threads for the TF.js WASM backend in a bundled build. tfjs-backend-wasm starts its pthread
 * workers with `importScripts(new Blob(['var WasmBackendModuleThreadedSimd = ' +
 * wasmFactoryThreadedSimd.toString()]))`: the factory's source text, cut out of the bundle. Once the
 * bundle is minified that text refers to names that only exist in the bundle's scope, and the
 * pthread worker dies with "e is not defined" (setBackend('wasm') then never resolves). This points
 * the workers at the untouched Emscripten script instead, served as an asset.
 */
function wasmThreadsInBuild(): Plugin {
  const blob =
    /new Blob\(\[`var WasmBackendModuleThreadedSimd = ` \+\s*wasmFactoryThreadedSimd\.toString\(\)\], \{ type: 'text\/javascript' \}\)/;
  return {
    name: 'gradbook-wasm-threads',
    apply: 'build',
    transform(code, id) {
      if (!/tfjs-backend-wasm[\\/]dist[\\/]backend_wasm\.js$/.test(id.split('?')[0])) return null;
      if (!blob.test(code)) this.error('tfjs-backend-wasm changed: the pthread main-script Blob was not found');
      const patched = code.replace(blob, 'new URL(__gradbookThreadedSimdJs, self.location.href).href');
      return {
        code: `import __gradbookThreadedSimdJs from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?url';\n${patched}`,
        map: null,
      };
    },
  };
}

// The training benchmark's page (tests/bench/train.html) is built only for `npm run bench`.
// The manifest lets scripts/bundle-budget.mjs follow which chunks each route loads.
const build = process.env.GRADBOOK_BENCH === '1'
  ? {
      manifest: true,
      rolldownOptions: {
        input: {
          main: fileURLToPath(new URL('./index.html', import.meta.url)),
          bench: fileURLToPath(new URL('./tests/bench/train.html', import.meta.url)),
        },
      },
    }
  : { manifest: true };

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * Offline after the first visit. The precache holds what a part link needs to be answered (the app
 * shell, its chunks, the notebooks bundled in them, KaTeX's woff2 fonts). What only some pages use,
 * and what is too large to fetch up front on a phone (plotly, the training worker, the WASM binaries,
 * the MNIST file), is cached the first time it is fetched instead. Every response comes from our own
 * origin and keeps the headers it was served with, so the page stays cross-origin isolated offline.
 * 'prompt': a new deployment waits until the student presses Reload (src/ui/UpdateBanner.tsx), so
 * an answer being typed is never cut off by a reload.
 */
const offline = VitePWA({
  registerType: 'prompt',
  injectRegister: false,
  manifest: {
    name: 'GradBook',
    short_name: 'GradBook',
    description: 'Deep-learning homework notebooks, checked as you answer.',
    start_url: './',
    scope: './',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#1f4e8c',
    icons: [
      { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
    ],
  },
  workbox: {
    globPatterns: ['**/*.{js,css,html,woff2,svg,png}'],
    // trainBench.worker: the benchmark page's worker (GRADBOOK_BENCH builds only), over the 2 MiB limit.
    globIgnores: ['**/plotly*', '**/train.worker*', '**/trainBench.worker*', 'tests/**'],
    navigateFallback: 'index.html',
    // Not claimed mid-visit: taking over a page whose lazy chunks and workers are loading left some
    // of its plots stuck on their placeholders. The worker is active after the first visit, so the
    // next load (online or off) is served by it.
    clientsClaim: false,
    cleanupOutdatedCaches: true,
    runtimeCaching: [
      {
        // Hashed names: a cached copy is never stale, a new build asks for new names. (Workbox
        // copies these functions into the worker as text: they cannot use names from this file.)
        urlPattern: ({ url, sameOrigin }) =>
          sameOrigin && /\/(plotly[^/]*|train\.worker[^/]*|[^/]*\.wasm|[^/]*\.(ttf|woff))$/.test(url.pathname),
        handler: 'CacheFirst',
        options: { cacheName: 'gradbook-assets', expiration: { maxEntries: 40 } },
      },
      {
        urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.endsWith('/data/mnist-10k.bin'),
        handler: 'CacheFirst',
        options: { cacheName: 'gradbook-data', expiration: { maxEntries: 4 } },
      },
    ],
  },
});

export default defineConfig({
  base: './',
  // The course shown: GRADBOOK_COURSE (a folder anywhere), else this repo's notebooks/ (the demo).
  // Exam notebooks reach the page as their students' copy (no keys, no references), parsed at build
  // time (and on each change under `gradbook dev`).
  plugins: [
    react(),
    wasmThreadsInBuild(),
    codeRunnerSource(),
    gradbookCourse(repoRoot, { studentCopy: stripExamKeys, parse: loadCourse }),
    offline,
  ],
  // Workers are bundled separately, with their own plugins (training runs in a worker; live cells
  // call the course's functions.js from theirs).
  worker: { plugins: () => [wasmThreadsInBuild(), gradbookCourse(repoRoot, { worker: true })] },
  server: { headers: isolation },
  preview: { headers: isolation },
  build,
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30000,
    // The JSON report lets .ci/run print real totals across both test runners.
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
  },
});
