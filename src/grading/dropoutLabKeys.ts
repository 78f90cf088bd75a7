/**
 * Answer keys of the dropout lab (homework 1, problem 6), computed by the same `core/dropoutLab`
 * functions the lab's widgets plot, so a key can never disagree with what the page shows.
 * Indices are 1-based (i = 1 for w1, 2 for w2) because notebook keys are written for people.
 */
import {
  DROPOUT_PROBLEM,
  dropoutClosedForm,
  dropoutLeastSquares,
  dropoutLimitAtZero,
  olsMinNorm,
  weightSizes,
} from '../core/dropoutLab';

function pick(w: readonly number[], i: number): number {
  if (!Number.isInteger(i) || i < 1 || i > w.length) throw new RangeError(`weight index must be 1..${w.length}; got ${i}`);
  return w[i - 1];
}

/** Rates: p = 0 is "no dropout" (minimum-norm OLS), as in dropoutClosedForm. */
function weightsAt(p: number): number[] {
  return p === 0 ? olsMinNorm().w : dropoutClosedForm(p);
}

export const dropoutLabKeyFunctions = {
  /** (a) minimum-norm OLS weight i: 110/101, 11/101. */
  dropoutOlsW: (i: number): number => pick(olsMinNorm().w, i),
  /** (c) least squares over all masks at drop rate p: 0.36667, 3.66667 at p = 0.5. */
  dropoutLsW: (p: number, i: number): number => pick(dropoutLeastSquares(p), i),
  /** (g) the p → 0⁺ limit: 0.55, 5.5. */
  dropoutLimitW: (i: number): number => pick(dropoutLimitAtZero(), i),
  /** (f) w1/w2 at drop rate p (p = 0: no dropout). */
  dropoutWeightRatio: (p: number): number => weightSizes(weightsAt(p)).weightRatio,
  /** (f) (x1·w1)/(x2·w2) at drop rate p. */
  dropoutContributionRatio: (p: number): number => weightSizes(weightsAt(p)).contributionRatio,
  /**
   * (h) Adam without dropout moves every weight by the same amount each step (see ADAM_PRESETS),
   * so it stops where w_i = y/Σx: (1, 1).
   */
  dropoutAdamLimitW: (i: number): number => {
    const s = DROPOUT_PROBLEM.x.reduce((a, v) => a + v, 0);
    return pick(DROPOUT_PROBLEM.x.map(() => DROPOUT_PROBLEM.y / s), i);
  },
};
