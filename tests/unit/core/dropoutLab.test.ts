/**
 * Problem 6 (the dropout notebook): every value of REFERENCE-CHECKS.md's "verified values" list.
 * Tolerances: closed forms 1e-9 (they are exact rational numbers); deterministic descent (no
 * dropout, or the exact expected gradient) 1e-9; simulations with sampled masks: the spread over
 * 100 seeds is stated next to each check and the tolerance is ≥ 4 standard deviations.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/rng';
import {
  ADAM_PRESETS,
  DROPOUT_PRESETS,
  DROPOUT_PROBLEM,
  SWEEP_DEFAULT_RATES,
  autoSweepLr,
  compareWeightSizes,
  dropoutClosedForm,
  dropoutExpectedLoss,
  dropoutLeastSquares,
  dropoutLimitAtZero,
  dropoutMasks,
  dropoutSweep,
  olsMinNorm,
  sampleBinomial,
  trainLinear,
  weightSizes,
} from '../../../src/core/dropoutLab';

const EXACT = 1e-9;

function expectClose(actual: readonly number[], expected: readonly number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    const err = Math.abs(a - expected[i]);
    if (!(err <= tol)) throw new Error(`component ${i}: ${a} vs ${expected[i]} (|err| ${err} > ${tol})`);
  });
}

function stats(values: ArrayLike<number>): { mean: number; sd: number } {
  const a = Array.from(values);
  const mean = a.reduce((s, v) => s + v, 0) / a.length;
  return { mean, sd: Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length) };
}

describe('(a) OLS, minimum norm', () => {
  it('is 11/101·[10, 1] = [1.0891, 0.1089], and 11/102·[10, 1, 1] with a bias', () => {
    expectClose(olsMinNorm().w, [110 / 101, 11 / 101], EXACT);
    expectClose(olsMinNorm().w, [1.0891, 0.1089], 1e-4);
    expect(olsMinNorm().b).toBe(0);
    const withBias = olsMinNorm(DROPOUT_PROBLEM, { bias: true });
    expectClose([...withBias.w, withBias.b], [110 / 102, 11 / 102, 11 / 102], EXACT);
  });
});

describe('(b) gradient descent from 0', () => {
  it('reaches the minimum-norm solution (lr 1e-3, 1,000 steps)', () => {
    const run = trainLinear(DROPOUT_PRESETS.b);
    expectClose(run.w, olsMinNorm().w, EXACT);
    expect(run.loss.length).toBe(1000);
    expect(run.weights[0].length).toBe(1001);
    expect(run.weights[0][0]).toBe(0);
    expect(run.loss[0]).toBe(121); // (0 − 11)²
    // The residual shrinks by exactly 1 − 2·lr·‖x‖² = 0.798 a step.
    expect(Math.sqrt(run.loss[1] / run.loss[0])).toBeCloseTo(0.798, 12);
    // The iterates stay on span(x): w2/w1 = 1/10 throughout.
    for (const t of [1, 10, 100, 1000]) expect(run.weights[1][t] / run.weights[0][t]).toBeCloseTo(0.1, 12);
  });

  it('with a bias (the notebook’s nn.Linear) reaches 11/102·[10, 1, 1] = [1.0784, 0.1078, 0.1078]', () => {
    const run = trainLinear(DROPOUT_PRESETS.bWithBias);
    expectClose([...run.w, run.b], [110 / 102, 11 / 102, 11 / 102], EXACT);
    expect(run.bias?.length).toBe(1001);
  });
});

describe('(c) dropout 0.5 as least squares over all masks', () => {
  it('enumerates the rows [20,2], [20,0], [0,2], [0,0], each with probability 1/4', () => {
    const rows = dropoutMasks(0.5);
    expect(rows.map((r) => r.input)).toEqual([
      [20, 2],
      [20, 0],
      [0, 2],
      [0, 0],
    ]);
    expect(rows.map((r) => r.prob)).toEqual([0.25, 0.25, 0.25, 0.25]);
    const r3 = dropoutMasks(0.3);
    expect(r3.reduce((s, r) => s + r.prob, 0)).toBeCloseTo(1, 15);
    // Inverted dropout keeps the mean input.
    for (let i = 0; i < 2; i++) expect(r3.reduce((s, r) => s + r.prob * r.input[i], 0)).toBeCloseTo(DROPOUT_PROBLEM.x[i], 12);
  });

  it('gives w = [11/30, 11/3] = [0.3667, 3.6667]', () => {
    expectClose(dropoutLeastSquares(0.5), [11 / 30, 11 / 3], EXACT);
    expectClose(dropoutLeastSquares(0.5), [0.3667, 3.6667], 1e-4);
  });

  it('plain unweighted least squares on the four rows gives the same', () => {
    // Normal equations of [[20,2],[20,0],[0,2],[0,0]] w = 11: [[800,40],[40,8]] w = [440,44].
    const det = 800 * 8 - 40 * 40;
    expectClose([(440 * 8 - 40 * 44) / det, (800 * 44 - 40 * 440) / det], [11 / 30, 11 / 3], EXACT);
  });

  it('agrees with the closed form w1 = 1.1(1−p)/(2−p), w2 = 10·w1 at every rate', () => {
    for (let p = 0.01; p < 0.995; p += 0.01) {
      const w1 = (1.1 * (1 - p)) / (2 - p);
      expectClose(dropoutClosedForm(p), [w1, 10 * w1], EXACT);
      expectClose(dropoutLeastSquares(p), [w1, 10 * w1], EXACT);
    }
  });

  it('the closed form minimises the expected loss (x·w − y)² + p/(1−p)·Σ(x_i w_i)²', () => {
    for (const p of [0.1, 0.5, 0.8]) {
      const w = dropoutClosedForm(p);
      const best = dropoutExpectedLoss(w, p);
      // Expected loss computed from the masks equals the formula.
      const byMasks = dropoutMasks(p).reduce((s, r) => s + r.prob * (r.input[0] * w[0] + r.input[1] * w[1] - 11) ** 2, 0);
      expect(best).toBeCloseTo(byMasks, 10);
      for (const [d1, d2] of [
        [1e-3, 0],
        [0, 1e-3],
        [-1e-3, 1e-3],
      ]) {
        expect(dropoutExpectedLoss([w[0] + d1, w[1] + d2], p)).toBeGreaterThan(best);
      }
    }
    expect(dropoutExpectedLoss(dropoutClosedForm(0.5), 0.5)).toBeCloseTo(121 / 3, 12);
  });
});

describe('(d) SGD with dropout, batch size 1', () => {
  it('has a noisy loss curve and weights that are off, across seeds', () => {
    const run = trainLinear(DROPOUT_PRESETS.d);
    // One mask per step: the loss jumps between the four masks' losses (one of them is 121).
    const tail = stats(run.loss.subarray(500));
    expect(tail.sd / tail.mean).toBeGreaterThan(0.5);
    expect(Math.max(...run.loss.subarray(500))).toBeCloseTo(121, 6);
    // Over 20 seeds: w1 spreads widely (sd ≈ 0.14 over 100 seeds), w2 is short of 3.667.
    const w1: number[] = [];
    const w2: number[] = [];
    for (let seed = 0; seed < 20; seed++) {
      const r = trainLinear({ ...DROPOUT_PRESETS.d, seed });
      w1.push(r.w[0]);
      w2.push(r.w[1]);
    }
    expect(stats(w1).sd).toBeGreaterThan(0.07);
    expect(stats(w2).mean).toBeLessThan(3.6);
  });

  it('the noise-free path (exact expected gradient) is only at (0.3758, 3.4849) after 1,000 steps', () => {
    const mean = trainLinear({ ...DROPOUT_PRESETS.d, infiniteBatch: true });
    expectClose(mean.w, [0.3758214948719372, 3.4849398765452513], EXACT);
    // ... and reaches (c) given time.
    expectClose(trainLinear({ ...DROPOUT_PRESETS.d, steps: 20000, infiniteBatch: true }).w, [11 / 30, 11 / 3], EXACT);
  });
});

describe('(e) SGD with dropout, 1,024 masks per step, 10,000 steps', () => {
  it('is smooth and ends near (c): ≈ [0.368, 3.667] (tolerance 0.02; sd over 100 seeds 0.004)', () => {
    const run = trainLinear(DROPOUT_PRESETS.e);
    expectClose(run.w, [11 / 30, 11 / 3], 0.02);
    // Smooth: the batch loss stays within a few percent of the minimum expected loss, 121/3.
    const tail = stats(run.loss.subarray(5000));
    expect(tail.sd / tail.mean).toBeLessThan(0.05);
    expect(tail.mean).toBeCloseTo(121 / 3, 0);
    // Across seeds the final weights barely move, unlike (d).
    const w1 = [0, 1, 2, 3, 4, 5, 6, 7].map((seed) => trainLinear({ ...DROPOUT_PRESETS.e, seed }).w[0]);
    expect(stats(w1).sd).toBeLessThan(0.01);
    expect(Math.abs(stats(w1).mean - 11 / 30)).toBeLessThan(0.005);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = trainLinear({ ...DROPOUT_PRESETS.e, steps: 200 });
    const b = trainLinear({ ...DROPOUT_PRESETS.e, steps: 200 });
    const c = trainLinear({ ...DROPOUT_PRESETS.e, steps: 200, seed: 2 });
    expect(Array.from(a.loss)).toEqual(Array.from(b.loss));
    expect(a.w).toEqual(b.w);
    expect(a.w).not.toEqual(c.w);
  });
});

describe('(f) sizes of the weights and of the contributions', () => {
  it('without dropout w1 = 10·w2 and 10·w1 is 100× w2; with dropout w2 = 10·w1 and the contributions are equal', () => {
    const { withoutDropout, withDropout } = compareWeightSizes(0.5);
    expect(withoutDropout.weightRatio).toBeCloseTo(10, 12);
    expect(withoutDropout.contributionRatio).toBeCloseTo(100, 10);
    expectClose(withoutDropout.contributions, [1100 / 101, 11 / 101], EXACT);
    expect(withoutDropout.prediction).toBeCloseTo(11, 12);
    expect(withDropout.weightRatio).toBeCloseTo(0.1, 12);
    expect(withDropout.contributionRatio).toBeCloseTo(1, 12);
    expectClose(withDropout.contributions, [11 / 3, 11 / 3], EXACT);
    // Dropout shrinks the clean prediction: 22/3 ≈ 7.33, not 11.
    expect(withDropout.prediction).toBeCloseTo(22 / 3, 12);
  });

  it('holds for the trained weights of (b) and (e) too', () => {
    expect(weightSizes(trainLinear(DROPOUT_PRESETS.b).w).contributionRatio).toBeCloseTo(100, 8);
    expect(weightSizes(trainLinear(DROPOUT_PRESETS.e).w).contributionRatio).toBeCloseTo(1, 1);
  });
});

describe('(g) sweep over the drop rate', () => {
  it('closed form: p = .1 → (0.5211, 5.2105), .3 → (0.4529, 4.5294), .5 → (0.3667, 3.6667), .7 → (0.2538, 2.5385)', () => {
    expectClose(dropoutClosedForm(0.1), [0.99 / 1.9, 9.9 / 1.9], EXACT);
    expectClose(dropoutClosedForm(0.1), [0.5211, 5.2105], 1e-4);
    expectClose(dropoutClosedForm(0.3), [0.77 / 1.7, 7.7 / 1.7], EXACT);
    expectClose(dropoutClosedForm(0.3), [0.4529, 4.5294], 1e-4);
    expectClose(dropoutClosedForm(0.5), [0.3667, 3.6667], 1e-4);
    expectClose(dropoutClosedForm(0.7), [0.33 / 1.3, 3.3 / 1.3], EXACT);
    expectClose(dropoutClosedForm(0.7), [0.2538, 2.5385], 1e-4);
  });

  it('jumps at 0: the p → 0⁺ limit is (0.55, 5.5), the p = 0 answer (1.0891, 0.1089)', () => {
    expectClose(dropoutLimitAtZero(), [0.55, 5.5], EXACT);
    expectClose(dropoutClosedForm(1e-12), [0.55, 5.5], 1e-9);
    expectClose(dropoutClosedForm(0), [110 / 101, 11 / 101], EXACT);
    // The limit minimises 100·w1² + w2² on the line 10·w1 + w2 = 11.
    const obj = (w1: number) => 100 * w1 * w1 + (11 - 10 * w1) ** 2;
    expect(obj(0.55)).toBeLessThan(obj(0.55 + 1e-4));
    expect(obj(0.55)).toBeLessThan(obj(0.55 - 1e-4));
  });

  it('simulated weights lie on the analytic curve (1% relative; worst over 30 seeds 0.42%)', () => {
    const sweep = dropoutSweep();
    expect(sweep.rates).toEqual([...SWEEP_DEFAULT_RATES]);
    expect(sweep.rates[0]).toBe(0.05);
    expect(sweep.rates[sweep.rates.length - 1]).toBe(0.9);
    sweep.rates.forEach((p, k) => {
      expectClose(sweep.analytic[k], dropoutClosedForm(p), EXACT);
      for (let i = 0; i < 2; i++) {
        expect(Math.abs(sweep.empirical[k][i] - sweep.analytic[k][i])).toBeLessThan(0.01 * sweep.analytic[k][i]);
      }
      expect(sweep.lr[k]).toBeCloseTo(autoSweepLr(p), 15);
    });
    expectClose(sweep.limitAtZero, [0.55, 5.5], EXACT);
    expectClose(sweep.atZero, [110 / 101, 11 / 101], EXACT);
    expect(sweep.curve.p.length).toBe(200);
    expect(sweep.curve.p[199]).toBeCloseTo(0.9, 12);
    // Smooth and monotone on (0, 0.9]: w1 falls from near 0.55 to 0.1.
    for (let k = 1; k < 200; k++) expect(sweep.curve.w[k][0]).toBeLessThan(sweep.curve.w[k - 1][0]);
    expect(sweep.curve.w[0][0]).toBeGreaterThan(0.548);
  });

  it('reports its largest relative gap to the closed form, the number behind "within 1%"', () => {
    const sweep = dropoutSweep({ seed: 7 });
    let worst = 0;
    sweep.rates.forEach((_, k) => {
      for (let i = 0; i < 2; i++) worst = Math.max(worst, Math.abs(sweep.empirical[k][i] - sweep.analytic[k][i]) / sweep.analytic[k][i]);
    });
    expect(sweep.maxRelError).toBe(worst);
    expect(sweep.maxRelError).toBeGreaterThan(0);
    expect(sweep.maxRelError).toBeLessThan(0.01);
    // Too few steps to converge near p = 0 (the slow direction): the gap is then far above 1%.
    expect(dropoutSweep({ rates: [0.05], steps: 200 }).maxRelError).toBeGreaterThan(0.01);
  });

  it('a fixed lr 1e-3 is too slow near 0 and unsettled at 0.9, which is why the sweep scales it', () => {
    const slow = trainLinear({ p: 0.05, batchSize: 1024, steps: 10000, lr: 1e-3, seed: 3, infiniteBatch: true });
    expect(slow.w[1]).toBeLessThan(0.9 * dropoutClosedForm(0.05)[1]);
    // At p = 0.9, 2·lr·λmax = 2.0002 > 2: the noise-free path oscillates and grows.
    const edge = trainLinear({ p: 0.9, batchSize: 1024, steps: 40000, lr: 1e-3, infiniteBatch: true });
    const w1 = edge.weights[0];
    expect(Math.abs(w1[40000] - w1[39999])).toBeGreaterThan(Math.abs(w1[20000] - w1[19999]));
  });
});

describe('(h) Adam instead of SGD', () => {
  it('without dropout goes to (1, 1), moving both weights equally', () => {
    const run = trainLinear(ADAM_PRESETS.noDropout);
    expectClose(run.w, [1, 1], 1e-6);
    for (let t = 0; t <= 5000; t += 250) expect(Math.abs(run.weights[0][t] - run.weights[1][t])).toBeLessThan(1e-8);
    // Slowly: lr 1e-3 needs more than 1,000 steps to get there.
    expect(run.weights[0][1000]).toBeLessThan(0.8);
    expect(run.weights[0][3000]).toBeGreaterThan(0.999);
  });

  it('with dropout 0.5 matches SGD: ≈ (0.367, 3.665) (tolerance 0.025; sd over 100 seeds 0.002, 0.005)', () => {
    const adam = trainLinear(ADAM_PRESETS.dropout);
    expectClose(adam.w, [11 / 30, 11 / 3], 0.025);
    const sgd = trainLinear(DROPOUT_PRESETS.e);
    expectClose(adam.w, sgd.w, 0.035);
  });
});

describe('validation and the binomial sampler', () => {
  it('rejects bad rates and options', () => {
    expect(() => dropoutClosedForm(1)).toThrow(/drop rate/);
    expect(() => dropoutMasks(-0.1)).toThrow(/drop rate/);
    expect(() => trainLinear({ batchSize: 0 })).toThrow(/batchSize/);
    expect(() => trainLinear({ lr: 0 })).toThrow(/lr/);
    expect(() => olsMinNorm({ x: [10, 0], y: 1 })).toThrow(/non-zero/);
  });

  it('reports divergence instead of returning NaN', () => {
    const run = trainLinear({ lr: 0.5, steps: 5000 });
    expect(run.diverged).toBe(true);
    expect(run.loss.length).toBeLessThan(5000);
    expect(run.weights[0].length).toBe(run.loss.length + 1);
  });

  it('draws Binomial(n, p) with the right mean and variance', () => {
    const rng = createRng(7);
    for (const [n, p] of [
      [1024, 0.25],
      [300, 0.03],
      [12, 0.5],
    ]) {
      const draws = Array.from({ length: 20000 }, () => sampleBinomial(rng, n, p));
      const { mean, sd } = stats(draws);
      // Standard error of the mean is sd/√20000 < 0.1 here.
      expect(Math.abs(mean - n * p)).toBeLessThan(0.15);
      expect(sd * sd).toBeGreaterThan(0.95 * n * p * (1 - p));
      expect(sd * sd).toBeLessThan(1.05 * n * p * (1 - p));
      expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...draws)).toBeLessThanOrEqual(n);
    }
  });

  it('matches the binomial pmf on a small case', () => {
    const rng = createRng(11);
    const n = 20;
    const p = 0.3;
    const N = 50000;
    const hist = new Array<number>(n + 1).fill(0);
    for (let i = 0; i < N; i++) hist[sampleBinomial(rng, n, p)]++;
    let choose = 1;
    for (let k = 0; k <= n; k++) {
      if (k > 0) choose = (choose * (n - k + 1)) / k;
      const pmf = choose * p ** k * (1 - p) ** (n - k);
      expect(Math.abs(hist[k] / N - pmf)).toBeLessThan(4 * Math.sqrt(pmf / N) + 1e-4);
    }
  });
});
