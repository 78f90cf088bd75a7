import type { MatrixCredit } from '../notebook/types';
import { withinTolerance } from './checkNumber';
import { parseMatrixInput, shapeOf } from './matrixInput';
import { memoized } from '../core/memo';
import type { CheckResult, Tolerance } from './types';

/** The fraction of credit a rule gives for a grid of right (true) and wrong entries. */
function creditFor(rule: MatrixCredit, right: boolean[][]): number {
  const entries = right.flat();
  const byEntries = entries.filter(Boolean).length / entries.length;
  switch (rule.by) {
    case 'entries':
      return byEntries;
    case 'rows':
      return right.filter((row) => row.every(Boolean)).length / right.length;
    case 'all':
      return byEntries === 1 ? 1 : 0;
    case 'threshold':
      return byEntries >= rule.fraction ? byEntries : 0;
  }
}

export { describeCredit } from './matrixCredit';

// Read once per distinct answer in a class; the result is only read here.
const readMatrix = memoized<ReturnType<typeof parseMatrixInput>>(5000);

/**
 * The one matrix checker (page, grader and command line): which entries are off, and the credit
 * the part's rule gives for them. The score is reported whatever the rule; whether it counts is
 * the notebook's `partial` choice.
 */
export function checkMatrix(key: number[][], input: string, tol?: Tolerance, rule: MatrixCredit = { by: 'entries' }): CheckResult {
  const parsed = readMatrix(input, () => parseMatrixInput(input));
  if (!parsed.ok) return { verdict: 'invalid', message: parsed.message };
  const [kr, kc] = shapeOf(key);
  const [r, c] = shapeOf(parsed.value);
  if (r !== kr || c !== kc) {
    return { verdict: 'incorrect', message: `Expected a ${kr}×${kc} matrix but got ${r}×${c}.`, score: 0 };
  }
  // Matrix entries are often rounded decimals, so a relative tolerance is the default here.
  const right = key.map((row, i) => row.map((want, j) => withinTolerance(parsed.value[i][j], want, tol ?? { rel: 1e-3, abs: 1e-6 })));
  const wrongEntries: [number, number][] = [];
  right.forEach((row, i) => row.forEach((ok, j) => ok || wrongEntries.push([i, j])));
  if (wrongEntries.length === 0) return { verdict: 'correct', message: 'Every entry matches.', score: 1, wrongEntries };
  const [i, j] = wrongEntries[0];
  const wrongRows = new Set(wrongEntries.map(([row]) => row)).size;
  const count = wrongEntries.length === 1 ? '1 entry is' : `${wrongEntries.length} of ${kr * kc} entries are`;
  return {
    verdict: 'incorrect',
    message: `${count} off, in ${wrongRows} of ${kr} rows (the first at row ${i + 1}, column ${j + 1}; marked in the grid).`,
    score: creditFor(rule, right),
    wrongEntries,
  };
}
