import { withinTolerance } from './checkNumber';
import { parseMatrixInput, shapeOf } from './matrixInput';
import type { CheckResult, Tolerance } from './types';

export function checkMatrix(key: number[][], input: string, tol?: Tolerance): CheckResult {
  const parsed = parseMatrixInput(input);
  if (!parsed.ok) return { verdict: 'invalid', message: parsed.message };
  const [kr, kc] = shapeOf(key);
  const [r, c] = shapeOf(parsed.value);
  if (r !== kr || c !== kc) {
    return { verdict: 'incorrect', message: `Expected a ${kr}×${kc} matrix but got ${r}×${c}.`, score: 0 };
  }
  const wrong: [number, number][] = [];
  for (let i = 0; i < kr; i++) {
    for (let j = 0; j < kc; j++) {
      // Matrix entries are often rounded decimals, so a relative tolerance is the default here.
      if (!withinTolerance(parsed.value[i][j], key[i][j], tol ?? { rel: 1e-3, abs: 1e-6 })) wrong.push([i, j]);
    }
  }
  const score = 1 - wrong.length / (kr * kc);
  if (wrong.length === 0) return { verdict: 'correct', message: 'Correct: every entry matches.', score: 1 };
  const [i, j] = wrong[0];
  return {
    verdict: 'incorrect',
    message: `${wrong.length} of ${kr * kc} entries are off (the first at row ${i + 1}, column ${j + 1}).`,
    score,
  };
}
