import type { MathNode } from 'mathjs';
import { createRng } from '../core/rng';
import { CONSTANTS, evaluateNode, parseExpressionCached, normalizeMathText, symbolsOf } from '../core/safeMath';
import { parseStudentExpression } from './expressionInput';
import { exactNumbers, memoized } from '../core/memo';
import type { CheckResult, VariableDomain } from './types';

const DEFAULT_DOMAIN: VariableDomain = { min: 0.1, max: 0.9 };
const POINTS = 48;

export function normalizeDomains(variables: string[] | Record<string, VariableDomain> | undefined): Record<string, VariableDomain> {
  if (!variables) return {};
  if (Array.isArray(variables)) return Object.fromEntries(variables.map((v) => [v, DEFAULT_DOMAIN]));
  return variables;
}

function valueAt(tree: MathNode, scope: Record<string, number>): number {
  try {
    const v = evaluateNode(tree, scope);
    return typeof v === 'number' ? v : NaN;
  } catch {
    return NaN;
  }
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-8 * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Equivalence by evaluation: two expressions that agree at many random points of the variables'
 * domain are, for the algebraic expressions homework asks for, the same function. Points where
 * the key itself is undefined are skipped. The points are seeded so every check is reproducible.
 */
export function checkExpression(
  key: string,
  input: string,
  variables?: string[] | Record<string, VariableDomain>,
  constants: Record<string, number> = {},
): CheckResult {
  const domains = normalizeDomains(variables);
  const names = Object.keys(domains);
  const parsed = studentTree(JSON.stringify([names, input]), () => parseStudentExpression(input, names));
  if (!parsed.ok) return { verdict: 'invalid', message: parsed.message };
  const keyTree = parseExpressionCached(normalizeMathText(key));
  // The verdict depends on the key, the answer, the domains and only those constants the two trees
  // name: a class of 200 gives a part a handful of distinct answers, each checked once, even though
  // every student's variant brings other parameter values.
  const used = new Set([...symbolsOf(keyTree), ...symbolsOf(parsed.value)]);
  const memoKey = JSON.stringify([key, input, Object.entries(domains), Object.entries(constants).filter(([k]) => used.has(k))], exactNumbers);
  return { ...checked(memoKey, () => compare(keyTree, parsed.value, key, domains, names, constants)) };
}

// One answer's tree for every check of it (each student's, and each comparison while grouping).
const studentTree = memoized<ReturnType<typeof parseStudentExpression>>(5000);

const checked = memoized<CheckResult>(5000);

function compare(keyTree: MathNode, studentTree: MathNode, key: string, domains: Record<string, VariableDomain>, names: string[], constants: Record<string, number>): CheckResult {
  const rng = createRng(`expr:${key}`);
  let compared = 0;
  for (let i = 0; i < POINTS * 4 && compared < POINTS; i++) {
    const scope: Record<string, number> = { ...CONSTANTS, ...constants };
    for (const name of names) {
      const d = domains[name];
      scope[name] = d.integer ? rng.int(Math.ceil(d.min), Math.floor(d.max)) : rng.uniform(d.min, d.max);
    }
    const want = valueAt(keyTree, scope);
    if (!Number.isFinite(want)) continue;
    const got = valueAt(studentTree, scope);
    compared++;
    if (!Number.isFinite(got) || !close(got, want)) {
      const at = names.map((n) => `${n} = ${+scope[n].toPrecision(4)}`).join(', ');
      return { verdict: 'incorrect', message: `Not equivalent to the expected expression (they differ at ${at}).` };
    }
  }
  if (compared === 0) return { verdict: 'invalid', message: 'The expected expression could not be evaluated on its domain.' };
  return { verdict: 'correct', message: 'Correct: equivalent to the expected expression.' };
}
