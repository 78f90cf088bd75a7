import { describe, expect, it } from 'vitest';
import {
  ACTIVATION_INFO,
  activationFn,
  compareDropoutOrder,
  homogeneityDefect,
  type ActivationName,
} from '../../../src/core/activationDropout';

describe('dropout before or after the activation', () => {
  const names = Object.keys(ACTIVATION_INFO) as ActivationName[];

  it('agrees with the analytic answer for every listed activation', () => {
    for (const name of names) {
      const r = compareDropoutOrder({ activation: name, dropProb: 0.5, seed: 7 });
      if (ACTIVATION_INFO[name].ordersAgree) {
        expect(r.maxAbsDiff, name).toBeLessThan(1e-12);
      } else {
        expect(r.maxAbsDiff, name).toBeGreaterThan(1e-3);
      }
      expect(r.analytic).toBe(ACTIVATION_INFO[name]);
    }
  });

  it('gives the homework’s choice answers: ReLU and leaky ReLU yes, sigmoid no', () => {
    expect(ACTIVATION_INFO.relu.ordersAgree).toBe(true);
    expect(ACTIVATION_INFO.leaky_relu.ordersAgree).toBe(true);
    expect(ACTIVATION_INFO.sigmoid.ordersAgree).toBe(false);
    expect(ACTIVATION_INFO.tanh.ordersAgree).toBe(false);
  });

  it('shows sigmoid failing on a dropped unit by exactly 1/2', () => {
    const r = compareDropoutOrder({ activation: 'sigmoid', dropProb: 0.3, seed: 1 });
    const dropped = r.points.find((q) => !q.kept);
    expect(dropped?.dropoutThenActivation).toBe(0.5);
    expect(dropped?.activationThenDropout).toBe(0);
  });

  it('hand case: z = 1, p = 0.5, unit kept (mask scale 2)', () => {
    const relu = activationFn('relu');
    const tanh = activationFn('tanh');
    expect(relu(2 * 1)).toBe(2 * relu(1));
    // tanh(2) = 0.9640 but 2·tanh(1) = 1.5232.
    expect(tanh(2)).toBeCloseTo(0.964028, 6);
    expect(2 * tanh(1)).toBeCloseTo(1.523188, 6);
  });

  it('drops the expected fraction of units and is reproducible', () => {
    const a = compareDropoutOrder({ activation: 'relu', dropProb: 0.25, seed: 'x', samples: 500 });
    const b = compareDropoutOrder({ activation: 'relu', dropProb: 0.25, seed: 'x', samples: 500 });
    expect(a.points).toEqual(b.points);
    const droppedFraction = a.points.filter((q) => !q.kept).length / a.points.length;
    expect(Math.abs(droppedFraction - 0.25)).toBeLessThan(0.03);
  });

  it('accepts a custom activation and checks homogeneity numerically', () => {
    const cubeRelu = (z: number): number => Math.max(0, z) ** 3;
    expect(compareDropoutOrder({ activation: cubeRelu, dropProb: 0.5, seed: 2 }).maxAbsDiff).toBeGreaterThan(0.1);
    expect(homogeneityDefect(activationFn('leaky_relu', 0.2))).toBeLessThan(1e-12);
    expect(homogeneityDefect(activationFn('sigmoid'))).toBeGreaterThan(0.4);
  });

  it('rejects p outside [0, 1)', () => {
    expect(() => compareDropoutOrder({ activation: 'relu', dropProb: 1, seed: 0 })).toThrow();
  });
});
