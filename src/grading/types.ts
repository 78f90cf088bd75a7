import type { MatrixCredit } from '../notebook/types';

export type Verdict = 'correct' | 'incorrect' | 'invalid';

export interface CheckResult {
  verdict: Verdict;
  /** One short line for the student. */
  message: string;
  /** Fraction of credit in [0, 1], for kinds that give partial credit (matrices, by the spec's rule). */
  score?: number;
  /** Matrix kind: the [row, column] of each entry that is off, so the page can mark them. */
  wrongEntries?: [number, number][];
}

export interface Tolerance {
  /** Relative tolerance: |x − key| ≤ rel·|key| passes. */
  rel?: number;
  /** Absolute tolerance: |x − key| ≤ abs passes. */
  abs?: number;
}

/** A variable's domain for random-point equivalence checks. */
export interface VariableDomain {
  min: number;
  max: number;
  integer?: boolean;
}

export type { MatrixCredit };

export type AnswerKind = 'number' | 'choice' | 'expression' | 'matrix';

export interface AnswerSpec {
  kind: AnswerKind;
  /** A number, option id(s), an expression string in `variables`, or a number[][]. */
  key: number | string | string[] | number[][];
  /** Expression kind: the names the student may use, with optional domains. */
  variables?: string[] | Record<string, VariableDomain>;
  tolerance?: Tolerance;
  /** Expression kind: fixed values (notebook parameters) the key may refer to. */
  constants?: Record<string, number>;
  /** Matrix kind: how `score` is computed (default: by entries). */
  partial?: MatrixCredit;
  /** Choice kind: the ids of the options, so an unknown id is named. */
  options?: string[];
}
