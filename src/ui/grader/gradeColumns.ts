/**
 * The grade table's columns: one per part, or one per problem (parts `7b`, `7b2`, `7c` make
 * problem 7), and how rows sort by any of them. Pure, so the table only draws.
 */
import { overrideNeedsReason, totalOf, type GradedSubmission, type ManualGrade, type PartGrade } from '../../grading/regrade';

/** A part's points as the table shows them: a grader's points where given, else the re-check's. */
export function shownPoints(p: PartGrade, manual: ManualGrade | undefined): { points: number | null; manual: boolean } {
  const given = manual?.points !== undefined && !overrideNeedsReason(p, manual);
  return given ? { points: manual.points!, manual: true } : { points: p.auto, manual: false };
}

/** The problem a part belongs to: its leading number (`7b2` → `7`), or the whole id without one. */
export const problemOf = (partId: string) => /^\d+/.exec(partId)?.[0] ?? partId;

export interface Column {
  id: string;
  label: string;
  max: number;
  partIds: string[];
}

export function columnsFor(parts: { id: string; points: number }[], byProblem: boolean): Column[] {
  if (!byProblem) return parts.map((p) => ({ id: p.id, label: p.id, max: p.points, partIds: [p.id] }));
  const columns = new Map<string, Column>();
  for (const p of parts) {
    const id = problemOf(p.id);
    const c = columns.get(id) ?? { id, label: `Problem ${id}`, max: 0, partIds: [] };
    c.max += p.points;
    c.partIds.push(p.id);
    columns.set(id, c);
  }
  return [...columns.values()];
}

/** A column's points for one student; `open` counts parts still to grade or re-run. */
export function columnPoints(g: GradedSubmission, manual: Record<string, ManualGrade>, column: Column): { points: number | null; open: number } {
  let points: number | null = null;
  let open = 0;
  for (const id of column.partIds) {
    const p = g.parts.find((x) => x.partId === id);
    const shown = p ? shownPoints(p, manual[id]).points : null;
    if (shown === null) open++;
    else points = (points ?? 0) + shown;
  }
  return { points, open };
}

export type SortKey = { column: 'student' | 'seed' | 'total' | string; descending: boolean };

/** Rows in the order of `key`; students without points in a column sort last either way. */
export function sortRows<T extends { g: GradedSubmission; manual: Record<string, ManualGrade> }>(rows: T[], key: SortKey, columns: Column[]): T[] {
  const value = (r: T): string | number | null => {
    if (key.column === 'student') return (r.g.studentId || r.g.file).toLowerCase();
    if (key.column === 'seed') return r.g.seed;
    if (key.column === 'total') return totalOf(r.g, r.manual);
    const c = columns.find((x) => x.id === key.column);
    return c ? columnPoints(r.g, r.manual, c).points : null;
  };
  const sign = key.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const [va, vb] = [value(a), value(b)];
    if (va === null || vb === null) return va === vb ? 0 : va === null ? 1 : -1;
    return sign * (typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb)));
  });
}
