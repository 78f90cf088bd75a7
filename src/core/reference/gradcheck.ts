/**
 * The course's error measures and centered-difference gradient checkers, in float64.
 * The thresholds the course quotes (1e-8 and below) are only meaningful with these exact
 * definitions, so they are reproduced as written there.
 */
import { NDArray, sameShape } from './ndarray';

/**
 * max |x − y| / max(1e-8, |x| + |y|). The 1e-8 floor keeps a pair of near-zero entries from
 * dominating, which also means that an exactly-zero true gradient compared with a numerical one
 * of round-off size (say 1e-11) scores about 1e-3: see the note on batchnorm biases in fcnet.ts.
 */
export function relError(x: NDArray, y: NDArray): number {
  assertSameShape(x, y, 'relError');
  let worst = 0;
  for (let i = 0; i < x.size; i++) {
    const a = x.data[i];
    const b = y.data[i];
    worst = Math.max(worst, Math.abs(a - b) / Math.max(1e-8, Math.abs(a) + Math.abs(b)));
  }
  return worst;
}

/** max |x − y|. */
export function absError(x: NDArray, y: NDArray): number {
  assertSameShape(x, y, 'absError');
  let worst = 0;
  for (let i = 0; i < x.size; i++) worst = Math.max(worst, Math.abs(x.data[i] - y.data[i]));
  return worst;
}

function assertSameShape(x: NDArray, y: NDArray, name: string): void {
  if (!sameShape(x.shape, y.shape)) {
    throw new RangeError(`${name}: shapes [${x.shape.join(', ')}] and [${y.shape.join(', ')}] differ`);
  }
}

/**
 * Numerical gradient of a scalar function: grad[i] = (f(x + h·e_i) − f(x − h·e_i)) / 2h.
 * `x` is perturbed in place (so `f` may read it through a closure, as a model reads its own
 * parameters) and each entry is restored before moving on.
 */
export function evalNumericalGradient(f: (x: NDArray) => number, x: NDArray, h = 1e-5): NDArray {
  const grad = new NDArray(x.shape);
  for (let i = 0; i < x.size; i++) {
    const old = x.data[i];
    x.data[i] = old + h;
    const fPlus = f(x);
    x.data[i] = old - h;
    const fMinus = f(x);
    x.data[i] = old;
    grad.data[i] = (fPlus - fMinus) / (2 * h);
  }
  return grad;
}

/**
 * Numerical gradient of an array-valued function contracted with an upstream gradient:
 * grad[i] = Σ((f(x + h·e_i) − f(x − h·e_i)) · dout) / 2h, which is what a layer's backward pass
 * computes. Perturbs `x` in place and restores it, like the scalar version.
 */
export function evalNumericalGradientArray(
  f: (x: NDArray) => NDArray,
  x: NDArray,
  dout: NDArray,
  h = 1e-5,
): NDArray {
  const grad = new NDArray(x.shape);
  for (let i = 0; i < x.size; i++) {
    const old = x.data[i];
    x.data[i] = old + h;
    // Copy: f may return a view of a buffer that the next call overwrites.
    const plus = f(x).data.slice();
    x.data[i] = old - h;
    const minus = f(x).data;
    x.data[i] = old;
    if (plus.length !== dout.size) {
      throw new RangeError(`f returned ${plus.length} values, dout has ${dout.size}`);
    }
    let s = 0;
    for (let j = 0; j < plus.length; j++) s += (plus[j] - minus[j]) * dout.data[j];
    grad.data[i] = s / (2 * h);
  }
  return grad;
}
