/**
 * When are two students' answers "the same answer"? With the very checker and tolerances that grade
 * them: one answer is made the key and the other is checked against it with `checkAnswer`, so a
 * number within the part's tolerance, an equivalent expression, or a matrix equal entry-wise (with
 * the part's tolerance) is the same answer. Wrong-answer groups and accepted-answer decisions both
 * match this way, so a decision applies to exactly the answers its group showed.
 */
import type { AnswerCell, ParamValues } from '../notebook/types';
import { parseChoiceInput } from './checkChoice';
import { parseStudentExpression } from './expressionInput';
import { checkAnswer } from './index';
import { parseMatrixInput } from './matrixInput';
import { parseNumberInput } from './numberInput';
import type { AnswerSpec } from './types';

/** An answer read once, ready to be a key: null when it cannot be read (it is grouped by its text then). */
export type AnswerKey = AnswerSpec['key'] | null;

export function answerAsKey(part: AnswerCell, input: string): AnswerKey {
  switch (part.answerKind) {
    case 'number': {
      const n = parseNumberInput(input);
      return n.ok ? n.value : null;
    }
    case 'matrix': {
      const m = parseMatrixInput(input);
      return m.ok ? m.value : null;
    }
    case 'expression': {
      // The key parser wants explicit products; the student's tree printed by mathjs has them.
      const e = parseStudentExpression(input, part.variables.map((v) => v.name));
      return e.ok ? e.value.toString() : null;
    }
    case 'choice':
      return [...new Set(parseChoiceInput(input))].sort();
    default:
      return null;
  }
}

/** Whether `input` is the same answer as the one `key` was read from (for a student with `params`). */
export function sameAnswer(part: AnswerCell, key: AnswerKey, keyText: string, input: string, params: ParamValues = {}): boolean {
  if (key === null) return normalizeText(input) === normalizeText(keyText);
  if (part.answerKind === 'text') return false;
  const spec: AnswerSpec = { kind: part.answerKind, key, tolerance: part.tolerance };
  if (part.answerKind === 'expression') {
    spec.variables = Object.fromEntries(part.variables.map((v) => [v.name, { min: v.min, max: v.max, integer: v.integer }]));
    spec.constants = Object.fromEntries(Object.entries(params).filter(([k]) => !(k in spec.variables!)));
  }
  if (part.answerKind === 'choice') spec.options = part.options.map((o) => o.id);
  return checkAnswer(spec, input).verdict === 'correct';
}

export const normalizeText = (s: string) => s.trim().replace(/\s+/g, ' ');
