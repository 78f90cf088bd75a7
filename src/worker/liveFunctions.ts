/**
 * What live cells can call by name besides the helpers: every key function (so a cell shows the
 * same numbers the answers are checked against) and the `src/core` functions behind the cells that
 * replaced the React widgets. A course's own functions are added by spreading them in here.
 */
import { alexnetLayers, alexnetSummary } from '../core/alexnet';
import { messageFormula, randomGradients, SCHEMES, simulate, simulateRingAllReduce, timeCurves, workersHoldingSum } from '../core/allreduce';
import { compareConvolutions } from '../core/convParams';
import { drawRegressionProblem } from '../core/dropoutTikhonov';
import { CHOICES_A, CHOICES_B, CORRECT_CHOICES, gaussianNoiseClosedForm, lossForChoices, monteCarloGaussianNoiseLoss } from '../core/gaussianNoise';
import { closedFormVariances, fixedPointVariance, productFormulaVariances, simulateVariances } from '../core/initVariance';
import { normalCoverage } from '../core/monteCarlo';
import { compareBottlenecks, groupedBottleneckParams } from '../core/resnext';
import { keyFunctions } from '../grading/keyFunctions';
import type { LiveFunctions } from './liveRun';

export const coreLiveFunctions: LiveFunctions = {
  compareConvolutions,
  compareBottlenecks,
  groupedBottleneckParams,
  alexnetLayers,
  alexnetSummary,
  closedFormVariances,
  productFormulaVariances,
  simulateVariances,
  fixedPointVariance,
  drawRegressionProblem,
  gaussianNoiseClosedForm,
  monteCarloGaussianNoiseLoss,
  lossForChoices,
  CHOICES_A,
  CHOICES_B,
  CORRECT_CHOICES,
  normalCoverage,
  randomGradients,
  simulateRingAllReduce,
  workersHoldingSum,
  simulate,
  messageFormula,
  timeCurves,
  SCHEMES,
};

/**
 * The built-in scope, with `extra` (a course's `functions.js` exports, constants included) added
 * last. A default export has no name a cell could use (and `default` cannot be a parameter name).
 */
export function liveFunctions(extra: LiveFunctions = {}): LiveFunctions {
  const { default: _unnamed, ...named } = extra;
  return { ...keyFunctions, ...coreLiveFunctions, ...named };
}
