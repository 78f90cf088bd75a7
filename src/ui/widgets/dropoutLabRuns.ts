/** The dropout-lab pieces the lab widgets use, in one place (plus the Adam fixed point). */
export {
  ADAM_PRESETS,
  DROPOUT_PRESETS,
  dropoutLeastSquares,
  dropoutSweep,
  olsMinNorm,
  trainLinear,
  weightSizes,
  type TrainOptions,
  type TrainResult,
  type SweepResult,
} from '../../core/dropoutLab';
import { dropoutLabKeyFunctions } from '../../grading/dropoutLabKeys';

/** Where Adam without dropout stops, (1, 1): the same function the answer key of 6h uses. */
export function dropoutAdamLimit(): number[] {
  return [dropoutLabKeyFunctions.dropoutAdamLimitW(1), dropoutLabKeyFunctions.dropoutAdamLimitW(2)];
}
