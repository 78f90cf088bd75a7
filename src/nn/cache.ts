import * as tf from '@tensorflow/tfjs';

/**
 * Ownership rule for every layer in src/nn:
 * - forward returns `out` and a `cache`; the caller owns both (and any returned running stats).
 * - the cache holds its own clones of the inputs it needs (a clone shares the data buffer, so it
 *   costs no copy), so the caller may dispose its inputs right after the forward pass.
 * - backward never disposes the cache or dout: a cache can be reused (a gradient check runs
 *   backward more than once). The caller frees it with `disposeCache(cache)` when done.
 * - the gradients backward returns belong to the caller.
 */
export function disposeCache(cache: unknown): void {
  if (cache instanceof tf.Tensor) {
    cache.dispose();
  } else if (Array.isArray(cache)) {
    for (const item of cache) disposeCache(item);
  } else if (cache !== null && typeof cache === 'object') {
    // Caches nest (spatial batchnorm wraps a batchnorm cache), so walk every field.
    for (const value of Object.values(cache)) disposeCache(value);
  }
}
