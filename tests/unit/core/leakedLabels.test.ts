import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { leakCells, leakLabels, misleadingLabels, readLeakedLabel } from '../../../src/core/leakedLabels';
import { parseMnist, splitMnist } from '../../../src/core/mnistFormat';

const PX = 28 * 28;

function blankImages(count: number, fill = 0): Uint8Array {
  return new Uint8Array(count * PX).fill(fill);
}

describe('leakLabels', () => {
  it('lights exactly the pixel (0, label) of the top-left 10-pixel strip and clears the rest of the strip', () => {
    const images = blankImages(10, 77);
    const labels = Uint8Array.from({ length: 10 }, (_, i) => i);
    const leaked = leakLabels(images, labels);
    for (let n = 0; n < 10; n++) {
      for (let c = 0; c < 10; c++) expect(leaked[n * PX + c]).toBe(c === n ? 255 : 0);
      // Everything outside the strip is untouched.
      for (let i = 10; i < PX; i++) if (leaked[n * PX + i] !== 77) throw new Error(`pixel ${i} of image ${n} changed`);
      expect(readLeakedLabel(leaked, n)).toBe(n);
    }
  });

  it('returns a copy and leaves the input alone', () => {
    const images = blankImages(2);
    const leaked = leakLabels(images, [3, 4]);
    expect(leaked).not.toBe(images);
    expect(images.every((v) => v === 0)).toBe(true);
    expect(readLeakedLabel(images, 0)).toBe(-1);
  });

  it('supports 2×2 cells (a strip 20 pixels wide, 2 rows tall) and another origin', () => {
    const cells = leakCells({ cellSize: 2 });
    expect(cells[0]).toEqual([0, 1, 28, 29]);
    expect(cells[9]).toEqual([18, 19, 46, 47]);
    const leaked = leakLabels(blankImages(1), [7], { cellSize: 2 });
    expect([leaked[14], leaked[15], leaked[42], leaked[43]]).toEqual([255, 255, 255, 255]);
    expect(leaked.reduce((s, v) => s + v, 0)).toBe(4 * 255);
    expect(readLeakedLabel(leaked, 0, { cellSize: 2 })).toBe(7);
    const moved = leakLabels(blankImages(1), [2], { row: 27, col: 18 });
    expect(moved[27 * 28 + 20]).toBe(255);
    expect(readLeakedLabel(moved, 0, { row: 27, col: 18 })).toBe(2);
  });

  it('can write misleading labels (any label per image)', () => {
    const leaked = leakLabels(blankImages(3), [9, 9, 0]);
    expect([0, 1, 2].map((n) => readLeakedLabel(leaked, n))).toEqual([9, 9, 0]);
  });

  it('reads −1 from damaged codes', () => {
    const leaked = leakLabels(blankImages(1), [5]);
    leaked[5] = 0; // dropped out
    expect(readLeakedLabel(leaked, 0)).toBe(-1);
    const two = leakLabels(blankImages(1), [5]);
    two[6] = 255;
    expect(readLeakedLabel(two, 0)).toBe(-1);
    const grey = leakLabels(blankImages(1), [5]);
    grey[2] = 30;
    expect(readLeakedLabel(grey, 0)).toBe(-1);
  });

  it('rejects bad labels, sizes and layouts with clear messages', () => {
    expect(() => leakLabels(blankImages(2), [1, 10])).toThrow(/label 10 at image 1 is not in 0..9/);
    expect(() => leakLabels(blankImages(2), [1])).toThrow(/1 labels need 784 pixels/);
    expect(() => leakLabels(blankImages(1), [1], { cellSize: 3 })).toThrow(/does not fit a 28×28 image/);
    expect(() => leakLabels(blankImages(1), [1], { value: 0 })).toThrow(/value must be in 1..255/);
    expect(() => readLeakedLabel(blankImages(1), 1)).toThrow(/no image 1/);
  });

  it('on the real digits: every leaked training digit decodes to its label, clean ones to −1', () => {
    const data = parseMnist(new Uint8Array(readFileSync(new URL('../../../public/data/mnist-10k.bin', import.meta.url))));
    const { train } = splitMnist(data);
    const leaked = leakLabels(train.images, train.labels);
    let ok = 0;
    let changedOutsideStrip = 0;
    for (let n = 0; n < train.count; n++) {
      if (readLeakedLabel(leaked, n) === train.labels[n]) ok++;
      if (readLeakedLabel(train.images, n) !== -1) throw new Error(`clean digit ${n} decodes`);
    }
    for (let i = 0; i < leaked.length; i++) {
      if (i % PX >= 10 && leaked[i] !== train.images[i]) changedOutsideStrip++;
    }
    expect(ok).toBe(train.count);
    expect(changedOutsideStrip).toBe(0);
    // The strip was blank: leaking adds exactly one lit pixel per digit and removes no ink.
    let stripInk = 0;
    for (let n = 0; n < train.count; n++) for (let c = 0; c < 10; c++) stripInk += train.images[n * PX + c];
    expect(stripInk).toBe(0);
  });
});

describe('misleadingLabels', () => {
  it('never repeats the true label and uses every other label equally often', () => {
    const labels = Array.from({ length: 900 }, (_, i) => i % 10);
    const wrong = misleadingLabels(labels);
    const counts = new Map<string, number>();
    labels.forEach((l, i) => {
      expect(wrong[i]).not.toBe(l);
      expect(wrong[i]).toBeGreaterThanOrEqual(0);
      expect(wrong[i]).toBeLessThan(10);
      counts.set(`${l}->${wrong[i]}`, (counts.get(`${l}->${wrong[i]}`) ?? 0) + 1);
    });
    expect(counts.size).toBe(90);
    expect(new Set(counts.values())).toEqual(new Set([10]));
  });
});
