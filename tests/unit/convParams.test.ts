import { describe, expect, it } from 'vitest';
import {
  compareConvolutions,
  separableConvParams,
  separableRatio,
  standardConvParams,
} from '../../src/core/convParams';

describe('convParams', () => {
  it('gives the homework values: 3 channels in, 3x3 kernel, 4 out', () => {
    expect(standardConvParams(3, 3, 4)).toBe(108);
    expect(separableConvParams(3, 3, 4)).toBe(27 + 12);
  });

  it('ratio equals 1/C_out + 1/K^2 for many shapes', () => {
    for (const k of [1, 3, 5, 7]) {
      for (const cin of [1, 3, 16]) {
        for (const cout of [2, 4, 64]) {
          expect(separableRatio(k, cin, cout)).toBeCloseTo(1 / cout + 1 / (k * k), 12);
        }
      }
    }
  });

  it('counts multiply-adds as params times output pixels', () => {
    const c = compareConvolutions({ k: 3, cin: 3, cout: 4, size: 224 });
    expect(c.standard.macs).toBe(108 * 224 * 224);
    expect(c.separable.macs).toBe(39 * 224 * 224);
    expect(c.depthwise.params + c.pointwise.params).toBe(c.separable.params);
    expect(c.ratio).toBeCloseTo(c.ratioFormula, 12);
  });
});
