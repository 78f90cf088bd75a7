/**
 * Picks the training backend by measurement: a few steps of the student's actual model on each
 * backend this browser offers, fastest wins.
 */
import * as tf from '@tensorflow/tfjs';
import { listAvailableBackends, useBackend } from '../nn';
import { ConvNet, imagesToTensor } from '../nn/model';
import { MNIST_COLS, MNIST_ROWS, type MnistData } from '../core/mnistFormat';
import type { TrainRequest, WorkerMessage } from './trainProtocol';

const yieldToEvents = () => new Promise<void>((r) => setTimeout(r, 0));

/** Time a few steps of the requested model on each backend; returns img/s or an error per backend. */
export async function trialBackends(
  req: TrainRequest,
  train: MnistData,
  post: (m: WorkerMessage) => void,
): Promise<{ results: Record<string, number | string>; chosen: string }> {
  const results: Record<string, number | string> = {};
  let best = 'cpu';
  let bestRate = -1;
  const bs = Math.min(req.batchSize, 32);
  const idx = Array.from({ length: bs }, (_, i) => i);
  const labels = idx.map((i) => train.labels[i]);
  for (const name of await listAvailableBackends()) {
    post({ type: 'status', text: `Timing the ${name} backend…` });
    let net: ConvNet | null = null;
    let x: tf.Tensor4D | null = null;
    try {
      await useBackend(name);
      net = new ConvNet(req.config);
      x = imagesToTensor(train.images, MNIST_ROWS, MNIST_COLS, idx);
      await net.trainStep(x, labels); // warm-up: shader compilation, wasm start-up
      const t0 = performance.now();
      const steps = 2;
      for (let i = 0; i < steps; i++) await net.trainStep(x, labels);
      const rate = (steps * bs) / ((performance.now() - t0) / 1000);
      results[name] = Math.round(rate);
      if (rate > bestRate) {
        bestRate = rate;
        best = name;
      }
    } catch (e) {
      results[name] = e instanceof Error ? e.message : String(e);
    } finally {
      net?.dispose();
      x?.dispose();
    }
    await yieldToEvents();
  }
  return { results, chosen: best };
}

