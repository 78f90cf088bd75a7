/**
 * A deliberately small n-dimensional array of float64 values, enough to write the course's layers
 * the way a textbook does (explicit loops over N, C, H, W) without pulling in a numeric library.
 *
 * Arrays are always C-contiguous (row-major), so `strides` are derived from `shape` and views
 * never have gaps. That keeps indexing obvious; the price is that `transpose` copies.
 */
import type { Rng } from '../rng';

export type Shape = readonly number[];

/** Nested plain arrays, as written in NumPy-style fixtures: `[[1, 2], [3, 4]]`. */
export type Nested = number | readonly Nested[];

function checkShape(shape: Shape): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new RangeError(`invalid shape [${shape.join(', ')}]`);
  }
}

export function shapeSize(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export class NDArray {
  readonly shape: Shape;
  readonly strides: Shape;
  readonly data: Float64Array;

  /** Wraps `data` without copying, so that `reshape` can share a buffer the way NumPy views do. */
  constructor(shape: Shape, data?: Float64Array) {
    checkShape(shape);
    this.shape = [...shape];
    this.strides = stridesOf(shape);
    const size = shapeSize(shape);
    if (data && data.length !== size) {
      throw new RangeError(`data has ${data.length} values, shape [${shape.join(', ')}] needs ${size}`);
    }
    this.data = data ?? new Float64Array(size);
  }

  get ndim(): number {
    return this.shape.length;
  }

  get size(): number {
    return this.data.length;
  }

  /** Flat position of a multi-index; bounds are checked because silent wrap-around hides bugs. */
  offset(index: readonly number[]): number {
    if (index.length !== this.shape.length) {
      throw new RangeError(`index has ${index.length} axes, array has ${this.shape.length}`);
    }
    let off = 0;
    for (let k = 0; k < index.length; k++) {
      const i = index[k];
      if (i < 0 || i >= this.shape[k] || !Number.isInteger(i)) {
        throw new RangeError(`index ${i} out of bounds for axis ${k} of size ${this.shape[k]}`);
      }
      off += i * this.strides[k];
    }
    return off;
  }

  /** `x.get(n, c, i, j)` reads like NumPy's `x[n, c, i, j]`. */
  get(...index: number[]): number {
    return this.data[this.offset(index)];
  }

  /** `x.set([n, c, i, j], v)` is NumPy's `x[n, c, i, j] = v`. */
  set(index: readonly number[], value: number): void {
    this.data[this.offset(index)] = value;
  }

  /** `x.addAt([n, c, i, j], v)` is NumPy's `x[n, c, i, j] += v`, the workhorse of backward passes. */
  addAt(index: readonly number[], value: number): void {
    this.data[this.offset(index)] += value;
  }

  clone(): NDArray {
    return new NDArray(this.shape, this.data.slice());
  }

  /** Nested plain arrays, for printing and for comparing with written-out fixtures. */
  toNested(): Nested {
    const build = (axis: number, base: number): Nested => {
      if (axis === this.shape.length) return this.data[base];
      const out: Nested[] = [];
      for (let i = 0; i < this.shape[axis]; i++) out.push(build(axis + 1, base + i * this.strides[axis]));
      return out;
    };
    return build(0, 0);
  }
}

// ---------------------------------------------------------------------------------------------
// Creation

export function zeros(shape: Shape): NDArray {
  return new NDArray(shape);
}

export function full(shape: Shape, value: number): NDArray {
  const x = new NDArray(shape);
  x.data.fill(value);
  return x;
}

export function ones(shape: Shape): NDArray {
  return full(shape, 1);
}

export function zerosLike(x: NDArray): NDArray {
  return new NDArray(x.shape);
}

/** Standard normal entries drawn from a seeded generator, so tests are reproducible. */
export function randn(shape: Shape, rng: Rng): NDArray {
  const x = new NDArray(shape);
  for (let i = 0; i < x.size; i++) x.data[i] = rng.normal();
  return x;
}

/** Like `np.linspace(start, stop, num)`: `num` evenly spaced values, both ends included. */
export function linspace(start: number, stop: number, num: number): NDArray {
  const x = new NDArray([num]);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) x.data[i] = start + i * step;
  if (num > 1) x.data[num - 1] = stop;
  return x;
}

/** A 1-D or n-D array from plain values; `shape` defaults to a flat vector. */
export function fromArray(values: ArrayLike<number>, shape: Shape = [values.length]): NDArray {
  return new NDArray(shape, Float64Array.from(values));
}

