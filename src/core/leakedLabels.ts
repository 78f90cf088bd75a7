/**
 * The "shortcut" data of the dropout lab's part (i): every digit gets its label written into a
 * few corner pixels, so a network can score well by reading the corner instead of the digit.
 *
 * The code: a strip of 10 cells along the top edge, starting at the top-left corner. Cell `c` is
 * `cellSize`×`cellSize` pixels at rows [row, row+cellSize), columns [col + c·cellSize, …). The whole
 * strip is cleared to 0 and the cell at index = label is set to `value` (255): a one-hot code
 * that a linear read-out can pick up. With the defaults that is row 0, columns 0–9 — 10 pixels of
 * which exactly one is lit. Row 0 is blank in every one of the 10,000 shipped digits (tested), so
 * the code never overwrites ink; the strip is cleared anyway so the code is unambiguous on any data.
 *
 * Why one pixel per cell by default: the lab compares training with and without heavy input
 * dropout (0.75). A single-pixel code survives a 0.75 input dropout only a quarter of the time,
 * so the network cannot lean on it — the effect the experiment shows. `cellSize: 2` makes a code
 * aligned with 2×2 pooling that survives dropout more often (1 − 0.75⁴ ≈ 68%), for a harder variant.
 */

export interface LeakOptions {
  /** Image height. Default 28. */
  rows?: number;
  /** Image width. Default 28. */
  cols?: number;
  /** Side of one code cell in pixels. Default 1. */
  cellSize?: number;
  /** Top-left pixel of the strip. Default (0, 0): the top-left corner. */
  row?: number;
  col?: number;
  /** Grey value of the lit cell. Default 255. */
  value?: number;
  /** Number of cells = classes. Default 10. */
  numClasses?: number;
}

// A type alias (not an interface) so Object.entries sees number values.
type Layout = {
  rows: number;
  cols: number;
  cellSize: number;
  row: number;
  col: number;
  value: number;
  numClasses: number;
};

function layout(options: LeakOptions): Layout {
  const l: Layout = {
    rows: options.rows ?? 28,
    cols: options.cols ?? 28,
    cellSize: options.cellSize ?? 1,
    row: options.row ?? 0,
    col: options.col ?? 0,
    value: options.value ?? 255,
    numClasses: options.numClasses ?? 10,
  };
  for (const [name, v] of Object.entries(l)) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`leak option ${name} must be a non-negative integer; got ${v}`);
  }
  if (l.cellSize < 1 || l.numClasses < 1) throw new RangeError('cellSize and numClasses must be at least 1');
  if (l.value < 1 || l.value > 255) throw new RangeError(`value must be in 1..255; got ${l.value}`);
  if (l.row + l.cellSize > l.rows || l.col + l.numClasses * l.cellSize > l.cols) {
    throw new RangeError(
      `a strip of ${l.numClasses} cells of ${l.cellSize}×${l.cellSize} at (${l.row}, ${l.col}) does not fit a ${l.rows}×${l.cols} image`,
    );
  }
  return l;
}

/** The pixel indices (within one image) of every cell of the strip: cells[c] = indices of cell c. */
export function leakCells(options: LeakOptions = {}): number[][] {
  const l = layout(options);
  return Array.from({ length: l.numClasses }, (_, c) => {
    const idx: number[] = [];
    for (let dr = 0; dr < l.cellSize; dr++) {
      for (let dc = 0; dc < l.cellSize; dc++) idx.push((l.row + dr) * l.cols + l.col + c * l.cellSize + dc);
    }
    return idx;
  });
}

/**
 * A copy of `images` (count·rows·cols grey values, image after image) with `labels[n]` written
 * into the corner strip of image n. `labels` may be anything in 0..numClasses−1 — the true labels
 * for the leaked training/test sets, or other labels for a "misleading corner" test set.
 */
export function leakLabels(images: Uint8Array, labels: ArrayLike<number>, options: LeakOptions = {}): Uint8Array {
  const l = layout(options);
  const px = l.rows * l.cols;
  const count = labels.length;
  if (images.length !== count * px) {
    throw new RangeError(
      `leakLabels: ${count} labels need ${count * px} pixels (${l.rows}×${l.cols} each); got ${images.length}`,
    );
  }
  const cells = leakCells(options);
  const out = images.slice();
  for (let n = 0; n < count; n++) {
    const label = labels[n];
    if (!Number.isInteger(label) || label < 0 || label >= l.numClasses) {
      throw new RangeError(`leakLabels: label ${label} at image ${n} is not in 0..${l.numClasses - 1}`);
    }
    const base = n * px;
    for (const cell of cells) for (const i of cell) out[base + i] = 0;
    for (const i of cells[label]) out[base + i] = l.value;
  }
  return out;
}

/**
 * Reads the code back from image n: the index of the only lit cell, or −1 if no cell or several
 * cells are fully lit (e.g. a clean digit, or a code damaged by dropout or augmentation).
 */
export function readLeakedLabel(images: Uint8Array, n: number, options: LeakOptions = {}): number {
  const l = layout(options);
  const base = n * l.rows * l.cols;
  if (n < 0 || base + l.rows * l.cols > images.length) throw new RangeError(`readLeakedLabel: no image ${n}`);
  let found = -1;
  const cells = leakCells(options);
  for (let c = 0; c < cells.length; c++) {
    const lit = cells[c].every((i) => images[base + i] === l.value);
    const dark = cells[c].every((i) => images[base + i] === 0);
    if (lit) {
      if (found !== -1) return -1;
      found = c;
    } else if (!dark) {
      return -1;
    }
  }
  return found;
}

/**
 * For each label, a different one (deterministic, spread over all nine others): written into the
 * corner, it makes a "misleading" test set where the code and the digit disagree, so the share of
 * predictions that follow the digit measures how little a network relies on the code.
 */
export function misleadingLabels(labels: ArrayLike<number>, numClasses = 10): Uint8Array {
  return Uint8Array.from({ length: labels.length }, (_, i) => (labels[i] + 1 + (i % (numClasses - 1))) % numClasses);
}
