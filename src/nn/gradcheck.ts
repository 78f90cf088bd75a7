import * as tf from '@tensorflow/tfjs';

/**
 * The course's relative error: max over elements of |a − b| / max(1e-8, |a| + |b|).
 */
export function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`relError: lengths differ (${a.length} vs ${b.length})`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const e = Math.abs(a[i] - b[i]) / Math.max(1e-8, Math.abs(a[i]) + Math.abs(b[i]));
    if (e > worst) worst = e;
  }
  return worst;
}

/** max |a − b|. */
export function absError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`absError: lengths differ (${a.length} vs ${b.length})`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/**
 * A float32-aware relative error: the largest difference measured against the largest magnitude,
 * max|a − b| / max(1e-8, max|a| + max|b|). The course's elementwise form divides by each element's
 * own size, which in float32 blows up for entries that are small only because large terms cancel
 * (batchnorm's dx is such a difference); this one does not, and still catches any real mistake.
 */
export function scaledError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let maxA = 0;
  let maxB = 0;
  for (let i = 0; i < a.length; i++) maxA = Math.max(maxA, Math.abs(a[i]));
  for (let i = 0; i < b.length; i++) maxB = Math.max(maxB, Math.abs(b[i]));
  return absError(a, b) / Math.max(1e-8, maxA + maxB);
}

export interface GradComparison {
  /** Which input the gradient is for. */
  name: string;
  relError: number;
  scaledError: number;
  absError: number;
}

function sameShape(a: tf.Tensor, b: tf.Tensor): boolean {
  return a.rank === b.rank && a.shape.every((d, i) => d === b.shape[i]);
}

/**
 * Compares explicit gradients with TF.js autodiff of the forward pass: tf.grads of
 * (inputs) -> Σ forward(inputs)·dout, which is the vector–Jacobian product a backward pass returns.
 * `forward` must be built from differentiable tf ops. Allocates nothing that outlives the call.
 */
export async function compareWithAutodiff(
  forward: (...inputs: tf.Tensor[]) => tf.Tensor,
  inputs: Record<string, tf.Tensor>,
  dout: tf.Tensor,
  explicit: Record<string, tf.Tensor>,
): Promise<GradComparison[]> {
  const names = Object.keys(explicit);
  const all = Object.keys(inputs);
  for (const name of names) {
    if (!(name in inputs)) throw new Error(`compareWithAutodiff: no input named '${name}'`);
  }
  const auto = tf.tidy(() => tf.grads(forward)(all.map((k) => inputs[k]), dout));
  try {
    const results: GradComparison[] = [];
    for (const name of names) {
      const a = auto[all.indexOf(name)];
      const e = explicit[name];
      if (!sameShape(a, e)) {
        throw new Error(`gradient '${name}': shape [${e.shape.join(', ')}], autodiff gives [${a.shape.join(', ')}]`);
      }
      const [av, ev] = await Promise.all([a.data(), e.data()]);
      results.push({
        name,
        relError: relError(ev, av),
        scaledError: scaledError(ev, av),
        absError: absError(ev, av),
      });
    }
    return results;
  } finally {
    tf.dispose(auto);
  }
}
