import { describe, expect, it } from 'vitest';
import { defaultParams, drawParams } from '../../../src/notebook/variants';
import { answerSpecFor } from '../../../src/grading/partSpec';
import { answerParts } from '../../../src/notebook/types';
import { loadNotebook } from './helpers';

const files = ['hw2-cnn-memory.md', 'hw3-dropout-init-resnets.md', 'hw4-alexnet-gaussian.md'];

describe.each(files)('%s', (file) => {
  const { nb } = loadNotebook(`notebooks/${file}`);
  const parts = answerParts(nb);

  it('parses, and every key evaluates for the default and for drawn variants', () => {
    expect(parts.length).toBeGreaterThan(5);
    for (const params of [defaultParams(nb.params), ...[1, 2, 3, 4, 5].map((s) => drawParams(nb.params, s))]) {
      for (const part of parts) {
        const spec = answerSpecFor(part, params);
        if (part.answerKind === 'text') expect(spec).toBeNull();
        else expect(spec, part.id).not.toBeNull();
        if (spec?.kind === 'number') expect(Number.isFinite(spec.key), part.id).toBe(true);
      }
    }
  });
});

describe('keys match the core values', () => {
  it('hw2', () => {
    const { verdict } = loadNotebook('notebooks/hw2-cnn-memory.md');
    expect(verdict('2a', '58164298')).toBe('correct');
    expect(verdict('2b', '16')).toBe('correct');
    expect(verdict('2b', '12')).toBe('incorrect');
  });
  it('hw3', () => {
    const { verdict } = loadNotebook('notebooks/hw3-dropout-init-resnets.md');
    expect(verdict('1c', 'b')).toBe('correct');
    expect(verdict('2a', '(n+1)/(3n)')).toBe('correct');
    expect(verdict('2c', String((101 / 300) ** 2))).toBe('incorrect');
    expect(verdict('4a', '212992')).toBe('correct');
    expect(verdict('4b', '70144')).toBe('correct');
    expect(verdict('4c', 'P*(512*d + 9*d^2)')).toBe('correct');
  });
  it('hw4', () => {
    const { verdict } = loadNotebook('notebooks/hw4-alexnet-gaussian.md');
    expect(verdict('1d', '223948800')).toBe('correct');
    // The seed's student table halves conv2's connections.
    expect(verdict('1d', '111974400')).toBe('incorrect');
    expect(verdict('2c', 'Nk/N')).toBe('correct');
    expect(verdict('2e', '(m1-m0)/s2')).toBe('correct');
  });
});
