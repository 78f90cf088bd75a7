import { MNIST_ASSET_PATH } from '../../core/mnistFormat';

/** Absolute URL of the MNIST asset; the worker resolves nothing relative to the page. */
export function mnistAssetUrl(): string {
  return new URL(MNIST_ASSET_PATH, new URL(import.meta.env.BASE_URL, location.href)).href;
}
