import { useState } from 'react';
import type { AnswerGroup } from '../../grading/analytics';
import type { AnswerDecision } from '../../grading/decisions';
import type { AnswerCell } from '../../notebook/types';

interface Props {
  part: AnswerCell;
  groups: AnswerGroup[];
  decisions: AnswerDecision[];
  onAccept: (d: AnswerDecision) => void;
  onRemove: (d: AnswerDecision) => void;
}

/** One group: the answer, how many gave it, and accepting it for some points in one action. */
function Group({ part, group, onAccept }: { part: AnswerCell; group: AnswerGroup; onAccept: Props['onAccept'] }) {
  const [points, setPoints] = useState(String(part.points));
  const [note, setNote] = useState('');
  const value = Number(points);
  const bad = points.trim() === '' || !Number.isFinite(value) || value <= 0 || value > part.points;
  return (
    <li className="wrong-group" data-wrong-group={group.answer}>
      <code className="raw-input">{group.answer}</code>
      {group.spellings.length > 1 && <span className="muted"> also {group.spellings.slice(1, 4).map((s) => `“${s}”`).join(', ')}</span>}{' '}
      <b data-group-count>
        × {group.count}
      </b>{' '}
      <span className="muted" title={group.students.join(', ')}>
        ({group.students.slice(0, 3).join(', ')}
        {group.students.length > 3 ? ', …' : ''})
      </span>
      <span className="accept">
        <input type="number" min={0} max={part.points} step="any" value={points} onChange={(e) => setPoints(e.target.value)} aria-label={`points for answer ${group.answer}`} data-accept-points />
        / {part.points}
        <input value={note} onChange={(e) => setNote(e.target.value)} placeholder="why (optional)" aria-label="why this answer gets credit" data-accept-note />
        <button type="button" disabled={bad} onClick={() => onAccept({ partId: part.id, answer: group.answer, points: value, ...(note.trim() ? { note: note.trim() } : {}), decidedAt: new Date().toISOString() })} data-action="accept-group">
          Accept
        </button>
      </span>
      {bad && points.trim() !== '' && <span className="error"> Points must be more than 0 and at most {part.points}.</span>}
    </li>
  );
}

/**
 * The wrong answers to one part, grouped by value as grading compares them, most frequent first,
 * and the answers already accepted for it.
 */
export function WrongAnswers({ part, groups, decisions, onAccept, onRemove }: Props) {
  const mine = decisions.filter((d) => d.partId === part.id);
  return (
    <div className="wrong-answers" data-wrong-answers={part.id}>
      {mine.length > 0 && (
        <ul className="decisions">
          {mine.map((d) => (
            <li key={`${d.answer}|${d.decidedAt}`} data-decision={d.answer}>
              Accepted <code>{d.answer}</code> for {d.points} / {part.points}
              {d.note ? ` — ${d.note}` : ''}{' '}
              <button type="button" className="link-button" onClick={() => onRemove(d)} data-action="remove-decision">
                undo
              </button>
            </li>
          ))}
        </ul>
      )}
      {groups.length === 0 ? (
        <p className="muted">No wrong answers to this part{mine.length ? ' left' : ''}.</p>
      ) : (
        <ol className="wrong-groups">
          {groups.map((g) => (
            <Group key={g.answer} part={part} group={g} onAccept={onAccept} />
          ))}
        </ol>
      )}
    </div>
  );
}
