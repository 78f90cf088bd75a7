/** The entry `scripts/grade.mjs` bundles for Node: the notebook parser and the re-grading code. */
export { parseNotebook } from '../notebook/parse';
export { parseCourseConfig, withCourseDefaults } from '../notebook/course';
export { courseKeyFunctions, registerKeyFunctions } from './keyFunctions';
export { codeCells } from '../notebook/types';
export { timeoutOutcome } from './codeGrading';
export { collectOutcomes, gradeOne, gradeOneRunningCode, gradesCsv } from './regrade';
export { courseReports, checkFormat } from './courseReports';
export { parseGraderTests, withGraderTests } from './graderTests';
