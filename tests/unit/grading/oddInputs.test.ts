import { describe, expect, it } from 'vitest';
import { checkAnswer } from '../../../src/grading';
import { parseStudentExpression, expressionToTex } from '../../../src/grading/expressionInput';
import { parseMatrixInput } from '../../../src/grading/matrixInput';
import { parseNumberInput } from '../../../src/grading/numberInput';
import { parseSubmission } from '../../../src/grading/submission';

const num = (key: number, input: string) => checkAnswer({ kind: 'number', key }, input);
const value = (input: string) => {
  const r = parseNumberInput(input);
  return r.ok ? r.value : r.message;
};

describe('odd inputs to number, expression and matrix parts', () => {
  it('reads digits and signs of other scripts and full-width forms (NFKC)', () => {
    expect(value('１０８')).toBe(108);
    expect(value('١٠٨')).toBe(108);
    expect(value('۱۰۸')).toBe(108);
    expect(value('१०८')).toBe(108);
    expect(value('－５')).toBe(-5);
    expect(value('−5')).toBe(-5);
    expect(value('١٠٨٫٥')).toBe(108.5);
    expect(value('１，０８０')).toBe(1080);
    expect(num(108, '١٠٨').verdict).toBe('correct');
    expect(parseMatrixInput('１　２\n٣ ٤')).toEqual({ ok: true, value: [[1, 2], [3, 4]] });
  });

  it('keeps superscripts as powers (they are replaced before NFKC would flatten them)', () => {
    expect(value('2³')).toBe(8);
    const e = parseStudentExpression('n²', ['n']);
    expect(e.ok && expressionToTex(e.value).replace(/\s/g, '')).toBe('{n}^{2}');
  });

  it('reads √ where expressions are read', () => {
    expect(value('√1024')).toBe(32);
    expect(value('√(2)')).toBeCloseTo(Math.SQRT2);
    expect(num(32, '√1024').verdict).toBe('correct');
    const e = parseStudentExpression('√n/2', ['n']);
    expect(e.ok && expressionToTex(e.value).replace(/\s/g, '')).toBe('\\frac{\\sqrt{n}}{2}');
    expect(parseMatrixInput('√4 1\n0 √9')).toEqual({ ok: true, value: [[2, 1], [0, 3]] });
  });

  it('answers 1e400 in a plain sentence, never with Infinity', () => {
    const r = num(108, '1e400');
    expect(r.verdict).toBe('invalid');
    expect(r.message).toBe('"1e400" is too large to work with (the largest number here is about 1.8e308): check the exponent.');
    expect(num(108, '1e-400').message).toMatch(/too close to zero/);
    expect(num(1e-300, '1e300').message).toMatch(/10\^600\b.*check the order of magnitude/);
    expect(num(1e-10, '1e300').message).toBe('Your answer is about 10^310 times too large: check the order of magnitude.');
    for (const s of ['1e400', '1/0', '1e999*0']) expect(num(108, s).message).not.toMatch(/Infinity|NaN/);
    const e = checkAnswer({ kind: 'expression', key: 'n', variables: ['n'] }, '1e400*n');
    expect(e).toMatchObject({ verdict: 'invalid', message: expect.stringMatching(/too large/) });
  });

  it('quotes at most a short excerpt of a long input', () => {
    const long = '12345 '.repeat(500);
    for (const r of [
      num(108, long),
      num(108, 'x'.repeat(3000)),
      checkAnswer({ kind: 'expression', key: 'n', variables: ['n'] }, 'q'.repeat(3000)),
      checkAnswer({ kind: 'matrix', key: [[1]] }, 'y'.repeat(3000)),
    ]) {
      expect(r.verdict).toBe('invalid');
      expect(r.message.length).toBeLessThan(160);
      expect(r.message).toMatch(/3,000 characters|2,999 characters/);
    }
  });

  it('answers pasted JSON and broken syntax in words, not in parser errors', () => {
    for (const r of [num(108, '{not json'), checkAnswer({ kind: 'expression', key: 'n', variables: ['n'] }, '{not json')]) {
      expect(r.verdict).toBe('invalid');
      expect(r.message).toMatch(/curly braces/);
      expect(r.message).not.toMatch(/truncated|Colon|char \d/);
    }
    expect(parseMatrixInput('{not json')).toMatchObject({ ok: false, message: expect.stringMatching(/curly braces/) });
    expect(num(108, '2+').message).toBe('"2+" is not a number: it stops too early: a number or a closing bracket is missing at the end.');
    expect(num(108, '2+*3').message).toMatch(/from character 3 on \("\*3"\)/);
    expect(num(108, '[1, 2]').message).toMatch(/single number, not a list/);
    const file = parseSubmission('{not json', 'pasted.json');
    expect(file.ok).toBe(false);
    if (!file.ok) expect(file.message).toMatch(/^pasted\.json: this is not valid JSON/);
  });
});
