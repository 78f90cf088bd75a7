import type { CheckResult } from './types';

export function parseChoiceInput(raw: string): string[] {
  return raw
    .split(/[\s,;]+/)
    .map((s) => s.trim().replace(/^\(|\)$/g, '').toLowerCase())
    .filter((s) => s !== '');
}

/** One option or several: the student's set must equal the key's set exactly. */
export function checkChoice(key: string | string[], input: string, options?: string[]): CheckResult {
  const want = new Set((Array.isArray(key) ? key : parseChoiceInput(key)).map((k) => k.toLowerCase()));
  const got = new Set(parseChoiceInput(input));
  if (got.size === 0) return { verdict: 'invalid', message: 'Choose an option first.' };
  if (options) {
    const known = new Set(options.map((o) => o.toLowerCase()));
    const unknown = [...got].filter((g) => !known.has(g));
    if (unknown.length) return { verdict: 'invalid', message: `There is no option "${unknown[0]}".` };
  }
  if (want.size === 1 && got.size > 1) return { verdict: 'invalid', message: 'Choose exactly one option.' };
  const same = want.size === got.size && [...want].every((k) => got.has(k));
  if (same) return { verdict: 'correct', message: 'Correct.' };
  if (want.size > 1) {
    const right = [...got].filter((g) => want.has(g)).length;
    return { verdict: 'incorrect', message: `Not quite: ${right} of your ${got.size} choices are right, and the right set has ${want.size}.` };
  }
  return { verdict: 'incorrect', message: 'Not this one.' };
}
