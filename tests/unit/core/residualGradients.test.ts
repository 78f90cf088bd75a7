import { describe, expect, it } from 'vitest';
import {
  backprop,
  blockJacobian,
  compareGradientNorms,
  forward,
  makeResidualNet,
  type PassOptions,
  type ResidualNet,
} from '../../../src/core/residualGradients';
import { createRng } from '../../../src/core/rng';

const dot = (a: Float64Array, b: Float64Array): number => a.reduce((s, v, i) => s + v * b[i], 0);

function loss(net: ResidualNet, x: Float64Array, opts: PassOptions, u: Float64Array): number {
  const ys = forward(net, x, opts);
  return dot(ys[ys.length - 1], u);
}

describe('residual block Jacobian', () => {
  it('is diag(σ′(Ay + b))A + I: hand case', () => {
    const block = { A: Float64Array.from([1, -2, 3, 0.5]), b: Float64Array.from([0, 0]) };
    const y = Float64Array.from([1, 1]);
    // z = (−1, 3.5): ReLU′ = (0, 1).
    expect(Array.from(blockJacobian(block, y, { activation: 'relu', residual: true }))).toEqual([1, 0, 3, 1.5]);
    expect(Array.from(blockJacobian(block, y, { activation: 'relu', residual: false }))).toEqual([0, 0, 3, 0.5]);
  });

  it('matches finite differences (tanh)', () => {
    const net = makeResidualNet({ width: 5, depth: 1, seed: 3, biasScale: 0.3 });
    const opts: PassOptions = { activation: 'tanh', residual: true };
    const y = Float64Array.from([0.3, -0.2, 0.9, 0.1, -0.5]);
    const J = blockJacobian(net.blocks[0], y, opts);
    const h = 1e-6;
    for (let k = 0; k < 5; k++) {
      const yp = Float64Array.from(y);
      const ym = Float64Array.from(y);
      yp[k] += h;
      ym[k] -= h;
      const fp = forward(net, yp, opts)[1];
      const fm = forward(net, ym, opts)[1];
      for (let i = 0; i < 5; i++) expect(J[i * 5 + k]).toBeCloseTo((fp[i] - fm[i]) / (2 * h), 7);
    }
  });
});

describe('backprop through the stack', () => {
  for (const residual of [true, false]) {
    it(`gradients match finite differences (residual=${residual}, with readout)`, () => {
      const net = makeResidualNet({ width: 4, depth: 3, seed: 5, biasScale: 0.2, readout: true });
      const opts: PassOptions = { activation: 'tanh', residual };
      const rng = createRng(9);
      const x = Float64Array.from({ length: 4 }, () => rng.normal());
      const u = Float64Array.from({ length: 4 }, () => rng.normal());
      const r = backprop(net, x, opts, u);
      const h = 1e-6;
      const fd = (perturb: (s: number) => void): number => {
        perturb(h);
        const lp = loss(net, x, opts, u);
        perturb(-2 * h);
        const lm = loss(net, x, opts, u);
        perturb(h);
        return (lp - lm) / (2 * h);
      };
      for (let k = 0; k < 4; k++) expect(r.inputGrad[k]).toBeCloseTo(fd((s) => (x[k] += s)), 6);
      for (let l = 0; l < 3; l++) {
        for (let i = 0; i < 4; i++) expect(r.biasGrads[l][i]).toBeCloseTo(fd((s) => (net.blocks[l].b[i] += s)), 6);
        for (const e of [0, 5, 15]) expect(r.weightGrads[l][e]).toBeCloseTo(fd((s) => (net.blocks[l].A[e] += s)), 6);
      }
    });
  }

  it('with A = 0 the identity path passes the gradient unchanged, the plain net kills it', () => {
    const net = makeResidualNet({ width: 3, depth: 4, seed: 1, weightScale: 0 });
    const x = Float64Array.from([1, 2, 3]);
    const u = Float64Array.from([3, 0, 4]);
    expect(backprop(net, x, { activation: 'relu', residual: true }, u).activationGradNorms).toEqual([5, 5, 5, 5, 5]);
    expect(backprop(net, x, { activation: 'relu', residual: false }, u).activationGradNorms[0]).toBe(0);
  });

  it('plain nets lose the gradient with depth; residual nets keep it', () => {
    const c = compareGradientNorms({ width: 16, depth: 30, seed: 4, weightScale: 0.5, activation: 'tanh' });
    expect(c.withoutIdentity[0] / c.withoutIdentity[30]).toBeLessThan(1e-6);
    expect(c.withIdentity[0] / c.withIdentity[30]).toBeGreaterThan(1);
  });
});
