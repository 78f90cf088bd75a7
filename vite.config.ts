/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { gradbookCourse } from './scripts/gradbook/course.ts';
import { codeRunnerSource } from './scripts/vite/codeRunnerSource.ts';
import { stripExamKeys } from './src/notebook/exam.ts';

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

export default defineConfig({
  base: './',
  // The course shown: GRADBOOK_COURSE (a folder anywhere), else this repo's notebooks/ (the demo).
  // Exam notebooks reach the page as their students' copy (no keys, no references).
  plugins: [
    react(),
    wasmThreadsInBuild(),
    codeRunnerSource(),
    gradbookCourse(repoRoot, { studentCopy: stripExamKeys }),
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
