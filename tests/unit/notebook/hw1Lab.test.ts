import { describe, expect, it } from 'vitest';
import { answerParts } from '../../../src/notebook/types';
import { dropoutLabKeyFunctions as k } from '../../../src/grading/dropoutLabKeys';
import { ADAM_PRESETS, trainLinear } from '../../../src/core/dropoutLab';
import { answerSpecFor } from '../../../src/grading/partSpec';
import { loadNotebook } from './helpers';

const { nb, parts, verdict } = loadNotebook('notebooks/hw1b-batchnorm-dropout-lab.md', {});

describe('hw1-lab notebook (problems 5, 6, 8)', () => {
  it('parses with the expected id, title and parts', () => {
    expect(nb.id).toBe('hw1-lab');
    expect(nb.title).toContain('batch normalization and the dropout lab');
    const ids = answerParts(nb).map((p) => p.id);
    expect(ids.filter((id) => id.startsWith('5'))).toEqual(['5a', '5b', '5c']);
    expect(ids.filter((id) => id.startsWith('8'))).toEqual(['8a', '8b', '8c']);
    expect(ids).toContain('6h4');
    expect(ids).toContain('6i');
    const widgetNames = nb.cells.flatMap((c) => (c.kind === 'widget' ? [c.name] : []));
    expect(widgetNames).toEqual(['bn-graph', 'dropout-lab-train', 'dropout-lab-train', 'dropout-lab-sweep', 'dropout-lab-train', 'train-compare']);
  });

  it('no directive fence leaks into the prose', () => {
    for (const c of nb.cells) if (c.kind === 'prose') expect(c.source, `line ${c.line}`).not.toMatch(/^:::/m);
  });

  it('every keyed part evaluates its key', () => {
    for (const part of answerParts(nb)) {
      if (part.answerKind === 'text') continue;
      expect(() => answerSpecFor(part, {}), part.id).not.toThrow();
    }
  });

  it('text parts of 5 and 6 carry references; 8 does not', () => {
    for (const id of ['5c', '6e2', '6f5', '6g4', '6h4']) expect(parts.get(id)?.reference?.length ?? 0, id).toBeGreaterThan(200);
    for (const id of ['8a', '8b', '8c']) expect(parts.get(id)?.reference).toBeUndefined();
  });

  it('key functions give the reference values', () => {
    expect(k.dropoutOlsW(1)).toBeCloseTo(110 / 101, 12);
    expect(k.dropoutOlsW(2)).toBeCloseTo(11 / 101, 12);
    expect(k.dropoutLsW(0.5, 1)).toBeCloseTo(11 / 30, 10);
    expect(k.dropoutLsW(0.5, 2)).toBeCloseTo(11 / 3, 10);
    expect(k.dropoutLimitW(1)).toBeCloseTo(0.55, 12);
    expect(k.dropoutLimitW(2)).toBeCloseTo(5.5, 12);
    expect(k.dropoutWeightRatio(0)).toBeCloseTo(10, 10);
    expect(k.dropoutContributionRatio(0)).toBeCloseTo(100, 8);
    expect(k.dropoutWeightRatio(0.5)).toBeCloseTo(0.1, 10);
    expect(k.dropoutContributionRatio(0.5)).toBeCloseTo(1, 10);
    expect(() => k.dropoutOlsW(3)).toThrow(/index/);
  });

  it('the Adam key is where the simulation goes', () => {
    const run = trainLinear({ ...ADAM_PRESETS.noDropout });
    expect(run.w[0]).toBeCloseTo(k.dropoutAdamLimitW(1), 6);
    expect(run.w[1]).toBeCloseTo(k.dropoutAdamLimitW(2), 6);
  });

  it('checks answers right and wrong', () => {
    expect(verdict('5a', 'a, b, c')).toBe('correct');
    expect(verdict('5a', 'a, c')).not.toBe('correct');
    expect(verdict('5b', 'c')).toBe('correct');
    expect(verdict('6a', 'b')).toBe('correct');
    expect(verdict('6a', 'a')).toBe('incorrect');
    expect(verdict('6a2', '110/101')).toBe('correct');
    expect(verdict('6a2', '1.089')).toBe('correct');
    expect(verdict('6a2', '1.0784')).toBe('incorrect'); // the student's GD-with-bias number
    expect(verdict('6a3', '0.1089')).toBe('correct');
    expect(verdict('6c', '0.3667')).toBe('correct');
    expect(verdict('6c', '0.2027')).toBe('incorrect');
    expect(verdict('6c2', '11/3')).toBe('correct');
    expect(verdict('6e', '32')).toBe('correct');
    expect(verdict('6e', '1024')).toBe('incorrect');
    expect(verdict('6f', '10')).toBe('correct');
    expect(verdict('6f2', '100')).toBe('correct');
    expect(verdict('6f3', '0.1')).toBe('correct');
    expect(verdict('6f4', '1')).toBe('correct');
    expect(verdict('6f4', '10')).toBe('incorrect');
    expect(verdict('6g', '1.1(1-p)/(2-p)')).toBe('correct');
    expect(verdict('6g', '(11 - 11p)/(20 - 10p)')).toBe('correct');
    expect(verdict('6g', '1.1/(2-p)')).toBe('incorrect');
    expect(verdict('6g2', '0.55')).toBe('correct');
    expect(verdict('6g2', '1.089')).toBe('incorrect');
    expect(verdict('6g3', '5.5')).toBe('correct');
    expect(verdict('6h', '1')).toBe('correct');
    expect(verdict('6h', '0.995')).toBe('correct');
    expect(verdict('6h', '1.089')).toBe('incorrect');
    expect(verdict('6h2', '1')).toBe('correct');
    expect(verdict('6h3', 'b')).toBe('correct');
  });
});
