/**
 * Checks an answer for form only (exam notebooks, whose students' copy has no key): a number
 * parses, an expression reads in the part's variables, a matrix is rectangular, a choice is made.
 * Says nothing about whether it is right.
 */
import type { PartKind } from '../notebook/types';
import { parseStudentExpression } from './expressionInput';
import { parseMatrixInput } from './matrixInput';
import { parseNumberInput } from './numberInput';

export function answerFormError(kind: PartKind, input: string, variables: string[]): string | null {
  if (!input.trim()) return 'Write an answer first.';
  const parsed =
    kind === 'number' ? parseNumberInput(input) : kind === 'expression' ? parseStudentExpression(input, variables) : kind === 'matrix' ? parseMatrixInput(input) : null;
  return parsed && !parsed.ok ? parsed.message : null;
}
