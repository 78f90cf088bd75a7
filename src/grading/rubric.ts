/** A part's rubric as a grader uses it: ticking items sets the part's points. */
import type { RubricItem } from '../notebook/types';
import { round2 } from './codeGrading';
import type { ManualGrade } from './regrade';

/** The rubric items a grader ticked for a part, in the rubric's order. */
export function rubricTicked(rubric: RubricItem[] | undefined, m?: ManualGrade): RubricItem[] {
  return rubric ? rubric.filter((_, i) => m?.rubric?.includes(i)) : [];
}

/**
 * The grade after ticking (or unticking) item `i`: the ticked points summed (a negative item
 * deducts), kept within 0 and the part's points; with nothing ticked, no points are given.
 */
export function toggleRubricItem(items: RubricItem[], max: number, m: ManualGrade | undefined, i: number): ManualGrade {
  const ticked = m?.rubric ?? [];
  const next = ticked.includes(i) ? ticked.filter((x) => x !== i) : [...ticked, i].sort((a, b) => a - b);
  const sum = next.reduce((t, j) => t + items[j].points, 0);
  return { ...m, rubric: next, points: next.length ? Math.min(max, Math.max(0, round2(sum))) : undefined };
}
