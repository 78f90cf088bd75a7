import { parseNumberInput } from './numberInput';
import type { CheckResult, Tolerance } from './types';

/** Integer keys (counts) must be exact; decimal keys allow the rounding a student does by hand. */
export function defaultTolerance(key: number): Required<Tolerance> {
  return Number.isInteger(key) ? { rel: 0, abs: 1e-9 } : { rel: 1e-3, abs: 1e-12 };
}

export function withinTolerance(x: number, key: number, tol?: Tolerance): boolean {
  const d = defaultTolerance(key);
  const rel = tol?.rel ?? (tol?.abs !== undefined ? 0 : d.rel);
  const abs = tol?.abs ?? (tol?.rel !== undefined ? 0 : d.abs);
  return Math.abs(x - key) <= Math.max(abs, rel * Math.abs(key)) + 1e-15;
}

/** Names a miss by a power of ten, the most common slip (units, a dropped factor of K², ...). */
function magnitudeHint(x: number, key: number, tol?: Tolerance): string | null {
  if (key === 0 || x === 0 || Math.sign(x) !== Math.sign(key)) return null;
  // Logs of each, not of the ratio, which overflows for 1e300 against 1e-300.
  const orders = Math.log10(Math.abs(x)) - Math.log10(Math.abs(key));
  if (Math.abs(orders) < 0.9) return null;
  const k = Math.round(orders);
  if (k !== 0 && withinTolerance(x / 10 ** k, key, tol ?? { rel: 1e-3 })) {
    return `Your answer is off by a factor of 10^${k}: check the order of magnitude.`;
  }
  const factor = Math.abs(x / key);
  // "1e+300 times too large" says less than the order of magnitude itself.
  if (!Number.isFinite(factor) || factor >= 1e4 || factor <= 1e-4) {
    return `Your answer is about 10^${k} times ${k > 0 ? 'too large' : 'too small'}: check the order of magnitude.`;
  }
  return factor > 1
    ? `Your answer is about ${factor.toPrecision(2)} times too large: check the order of magnitude.`
    : `Your answer is about ${(1 / factor).toPrecision(2)} times too small: check the order of magnitude.`;
}

export function checkNumber(key: number, input: string, tol?: Tolerance): CheckResult {
  const parsed = parseNumberInput(input);
  if (!parsed.ok) return { verdict: 'invalid', message: parsed.message };
  if (withinTolerance(parsed.value, key, tol)) return { verdict: 'correct', message: 'Correct.' };
  return {
    verdict: 'incorrect',
    message: magnitudeHint(parsed.value, key, tol) ?? 'Not correct yet: check your working.',
  };
}
