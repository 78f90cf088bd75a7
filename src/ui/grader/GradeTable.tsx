import { useMemo, useState, type ReactNode } from 'react';
import { studentKey, totalOf, type GradedSubmission, type ManualGrade } from '../../grading/regrade';
import { columnPoints, columnsFor, shownPoints, sortRows, type Column, type SortKey } from './gradeColumns';

interface Props {
  graded: GradedSubmission[];
  parts: { id: string; points: number }[];
  manual: Record<string, Record<string, ManualGrade>>;
  reviewHash: (key: string) => string;
}

/**
 * One row per student: the student and total columns stay on screen however many parts scroll
 * between them, any header sorts, and parts can be folded into one column per problem.
 */
export function GradeTable({ graded, parts, manual, reviewHash }: Props) {
  const [byProblem, setByProblem] = useState(false);
  const [sort, setSort] = useState<SortKey>({ column: 'student', descending: false });
  const columns = useMemo(() => columnsFor(parts, byProblem), [parts, byProblem]);
  const rows = useMemo(
    () => sortRows(graded.map((g) => ({ g, key: studentKey(g), manual: manual[studentKey(g)] ?? {} })), sort, columns),
    [graded, manual, sort, columns],
  );
  const header = (column: string, label: ReactNode, className?: string, title?: string) => (
    <th className={className} title={title} aria-sort={sort.column === column ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
      <button
        type="button"
        className="sort-button"
        data-sort={column}
        onClick={() => setSort((s) => ({ column, descending: s.column === column ? !s.descending : column !== 'student' && column !== 'seed' }))}
      >
        {label}
        <span aria-hidden="true">{sort.column === column ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
      </button>
    </th>
  );
  return (
    <>
      <label className="group-toggle">
        <input type="checkbox" checked={byProblem} onChange={(e) => setByProblem(e.target.checked)} data-action="group-problems" /> One column per problem
      </label>
      <div className="grade-table-wrap">
        <table className="grade-table" data-grade-table>
          <thead>
            <tr>
              {header('student', 'Student', 'sticky-start')}
              {header('seed', 'Seed')}
              {columns.map((c) =>
                header(
                  c.id,
                  <>
                    {c.label}
                    <span className="muted"> /{c.max}</span>
                  </>,
                  'num',
                  byProblem ? `parts ${c.partIds.join(', ')}` : `${c.max} points`,
                ),
              )}
              {header('total', 'Total', 'num sticky-end')}
            </tr>
          </thead>
          <tbody>
            {rows.map(({ g, key, manual: m }) => (
              <tr key={key} data-student={key}>
                <td className="sticky-start">
                  <a href={reviewHash(key)} data-action="review">
                    {g.studentId || <i>{g.file}</i>}
                  </a>
                  {g.flags.length > 0 && (
                    <span className="flag" title={g.flags.join('\n')} data-flagged>
                      {' '}
                      ⚑
                    </span>
                  )}
                </td>
                <td className="muted">{g.seed ?? 'original'}</td>
                {columns.map((c) => (byProblem ? <ProblemCell key={c.id} g={g} manual={m} column={c} /> : <PartCell key={c.id} g={g} manual={m} partId={c.id} />))}
                <td className="num total sticky-end" data-total>
                  {totalOf(g, m)} <span className="muted">/ {g.max}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function PartCell({ g, manual, partId }: { g: GradedSubmission; manual: Record<string, ManualGrade>; partId: string }) {
  const p = g.parts.find((x) => x.partId === partId);
  if (!p) return <td className="num" data-cell={partId} />;
  const shown = shownPoints(p, manual[partId]);
  return (
    <td className={`num cell-${shown.manual ? 'manual' : p.status}`} data-cell={partId} title={p.message}>
      {shown.points ?? (p.status === 'manual' ? 'to grade' : p.status === 'pending' ? '…' : '–')}
    </td>
  );
}

function ProblemCell({ g, manual, column }: { g: GradedSubmission; manual: Record<string, ManualGrade>; column: Column }) {
  const { points, open } = columnPoints(g, manual, column);
  return (
    <td className="num" data-cell={`problem-${column.id}`} title={open ? `${open} of ${column.partIds.length} parts not scored yet` : undefined}>
      {points ?? '–'}
      {open > 0 && points !== null && <span className="muted"> +{open}?</span>}
    </td>
  );
}
