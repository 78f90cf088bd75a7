import { useCallback, useEffect, useMemo, useState } from 'react';
import { studentKey, type GradedSubmission, type ManualGrade, type ManualGrades } from '../../grading/regrade';
import { toggleRubricItem } from '../../grading/rubric';
import type { AnswerCell } from '../../notebook/types';
import { ReviewPart } from './ReviewPage';

interface Props {
  part: AnswerCell;
  graded: GradedSubmission[];
  manual: ManualGrades;
  onManual: (student: string, partId: string, grade: ManualGrade | null) => void;
  back: string;
}

const typing = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

/**
 * One part graded across the whole class, one student after another, as Gradescope does. Keys:
 * → or j next, ← or k previous, u the next one still to grade; with a rubric 1–9 tick items,
 * else 0–9 give that many points (within the part's points). Keys are ignored while typing a comment.
 */
export function PartFirstView({ part, graded, manual, onManual, back }: Props) {
  const [index, setIndex] = useState(0);
  const rows = useMemo(() => graded.flatMap((g) => {
    const grade = g.parts.find((p) => p.partId === part.id);
    return grade ? [{ g, grade, key: studentKey(g) }] : [];
  }), [graded, part.id]);
  const isOpen = (i: number) => {
    const r = rows[i];
    return r.grade.status === 'manual' && manual[r.key]?.[part.id]?.points === undefined;
  };
  const left = rows.filter((_, i) => isOpen(i)).length;
  const at = Math.min(index, Math.max(0, rows.length - 1));
  const row = rows[at];

  const onKey = useCallback(
    (e: KeyboardEvent) => {
      if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey || !row) return;
      const m = manual[row.key]?.[part.id];
      const set = (g: ManualGrade | null) => onManual(row.key, part.id, g);
      if (e.key === 'ArrowRight' || e.key === 'j') setIndex(Math.min(rows.length - 1, at + 1));
      else if (e.key === 'ArrowLeft' || e.key === 'k') setIndex(Math.max(0, at - 1));
      else if (e.key === 'u') {
        const next = rows.findIndex((_, i) => i > at && isOpen(i));
        const wrap = next >= 0 ? next : rows.findIndex((_, i) => isOpen(i));
        if (wrap >= 0) setIndex(wrap);
      } else if (/^[0-9]$/.test(e.key) && part.rubric) {
        const i = Number(e.key) - 1;
        if (i < 0 || i >= part.rubric.length) return;
        set(toggleRubricItem(part.rubric, part.points, m, i));
      } else if (/^[0-9]$/.test(e.key)) {
        const points = Number(e.key);
        if (points > part.points) return;
        // Points on an auto-checked part are an override, which needs a reason typed on the page.
        set({ ...m, points, ...(row.grade.status !== 'manual' && !m?.reason ? { reason: 'graded by part' } : {}) });
      } else return;
      e.preventDefault();
    },
    [row, rows, at, manual, part, onManual],
  );
  useEffect(() => {
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onKey]);

  if (!row) return <p className="muted">No submission has part {part.id}.</p>;
  return (
    <div className="part-first" data-part-first={part.id}>
      <p className="no-print">
        <a href={back}>← All students</a>
      </p>
      <div className="part-first-bar variant-bar">
        <strong>
          Part {part.id}, student <span data-part-first-student>{row.g.studentId || row.g.file}</span>
        </strong>
        <span data-part-first-position>
          {at + 1} of {rows.length}
        </span>
        <span data-part-first-left>{left} to grade</span>
        <button type="button" onClick={() => setIndex(Math.max(0, at - 1))} disabled={at === 0}>
          ← previous
        </button>
        <button type="button" onClick={() => setIndex(Math.min(rows.length - 1, at + 1))} disabled={at === rows.length - 1} data-action="next-student">
          next →
        </button>
      </div>
      <p className="muted keys">
        Keys: → / j next, ← / k previous, u next to grade, {part.rubric ? `1–${part.rubric.length} tick rubric items` : `0–${Math.min(9, Math.floor(part.points))} points`}.
      </p>
      <ReviewPart key={row.key} part={part} grade={row.grade} manual={manual[row.key]?.[part.id]} params={row.g.params} onManual={(g) => onManual(row.key, part.id, g)} />
    </div>
  );
}
