/**
 * The side-by-side training experiments: several configurations of the same CNN trained one
 * after another on the same data and steps, curves overlaid. Defaults are small enough to finish in
 * a minute or two on a CPU backend; the student can lengthen them.
 */
import type { ModelConfig } from '../../nn/modelConfig';

export interface CompareRun {
  id: string;
  label: string;
  config: ModelConfig;
  color: string;
}

export interface CompareSet {
  title: string;
  runs: CompareRun[];
  steps: number;
  batchSize: number;
  evalEvery: number;
  /** Train on digits whose label is leaked into the corner (the dropout lab's part (i)). */
  leak: boolean;
}

const base: ModelConfig = { depth: 2, width: 16, dropout: 0, batchnorm: true, optimizer: 'sgd', lr: 0.3 };

export const COMPARE_SETS: Record<string, CompareSet> = {
  // Plain SGD at a high learning rate shows batchnorm's effect clearly (at 0.05 all four runs look
  // alike on this shallow net; Adam hides much of it too).
  'bn-dropout': {
    title: 'The same CNN with and without batchnorm and dropout (SGD, learning rate 0.3)',
    steps: 200,
    batchSize: 64,
    evalEvery: 25,
    leak: false,
    runs: [
      { id: 'bn', label: 'batchnorm, no dropout', config: { ...base }, color: '#1a56db' },
      { id: 'bn-drop', label: 'batchnorm, dropout 0.5', config: { ...base, dropout: 0.5 }, color: '#7e3af2' },
      { id: 'plain', label: 'no batchnorm, no dropout', config: { ...base, batchnorm: false }, color: '#e3a008' },
      { id: 'plain-drop', label: 'no batchnorm, dropout 0.5', config: { ...base, batchnorm: false, dropout: 0.5 }, color: '#e02424' },
    ],
  },
  // Input dropout 0.75 keeps the one-pixel code in only a quarter of the steps.
  leak: {
    title: 'Training digits with their label leaked into the corner: no dropout vs input dropout 0.75',
    // By 600 steps the shortcut has taken over the plain network (its clean accuracy falls again).
    steps: 600,
    batchSize: 64,
    evalEvery: 50,
    leak: true,
    runs: [
      { id: 'no-drop', label: 'no dropout', config: { ...base, optimizer: 'adam', lr: 0.002 }, color: '#e02424' },
      { id: 'in-drop', label: 'input dropout 0.75', config: { ...base, optimizer: 'adam', lr: 0.002, inputDropout: 0.75 }, color: '#1a56db' },
    ],
  },
};
