import { describe, expect, it } from 'vitest';
import { checkAnswer, type MatrixCredit } from '../../../src/grading';

const num = (key: number, input: string, tolerance?: { rel?: number; abs?: number }) =>
  checkAnswer({ kind: 'number', key, tolerance }, input);

describe('number answers', () => {
  it('accepts the same value written three ways', () => {
    for (const s of ['70144', '70,144', '7.0144e4', ' 70144 ']) expect(num(70144, s).verdict).toBe('correct');
  });
  it('rejects a wrong value', () => {
    expect(num(108, '107').verdict).toBe('incorrect');
  });
  it('names a miss by a power of ten', () => {
    const r = num(108, '1080');
    expect(r.verdict).toBe('incorrect');
    expect(r.message).toMatch(/factor of 10\^1/);
    expect(num(108, '10.8').message).toMatch(/10\^-1/);
    expect(num(108, '5000').message).toMatch(/too large/);
  });
  it('uses the part tolerance', () => {
    expect(num(0.36667, '0.37', { rel: 0.02 }).verdict).toBe('correct');
    expect(num(0.36667, '0.37', { rel: 1e-4 }).verdict).toBe('incorrect');
    expect(num(1.0891, '1.09', { abs: 0.01 }).verdict).toBe('correct');
  });
  it('accepts constant expressions', () => {
    expect(num(110 / 101, '110/101').verdict).toBe('correct');
    expect(num(Math.SQRT2, 'sqrt(2)').verdict).toBe('correct');
  });
  it('says what is wrong with malformed input and never accepts it', () => {
    for (const s of ['', 'abc', '1,5', '12..3', '3x', '1e', '70,14']) {
      const r = num(108, s);
      expect(r.verdict).toBe('invalid');
      expect(r.message.length).toBeGreaterThan(5);
    }
  });
});

describe('choice answers', () => {
  it('checks one option', () => {
    expect(checkAnswer({ kind: 'choice', key: 'a' }, 'a').verdict).toBe('correct');
    expect(checkAnswer({ kind: 'choice', key: 'a' }, '(A)').verdict).toBe('correct');
    expect(checkAnswer({ kind: 'choice', key: 'a' }, 'b').verdict).toBe('incorrect');
    expect(checkAnswer({ kind: 'choice', key: 'a' }, 'a,b').verdict).toBe('invalid');
  });
  it('checks several options as a set', () => {
    expect(checkAnswer({ kind: 'choice', key: ['a', 'c'] }, 'c, a').verdict).toBe('correct');
    expect(checkAnswer({ kind: 'choice', key: ['a', 'c'] }, 'a').verdict).toBe('incorrect');
  });
  it('names an unknown option', () => {
    const r = checkAnswer({ kind: 'choice', key: 'a', options: ['a', 'b'] }, 'z');
    expect(r.verdict).toBe('invalid');
    expect(r.message).toMatch(/"z"/);
  });
});

describe('expression answers', () => {
  const ex = (key: string, input: string, variables: string[] | Record<string, { min: number; max: number; integer?: boolean }>) =>
    checkAnswer({ kind: 'expression', key, variables }, input);
  it('accepts equivalent forms', () => {
    expect(ex('p*(1-p)', 'p(1-p)', ['p']).verdict).toBe('correct');
    expect(ex('p*(1-p)', 'p - p^2', ['p']).verdict).toBe('correct');
    expect(ex('sqrt((1-p)/p)', 'sqrt(1-p)/sqrt(p)', ['p']).verdict).toBe('correct');
    expect(ex('2*n*(n-1)', '2n^2-2n', { n: { min: 2, max: 64, integer: true } }).verdict).toBe('correct');
    expect(ex('p/n', 'p/n', { n: { min: 2, max: 16 }, p: { min: 1, max: 1e6 } }).verdict).toBe('correct');
    expect(ex('p/n', 'p·n^(-1)', ['n', 'p']).verdict).toBe('correct');
  });
  it('rejects non-equivalent forms', () => {
    expect(ex('p*(1-p)', 'p(1+p)', ['p']).verdict).toBe('incorrect');
    expect(ex('2*n*(n-1)', 'n(n-1)', { n: { min: 2, max: 64, integer: true } }).verdict).toBe('incorrect');
    expect(ex('sqrt((1-p)/p)', '(1-p)/p', ['p']).verdict).toBe('incorrect');
  });
  it('explains malformed input', () => {
    expect(ex('p', 'p(1-', ['p']).verdict).toBe('invalid');
    const unknown = ex('p', 'q+1', ['p']);
    expect(unknown.verdict).toBe('invalid');
    expect(unknown.message).toMatch(/"q"/);
    expect(ex('p', 'foo(p)', ['p']).message).toMatch(/function "foo"/);
    expect(ex('p', 'x = p', ['p']).verdict).toBe('invalid');
    expect(ex('p', '', ['p']).verdict).toBe('invalid');
    expect(ex('p', 'import({})', ['p']).verdict).toBe('invalid');
  });
  it('allows keys that use notebook constants', () => {
    const r = checkAnswer({ kind: 'expression', key: 'k^2*n', variables: ['n'], constants: { k: 3 } }, '9n');
    expect(r.verdict).toBe('correct');
  });
});

