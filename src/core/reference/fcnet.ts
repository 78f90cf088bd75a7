/**
 * The course's fully connected network:
 *   {affine − [batchnorm | layernorm] − ReLU − [dropout]} × (L − 1) − affine − softmax,
 * with L2 regularization 0.5·reg·Σ‖W‖² on the weight matrices (not on biases, γ or β).
 * Parameters are named as in the course: W1, b1, gamma1, beta1, ..., WL, bL.
 *
 * A note on gradient checks with batchnorm: a bias feeding a normalization layer has a true
 * gradient of exactly 0 (normalizing subtracts any constant shift). Its numerical gradient is
 * round-off (about 1e-11) and relError's 1e-8 floor turns that into about 1e-3, which is what the
 * course's own notebook prints for those biases. Check them with absError instead.
 */
import { createRng, type Rng } from '../rng';
import {
  batchnormBackwardAlt,
  batchnormForward,
  layernormBackward,
  layernormForward,
  type BatchnormCache,
  type LayernormCache,
} from './batchnorm';
import { dropoutBackward, dropoutForward, type DropoutCache } from './dropout';
import { affineBackward, affineForward, reluBackward, reluForward, type AffineCache, type ReluCache } from './layers';
import { softmaxLoss } from './losses';
import { NDArray, full, mul, randn, sumAll, zeros } from './ndarray';

export type Normalization = 'batchnorm' | 'layernorm' | null;

export interface FullyConnectedNetOptions {
  hiddenDims: readonly number[];
  /** Features per input; inputs of shape (N, d1, ...) are flattened. 3·32·32 by default. */
  inputDim?: number;
  numClasses?: number;
  /** Probability of DROPPING a hidden unit; 0 (the default) means no dropout layers. */
  dropProb?: number;
  normalization?: Normalization;
  /** L2 strength: the loss gains 0.5·reg·Σ‖W‖². */
  reg?: number;
  /** Weights start as weightScale·N(0, 1); biases and β at 0, γ at 1. */
  weightScale?: number;
  /** Draws the initial weights (and the dropout masks when no dropoutSeed is given). */
  rng: Rng;
  /** When set, every loss() call draws the same dropout masks, as a gradient check needs. */
  dropoutSeed?: number;
}

interface HiddenCache {
  affine: AffineCache;
  norm: { kind: 'batchnorm'; cache: BatchnormCache } | { kind: 'layernorm'; cache: LayernormCache } | null;
  relu: ReluCache;
  dropout: DropoutCache | null;
}

export class FullyConnectedNet {
  readonly params: Record<string, NDArray> = {};
  /** Running statistics of each batchnorm layer, keyed by layer number (1-based). */
  readonly runningStats: Record<number, { runningMean: NDArray; runningVar: NDArray }> = {};
  readonly numLayers: number;
  readonly normalization: Normalization;
  readonly dropProb: number;
  reg: number;
  private readonly maskRng: Rng;
  private readonly dropoutSeed: number | undefined;

  constructor(options: FullyConnectedNetOptions) {
    const {
      hiddenDims,
      inputDim = 3 * 32 * 32,
      numClasses = 10,
      dropProb = 0,
      normalization = null,
      reg = 0,
      weightScale = 1e-2,
      rng,
    } = options;
    this.numLayers = hiddenDims.length + 1;
    this.normalization = normalization;
    this.dropProb = dropProb;
    this.reg = reg;
    this.maskRng = rng;
    this.dropoutSeed = options.dropoutSeed;
    const dims = [inputDim, ...hiddenDims, numClasses];
    for (let l = 1; l <= this.numLayers; l++) {
      this.params[`W${l}`] = mul(randn([dims[l - 1], dims[l]], rng), weightScale);
      this.params[`b${l}`] = zeros([dims[l]]);
      if (normalization !== null && l < this.numLayers) {
        this.params[`gamma${l}`] = full([dims[l]], 1);
        this.params[`beta${l}`] = zeros([dims[l]]);
        this.runningStats[l] = { runningMean: zeros([dims[l]]), runningVar: zeros([dims[l]]) };
      }
    }
  }

  /** Class scores (N, C); test mode, so batchnorm uses running statistics and dropout is off. */
  scores(x: NDArray): NDArray {
    return this.forward(x, 'test').scores;
  }

  /** Train-mode forward and backward: the data loss plus the L2 term, and a gradient per parameter. */
  loss(x: NDArray, y: ArrayLike<number>): { loss: number; grads: Record<string, NDArray>; scores: NDArray } {
    const { scores, hidden, last } = this.forward(x, 'train');
    const data = softmaxLoss(scores, y);
    let loss = data.loss;
    const grads: Record<string, NDArray> = {};

    const top = affineBackward(data.dx, last);
    grads[`W${this.numLayers}`] = top.dw;
    grads[`b${this.numLayers}`] = top.db;
    let dout = top.dx;
    for (let l = this.numLayers - 1; l >= 1; l--) {
      const c = hidden[l - 1];
      if (c.dropout) dout = dropoutBackward(dout, c.dropout);
      dout = reluBackward(dout, c.relu);
      if (c.norm) {
        const g = c.norm.kind === 'batchnorm' ? batchnormBackwardAlt(dout, c.norm.cache) : layernormBackward(dout, c.norm.cache);
        grads[`gamma${l}`] = g.dgamma;
        grads[`beta${l}`] = g.dbeta;
        dout = g.dx;
      }
      const a = affineBackward(dout, c.affine);
      grads[`W${l}`] = a.dw;
      grads[`b${l}`] = a.db;
      dout = a.dx;
    }

    for (let l = 1; l <= this.numLayers; l++) {
      const w = this.params[`W${l}`];
      loss += 0.5 * this.reg * sumAll(mul(w, w));
      const dw = grads[`W${l}`];
      for (let i = 0; i < dw.size; i++) dw.data[i] += this.reg * w.data[i];
    }
    return { loss, grads, scores };
  }

  private forward(x: NDArray, mode: 'train' | 'test'): { scores: NDArray; hidden: HiddenCache[]; last: AffineCache } {
    const maskRng = this.dropoutSeed !== undefined ? createRng(this.dropoutSeed) : this.maskRng;
    const hidden: HiddenCache[] = [];
    let h = x;
    for (let l = 1; l < this.numLayers; l++) {
      const a = affineForward(h, this.params[`W${l}`], this.params[`b${l}`]);
      h = a.out;
      let norm: HiddenCache['norm'] = null;
      if (this.normalization === 'batchnorm') {
        const bn = batchnormForward(h, this.params[`gamma${l}`], this.params[`beta${l}`], {
          mode,
          ...this.runningStats[l],
        });
        this.runningStats[l] = { runningMean: bn.runningMean, runningVar: bn.runningVar };
        norm = { kind: 'batchnorm', cache: bn.cache };
        h = bn.out;
      } else if (this.normalization === 'layernorm') {
        const ln = layernormForward(h, this.params[`gamma${l}`], this.params[`beta${l}`]);
        norm = { kind: 'layernorm', cache: ln.cache };
        h = ln.out;
      }
      const r = reluForward(h);
      h = r.out;
      let dropout: DropoutCache | null = null;
      if (this.dropProb > 0) {
        const d = dropoutForward(h, { dropProb: this.dropProb, mode, rng: maskRng });
        dropout = d.cache;
        h = d.out;
      }
      hidden.push({ affine: a.cache, norm, relu: r.cache, dropout });
    }
    const top = affineForward(h, this.params[`W${this.numLayers}`], this.params[`b${this.numLayers}`]);
    return { scores: top.out, hidden, last: top.cache };
  }
}

