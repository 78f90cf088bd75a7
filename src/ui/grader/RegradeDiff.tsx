import type { TotalChange } from '../../grading/decisions';

interface Props {
  changes: TotalChange[];
  onAccept: () => void;
}

/**
 * Shown when the notebook changed since the grader last accepted the grades (a corrected key, new
 * points): whose totals change and by how much, before the grader accepts the new grades.
 */
export function RegradeDiff({ changes, onAccept }: Props) {
  return (
    <div className="banner warning regrade-diff" role="alert" data-regrade-diff>
      <p>
        <b>The notebook changed since these grades were accepted.</b>{' '}
        {changes.length === 0 ? 'No student’s points change.' : `${changes.length} ${changes.length === 1 ? 'student’s points change' : 'students’ points change'}:`}
      </p>
      {changes.length > 0 && (
        <table className="grade-table">
          <thead>
            <tr>
              <th>Student</th>
              <th className="num">Before</th>
              <th className="num">After</th>
              <th className="num">Change</th>
              <th>Parts</th>
            </tr>
          </thead>
          <tbody>
            {changes.slice(0, 50).map((c) => (
              <tr key={c.student} data-regrade-student={c.student}>
                <td>{c.student}</td>
                <td className="num">{c.before ?? '–'}</td>
                <td className="num">{c.after ?? '–'}</td>
                <td className="num" data-regrade-delta>
                  {c.delta === null ? (c.after === null ? 'no longer loaded' : 'new') : c.delta > 0 ? `+${c.delta}` : c.delta}
                </td>
                <td className="muted">{c.parts.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {changes.length > 50 && <p className="muted">… and {changes.length - 50} more.</p>}
      <button type="button" onClick={onAccept} data-action="accept-regrade">
        Accept the new grades
      </button>
    </div>
  );
}
