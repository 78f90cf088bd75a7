import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../../../src/notebook/parse';
import { defaultParams, drawParams } from '../../../src/notebook/variants';
import { answerSpecFor } from '../../../src/grading/partSpec';
import { checkAnswer } from '../../../src/grading';
import type { AnswerCell } from '../../../src/notebook/types';

const files = ['hw2-cnn-memory.md', 'hw3-dropout-init-resnets.md', 'hw4-alexnet-gaussian.md'];

describe.each(files)('%s', (file) => {
  const nb = parseNotebook(readFileSync(`notebooks/${file}`, 'utf8'), `notebooks/${file}`);
  const parts = nb.cells.filter((c): c is AnswerCell => c.kind === 'answer');

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
  const load = (f: string) => parseNotebook(readFileSync(`notebooks/${f}`, 'utf8'), f);
  const check = (f: string, id: string, input: string) => {
    const nb = load(f);
    const part = nb.cells.find((c): c is AnswerCell => c.kind === 'answer' && c.id === id)!;
    return checkAnswer(answerSpecFor(part, defaultParams(nb.params))!, input).verdict;
  };
  it('hw2', () => {
    expect(check('hw2-cnn-memory.md', '2a', '58164298')).toBe('correct');
    expect(check('hw2-cnn-memory.md', '2b', '16')).toBe('correct');
    expect(check('hw2-cnn-memory.md', '2b', '12')).toBe('incorrect');
  });
  it('hw3', () => {
    expect(check('hw3-dropout-init-resnets.md', '1c', 'b')).toBe('correct');
    expect(check('hw3-dropout-init-resnets.md', '2a', '(n+1)/(3n)')).toBe('correct');
    expect(check('hw3-dropout-init-resnets.md', '2c', String((101 / 300) ** 2))).toBe('incorrect');
    expect(check('hw3-dropout-init-resnets.md', '4a', '212992')).toBe('correct');
    expect(check('hw3-dropout-init-resnets.md', '4b', '70144')).toBe('correct');
    expect(check('hw3-dropout-init-resnets.md', '4c', 'P*(512*d + 9*d^2)')).toBe('correct');
  });
  it('hw4', () => {
    expect(check('hw4-alexnet-gaussian.md', '1d', '223948800')).toBe('correct');
    // The seed's student table halves conv2's connections.
    expect(check('hw4-alexnet-gaussian.md', '1d', '111974400')).toBe('incorrect');
    expect(check('hw4-alexnet-gaussian.md', '2c', 'Nk/N')).toBe('correct');
    expect(check('hw4-alexnet-gaussian.md', '2e', '(m1-m0)/s2')).toBe('correct');
  });
});
