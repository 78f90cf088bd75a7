/**
 * From a notebook part and a variant's parameters to the `AnswerSpec` that `checkAnswer` takes.
 * The page, grader mode and the batch command all go through here, so they share one key.
 */
import type { AnswerCell, ParamValues } from '../notebook/types';
import { evaluateNode, normalizeMathText, parseExpressionCached, symbolsOf } from '../core/safeMath';
import { exactNumbers, memoized } from '../core/memo';
import { choiceKeyIds } from './choiceKey';
import { keyFunctions, keyFunctionsVersion } from './keyFunctions';
import type { AnswerSpec } from './types';

export class KeyError extends Error {}

// A key's value depends only on the parameters it names (key functions are pure): computed once per distinct set of them,
// not once per student (hw1's graph keys build matrices for each of a class's 200 students).
const keyValue = memoized<unknown>(2000);

function evaluateKeyExpression(source: string, params: ParamValues, partId: string): unknown {
  try {
    const tree = parseExpressionCached(normalizeMathText(source));
    const used = new Set(symbolsOf(tree));
    return keyValue(JSON.stringify([keyFunctionsVersion, source, Object.entries(params).filter(([k]) => used.has(k))], exactNumbers), () => evaluateNode(tree, { ...keyFunctions, ...params }));
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
      // A copy: the evaluated key is shared by every student with the same parameters.
      return { kind: 'matrix', key: toMatrix(evaluateKeyExpression(part.key, params, part.id), part.id).map((row) => [...row]), tolerance: part.tolerance, partial: part.matrixCredit };
  }
}

/** The key as a student-facing value, for review pages and model answers. */
export function describeKey(spec: AnswerSpec): string {
  if (spec.kind === 'matrix') return (spec.key as number[][]).map((r) => r.join(' ')).join('\n');
  if (Array.isArray(spec.key)) return spec.key.join(', ');
  return String(spec.key);
}