describe('matrix answers', () => {
  const key = [[0, 1], [1, 0]];
  it('accepts rows by line, by semicolon and as pasted arrays', () => {
    expect(checkAnswer({ kind: 'matrix', key }, '0 1\n1 0').verdict).toBe('correct');
    expect(checkAnswer({ kind: 'matrix', key }, '0, 1; 1, 0').verdict).toBe('correct');
    expect(checkAnswer({ kind: 'matrix', key }, '[[0, 1], [1, 0]]').verdict).toBe('correct');
  });
  it('names a shape mismatch', () => {
    const r = checkAnswer({ kind: 'matrix', key }, '0 1 0\n1 0 0');
    expect(r.verdict).toBe('incorrect');
    expect(r.message).toMatch(/2×2.*2×3/);
  });
  it('gives partial credit by entries', () => {
    const r = checkAnswer({ kind: 'matrix', key }, '0 1\n1 1');
    expect(r.verdict).toBe('incorrect');
    expect(r.score).toBeCloseTo(0.75);
    expect(r.message).toMatch(/row 2, column 2/);
  });
  it("gives the credit the part's rule says, and names the wrong entries", () => {
    // A 6×6 Laplacian with one degree wrong: its row and its column are off (4 entries, 3 rows).
    const lap = Array.from({ length: 6 }, (_, i) => Array.from({ length: 6 }, (_, j) => (i === j ? 1 : (i + j) % 3 === 0 ? -0.5 : 0)));
    const typed = lap.map((row) => [...row]);
    for (const [i, j] of [[0, 3], [3, 0], [0, 0], [4, 5]] as const) typed[i][j] += 0.25;
    const input = typed.map((r) => r.join(' ')).join('\n');
    const check = (partial?: MatrixCredit) => checkAnswer({ kind: 'matrix', key: lap, partial }, input);
    expect(check().score).toBeCloseTo(32 / 36);
    expect(check({ by: 'entries' }).score).toBeCloseTo(32 / 36);
    expect(check({ by: 'rows' }).score).toBeCloseTo(3 / 6);
    expect(check({ by: 'all' }).score).toBe(0);
    expect(check({ by: 'threshold', fraction: 0.9 }).score).toBe(0);
    expect(check({ by: 'threshold', fraction: 0.8 }).score).toBeCloseTo(32 / 36);
    const r = check({ by: 'rows' });
    expect(r.wrongEntries).toEqual([[0, 0], [0, 3], [3, 0], [4, 5]]);
    expect(r.message).toBe('4 of 36 entries are off, in 3 of 6 rows (the first at row 1, column 1; marked in the grid).');
    expect(checkAnswer({ kind: 'matrix', key: lap, partial: { by: 'rows' } }, lap.map((x) => x.join(' ')).join('\n'))).toMatchObject({ verdict: 'correct', score: 1 });
  });
  it('rejects ragged rows and non-numbers', () => {
    expect(checkAnswer({ kind: 'matrix', key }, '0 1\n1').verdict).toBe('invalid');
    expect(checkAnswer({ kind: 'matrix', key }, '0 x\n1 0').verdict).toBe('invalid');
  });
});

describe('broken specs', () => {
  it('report a notebook error instead of throwing', () => {
    const r = checkAnswer({ kind: 'number', key: 'abc' }, '1');
    expect(r.verdict).toBe('invalid');
    expect(r.message).toMatch(/cannot be checked/);
  });
});
