/**
 * The one checker the page, the grader (in the browser and in Node) and outside checks call.
 */
import { checkChoice } from './checkChoice';
import { checkExpression } from './checkExpression';
import { checkMatrix } from './checkMatrix';
import { checkNumber } from './checkNumber';
import type { AnswerSpec, CheckResult } from './types';

export type { AnswerKind, AnswerSpec, CheckResult, MatrixCredit, Tolerance, Verdict, VariableDomain } from './types';

export function checkAnswer(spec: AnswerSpec, input: string): CheckResult {
  try {
    switch (spec.kind) {
      case 'number':
        if (typeof spec.key !== 'number') throw new Error('a number answer needs a numeric key');
        return checkNumber(spec.key, input, spec.tolerance);
      case 'choice':
        if (typeof spec.key !== 'string' && !Array.isArray(spec.key)) throw new Error('a choice answer needs option ids');
        return checkChoice(spec.key as string | string[], input, spec.options);
      case 'expression':
        if (typeof spec.key !== 'string') throw new Error('an expression answer needs an expression key');
        return checkExpression(spec.key, input, spec.variables, spec.constants);
      case 'matrix':
        if (!Array.isArray(spec.key) || !Array.isArray(spec.key[0])) throw new Error('a matrix answer needs a number[][] key');
        return checkMatrix(spec.key as number[][], input, spec.tolerance, spec.partial);
      default:
        throw new Error(`unknown answer kind "${(spec as { kind: string }).kind}"`);
    }
  } catch (e) {
    // A broken key is the notebook author's fault, never the student's: say so plainly.
    return { verdict: 'invalid', message: `This part cannot be checked: ${(e as Error).message}.` };
  }
}
