/** Softmax cross-entropy, the classifier loss of the course's networks. */
import { NDArray } from './ndarray';

/**
 * x (N, C) class scores, y (N) labels in [0, C). Returns the mean over the batch of
 * −log softmax(x_i)[y_i], and its gradient dx = (softmax(x) − onehot(y)) / N.
 * Each row is shifted by its maximum first so that exp never overflows.
 */
export function softmaxLoss(x: NDArray, y: ArrayLike<number>): { loss: number; dx: NDArray } {
  if (x.ndim !== 2 || y.length !== x.shape[0]) {
    throw new RangeError(`softmaxLoss: x must be (N, C) and y have N labels; got [${x.shape.join(', ')}] and ${y.length}`);
  }
  const [n, c] = x.shape;
  const dx = new NDArray([n, c]);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const label = y[i];
    if (!Number.isInteger(label) || label < 0 || label >= c) {
      throw new RangeError(`softmaxLoss: label ${label} of row ${i} is not in [0, ${c})`);
    }
    let rowMax = -Infinity;
    for (let j = 0; j < c; j++) rowMax = Math.max(rowMax, x.data[i * c + j]);
    let z = 0;
    for (let j = 0; j < c; j++) z += Math.exp(x.data[i * c + j] - rowMax);
    const logZ = Math.log(z);
    loss -= x.data[i * c + label] - rowMax - logZ;
    for (let j = 0; j < c; j++) dx.data[i * c + j] = Math.exp(x.data[i * c + j] - rowMax - logZ) / n;
    dx.data[i * c + label] -= 1 / n;
  }
  return { loss: loss / n, dx };
}
