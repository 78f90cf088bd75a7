/**
 * The course's three-layer convolutional network:
 *   conv − ReLU − 2×2 max pool − affine − ReLU − affine − softmax,
 * on inputs (N, C, H, W). The convolution keeps the spatial size (stride 1, pad (size − 1)/2),
 * so the pooled map has F·(H/2)·(W/2) values. Weights start at weightScale·N(0, 1), biases at 0,
 * and the loss gains 0.5·reg·(‖W1‖² + ‖W2‖² + ‖W3‖²).
 */
import type { Rng } from '../rng';
import type { ConvParam } from './conv';
import { affineBackward, affineForward } from './layers';
import { softmaxLoss } from './losses';
import { NDArray, mul, randn, sumAll, zeros } from './ndarray';
import type { PoolParam } from './pool';
import { affineReluBackward, affineReluForward, convReluPoolBackward, convReluPoolForward } from './sandwich';

export interface ThreeLayerConvNetOptions {
  /** (C, H, W) of one input; (3, 32, 32) by default. */
  inputDim?: readonly [number, number, number];
  numFilters?: number;
  /** Odd, so that padding (size − 1)/2 keeps the spatial size. */
  filterSize?: number;
  hiddenDim?: number;
  numClasses?: number;
  weightScale?: number;
  reg?: number;
  rng: Rng;
}

export class ThreeLayerConvNet {
  /** W1 (F, C, k, k), b1 (F), W2 (F·H/2·W/2, hidden), b2, W3 (hidden, classes), b3. */
  readonly params: Record<string, NDArray>;
  reg: number;
  readonly convParam: ConvParam;
  readonly poolParam: PoolParam = { pool: 2, stride: 2 };

  constructor(options: ThreeLayerConvNetOptions) {
    const {
      inputDim = [3, 32, 32],
      numFilters = 32,
      filterSize = 7,
      hiddenDim = 100,
      numClasses = 10,
      weightScale = 1e-3,
      reg = 0,
      rng,
    } = options;
    if (filterSize % 2 !== 1) throw new RangeError(`ThreeLayerConvNet: filterSize must be odd, got ${filterSize}`);
    const [c, h, w] = inputDim;
    this.reg = reg;
    this.convParam = { stride: 1, pad: (filterSize - 1) / 2 };
    const pooled = numFilters * Math.floor(h / 2) * Math.floor(w / 2);
    this.params = {
      W1: mul(randn([numFilters, c, filterSize, filterSize], rng), weightScale),
      b1: zeros([numFilters]),
      W2: mul(randn([pooled, hiddenDim], rng), weightScale),
      b2: zeros([hiddenDim]),
      W3: mul(randn([hiddenDim, numClasses], rng), weightScale),
      b3: zeros([numClasses]),
    };
  }

  /** Number of regularized weights (W1, W2, W3; biases excluded). */
  get weightCount(): number {
    return this.params.W1.size + this.params.W2.size + this.params.W3.size;
  }

  scores(x: NDArray): NDArray {
    return this.forward(x).scores;
  }

  loss(x: NDArray, y: ArrayLike<number>): { loss: number; grads: Record<string, NDArray>; scores: NDArray } {
    const { scores, caches } = this.forward(x);
    const data = softmaxLoss(scores, y);
    const { W1, W2, W3 } = this.params;
    const l2 = sumAll(mul(W1, W1)) + sumAll(mul(W2, W2)) + sumAll(mul(W3, W3));
    const loss = data.loss + 0.5 * this.reg * l2;

    const g3 = affineBackward(data.dx, caches.affine);
    const g2 = affineReluBackward(g3.dx, caches.affineRelu);
    const g1 = convReluPoolBackward(g2.dx, caches.convReluPool);
    const withReg = (dw: NDArray, w: NDArray): NDArray => {
      for (let i = 0; i < dw.size; i++) dw.data[i] += this.reg * w.data[i];
      return dw;
    };
    const grads = {
      W1: withReg(g1.dw, W1),
      b1: g1.db,
      W2: withReg(g2.dw, W2),
      b2: g2.db,
      W3: withReg(g3.dw, W3),
      b3: g3.db,
    };
    return { loss, grads, scores };
  }

  private forward(x: NDArray) {
    const { W1, b1, W2, b2, W3, b3 } = this.params;
    const crp = convReluPoolForward(x, W1, b1, this.convParam, this.poolParam);
    const ar = affineReluForward(crp.out, W2, b2);
    const top = affineForward(ar.out, W3, b3);
    return { scores: top.out, caches: { convReluPool: crp.cache, affineRelu: ar.cache, affine: top.cache } };
  }
}
