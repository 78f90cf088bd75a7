import { describe, expect, it } from 'vitest';
import {
  compareBottlenecks,
  groupedBottleneckParams,
  pathWidthForBudget,
  resnextParams,
  wideBottleneckParams,
} from '../../../src/core/resnext';

const shape = { inChannels: 256, outChannels: 256 };

describe('ResNeXt vs wide bottleneck', () => {
  it('the wide block (256→128→256) has 212,992 parameters', () => {
    const w = wideBottleneckParams(shape, 128);
    expect(w.layers.map((l) => l.params)).toEqual([32768, 147456, 32768]);
    expect(w.total).toBe(212992);
  });

  it('32 paths of width 4 have 70,144 parameters', () => {
    const r = resnextParams(shape, 32, 4);
    expect(r.layers.map((l) => l.params)).toEqual([32768, 4608, 32768]);
    expect(r.total).toBe(70144);
    expect(groupedBottleneckParams(shape, 32, 4)).toBe(70144);
  });

  it('compares the two and scales with the parameters', () => {
    const c = compareBottlenecks(shape, 128, 32, 4);
    expect(c.ratio).toBeCloseTo(70144 / 212992, 12);
    // One path of full width is the wide block.
    expect(resnextParams(shape, 1, 128).total).toBe(212992);
    expect(resnextParams({ inChannels: 64, outChannels: 64, kernel: 5 }, 8, 2).total).toBe(8 * (128 + 100 + 128));
    for (const [p, d] of [[2, 8], [16, 3], [64, 1]] as const) {
      expect(groupedBottleneckParams(shape, p, d)).toBe(resnextParams(shape, p, d).total);
    }
  });

  it('finds the widest paths within a budget', () => {
    // ResNet-50's 256→64→256 bottleneck has 69,632 parameters; 32 paths of width 4 is the
    // ResNeXt paper's matched-complexity choice (70,144 is just above, width 3 below).
    expect(wideBottleneckParams(shape, 64).total).toBe(69632);
    expect(pathWidthForBudget(shape, 32, 70144)).toBe(4);
    expect(pathWidthForBudget(shape, 32, 70143)).toBe(3);
    expect(pathWidthForBudget(shape, 32, 10)).toBe(0);
  });

  it('rejects bad sizes', () => {
    expect(() => resnextParams(shape, 0, 4)).toThrow();
  });
});
