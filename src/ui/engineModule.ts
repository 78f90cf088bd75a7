/**
 * Everything a notebook page does with the expression library (mathjs, ~150 KB gzipped): keys,
 * checks, templates, input previews. Loaded right after the page's first paint (./engine.ts), so a
 * part link can be read and typed into before it arrives; a Check pressed earlier waits for it.
 */
export { checkAnswer } from '../grading';
export { answerFormError } from '../grading/answerForm';
export { expressionToTex, parseStudentExpression } from '../grading/expressionInput';
export { parseMatrixInput } from '../grading/matrixInput';
export { answerSpecFor, KeyError } from '../grading/partSpec';
export { fillTemplate } from '../notebook/templates';
