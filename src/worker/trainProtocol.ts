/**
 * Messages between the training cell (page) and `train.worker.ts`. Types only, so the page can
 * import them without pulling TF.js into its bundle.
 */
import type { ModelConfig } from '../nn/model';
import type { WasmThreads } from '../nn/backend';

export type BackendChoice = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';
/** What a training form offers, in this order. */
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

export interface TrainRequest {
  type: 'start';
  config: ModelConfig;
  batchSize: number;
  epochs: number;
  /** A backend name, or 'auto': time a few steps on each available backend and take the fastest. */
  backend: BackendChoice;
  /** Absolute URL of the MNIST asset. */
  assetUrl: string;
  /** Stop after this many steps (tests and quick checks); absent = all epochs. */
  maxSteps?: number;
  /**
   * The dropout lab's shortcut experiment: every training digit carries its label in a corner
   * strip (src/core/leakedLabels.ts). Results then report accuracy on clean and on leaked
   * held-out digits.
   */
  leak?: boolean;
  /** Also measure held-out accuracy every this many steps, on the first 500 held-out digits. */
  evalEvery?: number;
}

export type ControlMessage = { type: 'pause' } | { type: 'resume' } | { type: 'stop' };

export interface MisclassifiedDigit {
  /** Index in the held-out split (0..1999; add 8,000 for the index in the asset). */
  index: number;
  label: number;
  predicted: number;
  /** 28·28 grey values 0..255, row-major. */
  pixels: number[];
}

export interface TrainResult {
  type: 'done';
  stopped: boolean;
  backend: string;
  steps: number;
  epochsDone: number;
  testAccuracy: number;
  /** With `leak`: accuracy on the held-out digits with their labels leaked into the corner. */
  leakedAccuracy?: number;
  /** With `leak`: accuracy on held-out digits whose corner carries a wrong label (code and digit disagree). */
  misleadingAccuracy?: number;
  /** confusion[true][predicted] counts over the held-out split. */
  confusion: number[][];
  misclassified: MisclassifiedDigit[];
  /** First-layer filters, [filter][3·3], channel 0. */
  filters: number[][];
  seconds: number;
  imgPerS: number;
  numTensors: number;
}

export type WorkerMessage =
  | { type: 'load'; loaded: number; total: number }
  | { type: 'status'; text: string }
  | { type: 'trial'; results: Record<string, number | string>; chosen: string }
  | { type: 'backend'; name: string; threads?: WasmThreads | null }
  | {
      type: 'progress';
      step: number;
      totalSteps: number;
      epoch: number;
      loss: number;
      imgPerS: number;
      secondsLeft: number;
      numTensors: number;
    }
  | { type: 'epoch'; epoch: number; testAccuracy: number; step: number }
  | { type: 'eval'; step: number; testAccuracy: number; leakedAccuracy?: number }
  | { type: 'paused' }
  | { type: 'resumed' }
  | TrainResult
  | { type: 'error'; message: string };
