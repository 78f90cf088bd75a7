/** The table of a code cell's checks: what was compared, the error, the threshold, pass or fail. */
import type { CheckRow } from '../../grading/codeChecks';

const fmt = (v: number | null) => (v === null ? '—' : v === 0 ? '0' : v.toExponential(2));

/** `compact` (the review page, beside the code): no output column, the result as ✓ / ✗. */
export function ResultsTable({ rows, compact = false }: { rows: CheckRow[]; compact?: boolean }) {
  return (
    <table className={`check-table${compact ? ' compact' : ''}`} data-check-table>
      <thead>
        <tr>
          <th>check</th>
          {!compact && <th>output</th>}
          <th>error</th>
          <th>threshold</th>
          <th>{compact ? '' : 'result'}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i} className={r.pass ? 'pass' : 'fail'} data-check-row={r.pass ? 'pass' : 'fail'}>
            <td>
              {r.check}
              {r.note && <div className="check-note">{r.note}</div>}
            </td>
            {!compact && <td>{r.output}</td>}
            <td className="num" data-rel-error>{fmt(r.error)}</td>
            <td className="num">&lt; {fmt(r.threshold)}</td>
            <td title={r.pass ? 'pass' : 'fail'}>{compact ? (r.pass ? '✓' : '✗') : r.pass ? '✓ pass' : '✗ fail'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