/** An array from nested plain arrays; ragged input is rejected. */
export function fromNested(nested: Nested): NDArray {
  const shape: number[] = [];
  let level: Nested = nested;
  while (typeof level !== 'number') {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  const values: number[] = [];
  const walk = (node: Nested, axis: number): void => {
    if (axis === shape.length) {
      if (typeof node !== 'number') throw new RangeError('ragged nested array');
      values.push(node);
      return;
    }
    if (typeof node === 'number' || node.length !== shape[axis]) throw new RangeError('ragged nested array');
    for (const child of node) walk(child, axis + 1);
  };
  walk(nested, 0);
  return new NDArray(shape, Float64Array.from(values));
}

// ---------------------------------------------------------------------------------------------
// Shape manipulation

/**
 * Same values, new shape, sharing the buffer (a NumPy view): writing through one writes the
 * other. One axis may be -1 and is inferred.
 */
export function reshape(x: NDArray, shape: Shape): NDArray {
  const known = shape.filter((d) => d !== -1);
  const inferred = shape.length - known.length;
  if (inferred > 1) throw new RangeError('reshape: at most one axis may be -1');
  const knownSize = shapeSize(known);
  const resolved = shape.map((d) => (d === -1 ? (knownSize === 0 ? 0 : x.size / knownSize) : d));
  if (shapeSize(resolved) !== x.size) {
    throw new RangeError(`cannot reshape [${x.shape.join(', ')}] to [${shape.join(', ')}]`);
  }
  return new NDArray(resolved, x.data);
}

/** Permutes axes like `np.transpose(x, axes)`; copies, since arrays here are always contiguous. */
export function transpose(x: NDArray, axes: readonly number[]): NDArray {
  if (axes.length !== x.ndim || [...axes].sort((a, b) => a - b).some((a, i) => a !== i)) {
    throw new RangeError(`transpose: [${axes.join(', ')}] is not a permutation of ${x.ndim} axes`);
  }
  const outShape = axes.map((a) => x.shape[a]);
  const out = new NDArray(outShape);
  const index = new Array<number>(x.ndim).fill(0);
  for (let flat = 0; flat < out.size; flat++) {
    let src = 0;
    for (let k = 0; k < axes.length; k++) src += index[k] * x.strides[axes[k]];
    out.data[flat] = x.data[src];
    for (let k = outShape.length - 1; k >= 0; k--) {
      if (++index[k] < outShape[k]) break;
      index[k] = 0;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Elementwise

export function map(x: NDArray, fn: (v: number, flatIndex: number) => number): NDArray {
  const out = new NDArray(x.shape);
  for (let i = 0; i < x.size; i++) out.data[i] = fn(x.data[i], i);
  return out;
}

function zipWith(a: NDArray, b: NDArray | number, fn: (u: number, v: number) => number, name: string): NDArray {
  if (typeof b === 'number') return map(a, (u) => fn(u, b));
  // No general broadcasting: layers that need it write the loop, which is clearer to read.
  if (!sameShape(a.shape, b.shape)) {
    throw new RangeError(`${name}: shapes [${a.shape.join(', ')}] and [${b.shape.join(', ')}] differ`);
  }
  return map(a, (u, i) => fn(u, b.data[i]));
}

export const add = (a: NDArray, b: NDArray | number): NDArray => zipWith(a, b, (u, v) => u + v, 'add');
export const sub = (a: NDArray, b: NDArray | number): NDArray => zipWith(a, b, (u, v) => u - v, 'sub');
export const mul = (a: NDArray, b: NDArray | number): NDArray => zipWith(a, b, (u, v) => u * v, 'mul');
export const div = (a: NDArray, b: NDArray | number): NDArray => zipWith(a, b, (u, v) => u / v, 'div');

// ---------------------------------------------------------------------------------------------
// Reductions

export function sumAll(x: NDArray): number {
  let s = 0;
  for (let i = 0; i < x.size; i++) s += x.data[i];
  return s;
}

/**
 * Sum over the given axes, like `np.sum(x, axis=axes, keepdims=keepDims)`. With no axes left the
 * result has shape [] (one value).
 */
export function sum(x: NDArray, axes: readonly number[], keepDims = false): NDArray {
  axes.forEach((a) => {
    if (!Number.isInteger(a) || a < 0 || a >= x.ndim) throw new RangeError(`sum: axis ${a} out of range for ${x.ndim} axes`);
  });
  const reduce = x.shape.map((_, k) => axes.includes(k));
  const keptShape = x.shape.map((d, k) => (reduce[k] ? 1 : d));
  const acc = new NDArray(keptShape);
  const accStrides = acc.strides;
  const index = new Array<number>(x.ndim).fill(0);
  for (let flat = 0; flat < x.size; flat++) {
    let dst = 0;
    for (let k = 0; k < x.ndim; k++) if (!reduce[k]) dst += index[k] * accStrides[k];
    acc.data[dst] += x.data[flat];
    for (let k = x.ndim - 1; k >= 0; k--) {
      if (++index[k] < x.shape[k]) break;
      index[k] = 0;
    }
  }
  return keepDims ? acc : reshape(acc, x.shape.filter((_, k) => !reduce[k]));
}

export function maxAbs(x: NDArray): number {
  let m = 0;
  for (let i = 0; i < x.size; i++) m = Math.max(m, Math.abs(x.data[i]));
  return m;
}

/** Matrix product of 2-D arrays, (n, k) · (k, m) -> (n, m). */
export function matmul(a: NDArray, b: NDArray): NDArray {
  if (a.ndim !== 2 || b.ndim !== 2 || a.shape[1] !== b.shape[0]) {
    throw new RangeError(`matmul: cannot multiply [${a.shape.join(', ')}] by [${b.shape.join(', ')}]`);
  }
  const [n, k] = a.shape;
  const m = b.shape[1];
  const out = new NDArray([n, m]);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) {
      const aip = a.data[i * k + p];
      for (let j = 0; j < m; j++) out.data[i * m + j] += aip * b.data[p * m + j];
    }
  }
  return out;
}
