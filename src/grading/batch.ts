/** The entry `scripts/grade.mjs` bundles for Node: the notebook parser and the re-grading code. */
export { parseNotebook } from '../notebook/parse';
export { collectOutcomes, gradeOne, gradesCsv } from './regrade';
