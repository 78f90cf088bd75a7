// The grading caches (src/core/memo.ts and its users) must never give one answer another's verdict:
// a constant the trees name, a key function replaced by a course, a matrix key shared by students.
import { describe, expect, it } from 'vitest';
import { checkAnswer } from '../../../src/grading';
import { registerKeyFunctions } from '../../../src/grading/keyFunctions';
import { answerSpecFor } from '../../../src/grading/partSpec';
import type { AnswerCell } from '../../../src/notebook/types';

const expr = (key: string, input: string, constants: Record<string, number>) =>
  checkAnswer({ kind: 'expression', key, variables: { p: { min: 0.1, max: 0.9 } }, constants }, input).verdict;

describe('grading caches', () => {
  it('an expression check depends on the constants the key names, and only those', () => {
    expect(expr('c*p', '2*p', { c: 2 })).toBe('correct');
    // Same key and answer text, another student's value of c: checked again, not taken from the cache.
    expect(expr('c*p', '2*p', { c: 3 })).toBe('incorrect');
    // A constant neither names (d) changes nothing: same verdict either way.
    expect(expr('c*p', '2*p', { c: 2, d: 5 })).toBe('correct');
    // NaN and Infinity are different values, though JSON writes both as null.
    expect(expr('c*p', '2*p', { c: Number.NaN })).toBe('invalid');
    expect(expr('p + 1/c', 'p', { c: Number.POSITIVE_INFINITY })).toBe('correct');
  });

  it('a key is computed again after a course registers other key functions', () => {
    const part = { id: 'x', kind: 'answer', answerKind: 'number', key: 'cacheProbe(n)', points: 1 } as unknown as AnswerCell;
    registerKeyFunctions({ cacheProbe: ((n: number) => n + 1) as never });
    expect(answerSpecFor(part, { n: 1 })?.key).toBe(2);
    registerKeyFunctions({ cacheProbe: ((n: number) => n + 10) as never });
    expect(answerSpecFor(part, { n: 1 })?.key).toBe(11);
  });

  it('students with the same parameters get their own copy of a matrix key', () => {
    const part = { id: 'm', kind: 'answer', answerKind: 'matrix', key: '[[a, 1], [2, 3]]', points: 1 } as unknown as AnswerCell;
    const a = answerSpecFor(part, { a: 4 })!.key as number[][];
    a[0][0] = 99;
    expect(answerSpecFor(part, { a: 4 })!.key).toEqual([
      [4, 1],
      [2, 3],
    ]);
    expect(checkAnswer({ kind: 'matrix', key: [[4, 1], [2, 3]] }, '4 1\n2 3').verdict).toBe('correct');
    expect(checkAnswer({ kind: 'matrix', key: [[5, 1], [2, 3]] }, '4 1\n2 3').verdict).toBe('incorrect');
  });
});
