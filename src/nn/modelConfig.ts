/** ConvNet options and their validation, without TF.js, so the page can check a form cheaply. */

export type OptimizerName = 'sgd' | 'momentum' | 'adam';
export const OPTIMIZERS: readonly OptimizerName[] = ['sgd', 'momentum', 'adam'];

export interface ModelConfig {
  /** Conv blocks, 1..3 (a 28×28 image halves per block: 14, 7, 3). */
  depth: number;
  /** Filters per conv layer, 1..128. */
  width: number;
  /** Probability of dropping a unit before the dense layer, in [0, 1). */
  dropout: number;
  /** Probability of dropping an input pixel while training, in [0, 1); default 0 (none). */
  inputDropout?: number;
  batchnorm: boolean;
  optimizer: OptimizerName;
  lr: number;
  /** Image size and channels (MNIST: 28, 28, 1) and classes (10). */
  rows?: number;
  cols?: number;
  channels?: number;
  classes?: number;
  /** Seed for the initial weights; the same seed gives the same model. */
  seed?: number;
}

export const DEFAULT_MODEL_CONFIG: ModelConfig = {
  depth: 2,
  width: 16,
  dropout: 0.25,
  batchnorm: true,
  optimizer: 'adam',
  lr: 0.002,
};

/** Messages for a config a user typed; empty when it is usable. */
export function validateModelConfig(c: ModelConfig): string[] {
  const errs: string[] = [];
  const rows = c.rows ?? 28;
  if (!Number.isInteger(c.depth) || c.depth < 1 || c.depth > 3) errs.push('Depth must be a whole number from 1 to 3.');
  else if (rows >> c.depth < 1) errs.push(`Depth ${c.depth} pools a ${rows}-pixel image below one pixel.`);
  if (!Number.isInteger(c.width) || c.width < 1 || c.width > 128) errs.push('Width must be a whole number from 1 to 128.');
  if (!(c.dropout >= 0 && c.dropout < 1)) errs.push('Dropout must be at least 0 and below 1.');
  if (c.inputDropout !== undefined && !(c.inputDropout >= 0 && c.inputDropout < 1)) errs.push('Input dropout must be at least 0 and below 1.');
  if (!OPTIMIZERS.includes(c.optimizer)) errs.push(`Optimizer must be one of ${OPTIMIZERS.join(', ')}.`);
  if (!(c.lr > 0 && c.lr <= 10)) errs.push('Learning rate must be above 0 and at most 10.');
  return errs;
}
