import { describe, expect, it } from 'vitest';
import type { GradedSubmission, PartGrade } from '../../../src/grading/regrade';
import { columnPoints, columnsFor, problemOf, sortRows } from '../../../src/ui/grader/gradeColumns';

const part = (partId: string, auto: number | null, max = 1): PartGrade => ({ partId, kind: 'number', max, auto, status: auto === null ? 'manual' : auto === max ? 'correct' : 'incorrect', message: '', input: '' });
const student = (studentId: string, parts: PartGrade[]): GradedSubmission => ({
  file: `${studentId}.json`, studentId, seed: studentId.length, params: {}, submittedAt: '', parts,
  autoTotal: parts.reduce((t, p) => t + (p.auto ?? 0), 0), max: parts.reduce((t, p) => t + p.max, 0), hashMismatch: false, flags: [],
});
const parts = [{ id: '1a', points: 1 }, { id: '1b', points: 2 }, { id: '7b2', points: 1 }, { id: '7c', points: 1 }];

describe('grade table columns', () => {
  it('folds parts into problems by their leading number', () => {
    expect(problemOf('7b2')).toBe('7');
    expect(columnsFor(parts, true)).toEqual([
      { id: '1', label: 'Problem 1', max: 3, partIds: ['1a', '1b'] },
      { id: '7', label: 'Problem 7', max: 2, partIds: ['7b2', '7c'] },
    ]);
    const g = student('ann', [part('1a', 1), part('1b', null, 2), part('7b2', 0), part('7c', 1)]);
    expect(columnPoints(g, {}, columnsFor(parts, true)[0])).toEqual({ points: 1, open: 1 });
    // A grader's points count where the part is still to grade.
    expect(columnPoints(g, { '1b': { points: 2 } }, columnsFor(parts, true)[0])).toEqual({ points: 3, open: 0 });
  });

  it('sorts by any column, students without points last', () => {
    const rows = [
      student('bo', [part('1a', 0), part('1b', 2, 2), part('7b2', 1), part('7c', 1)]),
      student('al', [part('1a', 1), part('1b', 0, 2), part('7b2', 1), part('7c', 0)]),
      student('cy', [part('1a', null), part('1b', 1, 2), part('7b2', 0), part('7c', 0)]),
    ].map((g) => ({ g, manual: {} }));
    const ids = (r: typeof rows) => r.map((x) => x.g.studentId);
    const cols = columnsFor(parts, false);
    expect(ids(sortRows(rows, { column: 'student', descending: false }, cols))).toEqual(['al', 'bo', 'cy']);
    expect(ids(sortRows(rows, { column: 'total', descending: true }, cols))).toEqual(['bo', 'al', 'cy']);
    expect(ids(sortRows(rows, { column: '1a', descending: true }, cols))).toEqual(['al', 'bo', 'cy']);
    expect(ids(sortRows(rows, { column: '1a', descending: false }, cols))).toEqual(['bo', 'al', 'cy']);
    expect(ids(sortRows(rows, { column: '7', descending: true }, columnsFor(parts, true)))).toEqual(['bo', 'al', 'cy']);
  });
});
