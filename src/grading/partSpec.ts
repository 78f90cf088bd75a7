/**
 * From a notebook part and a variant's parameters to the `AnswerSpec` that `checkAnswer` takes.
 * The page, grader mode and the batch command all go through here, so they share one key.
 */
import type { AnswerCell, ParamValues } from '../notebook/types';
import { evaluateNode, normalizeMathText, parseExpressionCached } from '../core/safeMath';
import { choiceKeyIds } from './choiceKey';
import { keyFunctions } from './keyFunctions';
import type { AnswerSpec } from './types';

export class KeyError extends Error {}

function evaluateKeyExpression(source: string, params: ParamValues, partId: string): unknown {
  try {
    return evaluateNode(parseExpressionCached(normalizeMathText(source)), { ...keyFunctions, ...params });
  } catch (e) {
    throw new KeyError(`part ${partId}: the key "${source}" cannot be evaluated: ${(e as Error).message}`);
  }
}

function toMatrix(value: unknown, partId: string): number[][] {
  const v = value as { toArray?: () => unknown };
  const arr = typeof v?.toArray === 'function' ? v.toArray() : value;
  if (Array.isArray(arr) && arr.every((row) => Array.isArray(row) && row.every((x) => typeof x === 'number'))) {
    return arr as number[][];
  }
  throw new KeyError(`part ${partId}: the key does not give a matrix of numbers`);
}

export function answerSpecFor(part: AnswerCell, params: ParamValues): AnswerSpec | null {
  if (part.answerKind === 'text' || !part.key) return null;
  switch (part.answerKind) {
    case 'number': {
      const value = evaluateKeyExpression(part.key, params, part.id);
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new KeyError(`part ${part.id}: the key does not give a number`);
      return { kind: 'number', key: value, tolerance: part.tolerance };
    }
    case 'choice':
      return { kind: 'choice', key: choiceKeyIds(part.key), options: part.options.map((o) => o.id) };
    case 'expression': {
      const variables = Object.fromEntries(part.variables.map((v) => [v.name, { min: v.min, max: v.max, integer: v.integer }]));
      // A parameter with the same name as a variable stays symbolic: the variable wins.
      const constants = Object.fromEntries(Object.entries(params).filter(([k]) => !(k in variables)));
      return { kind: 'expression', key: part.key, variables, constants: { ...constants } };
    }
    case 'matrix':
      return { kind: 'matrix', key: toMatrix(evaluateKeyExpression(part.key, params, part.id), part.id), tolerance: part.tolerance, partial: part.matrixCredit };
  }
}

/** The key as a student-facing value, for review pages and model answers. */
export function describeKey(spec: AnswerSpec): string {
  if (spec.kind === 'matrix') return (spec.key as number[][]).map((r) => r.join(' ')).join('\n');
  if (Array.isArray(spec.key)) return spec.key.join(', ');
  return String(spec.key);
}
