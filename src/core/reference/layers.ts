/**
 * Affine and ReLU layers in the course's forward/backward pattern:
 * `xForward(...) -> { out, cache }`, `xBackward(dout, cache) -> grads`.
 */
import { NDArray, matmul, reshape, transpose } from './ndarray';

export interface AffineCache {
  x: NDArray;
  w: NDArray;
  b: NDArray;
}

/**
 * out = x·w + b, where x of shape (N, d1, ..., dk) is read as N rows of D = d1·…·dk values
 * (an image batch flattens to one row per image), w is (D, M) and b is (M).
 */
export function affineForward(x: NDArray, w: NDArray, b: NDArray): { out: NDArray; cache: AffineCache } {
  const n = x.shape[0];
  const rows = reshape(x, [n, -1]);
  if (rows.shape[1] !== w.shape[0] || w.ndim !== 2 || b.ndim !== 1 || b.shape[0] !== w.shape[1]) {
    throw new RangeError(
      `affine: x [${x.shape.join(', ')}], w [${w.shape.join(', ')}], b [${b.shape.join(', ')}] do not fit`,
    );
  }
  const out = matmul(rows, w);
  const m = w.shape[1];
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out.data[i * m + j] += b.data[j];
  return { out, cache: { x, w, b } };
}

/** dx = dout·wᵀ (in x's shape), dw = xᵀ·dout, db = Σ_rows dout. */
export function affineBackward(dout: NDArray, cache: AffineCache): { dx: NDArray; dw: NDArray; db: NDArray } {
  const { x, w } = cache;
  const n = x.shape[0];
  const m = w.shape[1];
  const rows = reshape(x, [n, -1]);
  const dx = reshape(matmul(dout, transpose(w, [1, 0])), x.shape);
  const dw = matmul(transpose(rows, [1, 0]), dout);
  const db = new NDArray([m]);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) db.data[j] += dout.data[i * m + j];
  return { dx, dw, db };
}

export interface ReluCache {
  x: NDArray;
}

/** out = max(0, x), elementwise, any shape. */
export function reluForward(x: NDArray): { out: NDArray; cache: ReluCache } {
  const out = new NDArray(x.shape);
  for (let i = 0; i < x.size; i++) out.data[i] = Math.max(0, x.data[i]);
  return { out, cache: { x } };
}

/** The gradient passes where the input was positive; at exactly 0 it is taken to be 0. */
export function reluBackward(dout: NDArray, cache: ReluCache): NDArray {
  const { x } = cache;
  const dx = new NDArray(x.shape);
  for (let i = 0; i < x.size; i++) dx.data[i] = x.data[i] > 0 ? dout.data[i] : 0;
  return dx;
}
