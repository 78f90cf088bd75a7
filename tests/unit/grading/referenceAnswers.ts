import * as ref from '../../../src/core/reference';
import type { NDArray } from '../../../src/core/reference';
import type { StudentFunctions } from '../../../src/grading/codeChecks';

/** A right answer for every code task: the references behind the student-facing signatures. */
export const referenceAnswers: StudentFunctions = {
  batchnormForward: ref.batchnormForward,
  batchnormBackward: ref.batchnormBackward,
  batchnormBackwardAlt: ref.batchnormBackwardAlt,
  spatialBatchnormForward: ref.spatialBatchnormForward,
  spatialBatchnormBackward: ref.spatialBatchnormBackward,
  dropoutForward: (x: NDArray, p: { p: number; mode: 'train' | 'test'; seed: number }) => ref.dropoutForward(x, { dropProb: p.p, mode: p.mode, seed: p.seed }),
  dropoutBackward: ref.dropoutBackward,
  conv2dForward: ref.conv2dForward,
  conv2dBackward: ref.conv2dBackward,
  maxPoolForward: (x: NDArray, p: { poolHeight: number; poolWidth: number; stride: number }) => ref.maxPoolForward(x, { pool: [p.poolHeight, p.poolWidth], stride: p.stride }),
  maxPoolBackward: ref.maxPoolBackward,
};
