import { Fragment, useMemo } from 'react';
import { expressionToTex, parseStudentExpression } from '../../grading/expressionInput';
import { parseMatrixInput } from '../../grading/matrixInput';
import { overrideNeedsReason, totalOf, type GradedSubmission, type ManualGrade, type PartGrade } from '../../grading/regrade';
import type { Submission } from '../../grading/submission';
import type { AnswerCell, Notebook } from '../../notebook/types';
import { CellBoundary } from '../cells/CellBoundary';
import { WidgetCell } from '../cells/WidgetCell';
import { Markdown } from '../Markdown';
import { Tex } from '../Tex';

interface Props {
  notebook: Notebook;
  graded: GradedSubmission;
  submission: Submission | null;
  manual: Record<string, ManualGrade>;
  onManual: (partId: string, grade: ManualGrade | null) => void;
  back: string;
}

const matrixTex = (m: number[][]) => `\\begin{bmatrix}${m.map((r) => r.join(' & ')).join(' \\\\ ')}\\end{bmatrix}`;

/** The student's answer as they saw it: typeset math, a matrix, chosen options, Markdown text. */
function RenderedAnswer({ part, grade, params }: { part: AnswerCell; grade: PartGrade; params: Record<string, number> }) {
  const input = grade.input;
  if (!input.trim()) return <p className="muted">No answer.</p>;
  switch (part.answerKind) {
    case 'expression': {
      const p = parseStudentExpression(input, part.variables.map((v) => v.name));
      return (
        <div>
          {p.ok && <Tex tex={expressionToTex(p.value)} display />}
          <code className="raw-input">{input}</code>
        </div>
      );
    }
    case 'matrix': {
      const m = parseMatrixInput(input);
      return m.ok ? <Tex tex={matrixTex(m.value)} display /> : <pre className="raw-input">{input}</pre>;
    }
    case 'choice': {
      const chosen = input.split(/[\s,]+/).filter(Boolean);
      return (
        <ul className="review-choices">
          {part.options.map((o) => (
            <li key={o.id} className={chosen.includes(o.id) ? 'chosen' : 'muted'}>
              {chosen.includes(o.id) ? '☑' : '☐'} ({o.id}) <Markdown source={o.label} params={params} className="inline-prose" />
            </li>
          ))}
        </ul>
      );
    }
    case 'text':
      return <Markdown source={input.replace(/\{\{/g, '{ {')} params={params} className="prose student-text" />;
    default:
      return <code className="raw-input">{input}</code>;
  }
}

const STATUS_LABEL: Record<PartGrade['status'], string> = {
  correct: '✓ Correct',
  incorrect: '✗ Incorrect',
  invalid: '⚠ Unreadable',
  unanswered: '– No answer',
  manual: '✎ To grade by hand',
  'broken-key': '⚠ Key broken',
};

function numberOrUndefined(v: string): number | undefined {
  if (v.trim() === '') return undefined;
  const x = Number(v);
  return Number.isFinite(x) ? x : undefined;
}

function ReviewPart({ part, grade, manual, params, onManual }: { part: AnswerCell; grade: PartGrade; manual?: ManualGrade; params: Record<string, number>; onManual: (g: ManualGrade | null) => void }) {
  const isText = grade.status === 'manual' || part.answerKind === 'text';
  const set = (patch: Partial<ManualGrade>) => {
    const next = { ...manual, ...patch };
    const empty = next.points === undefined && !next.comment && !next.reason;
    onManual(empty ? null : next);
  };
  const needsReason = overrideNeedsReason(grade, manual);
  const tooMany = manual?.points !== undefined && (manual.points < 0 || manual.points > part.points);
  return (
    <section className="part review-part" data-part={part.id} data-review-part>
      <header className="part-header">
        <span className="part-id">({part.id})</span>
        <span className="points">
          {part.points} {part.points === 1 ? 'point' : 'points'}
        </span>
      </header>
      <Markdown source={part.prompt} params={params} />
      <div className="review-answer">
        <div className="review-label">Student's answer</div>
        <RenderedAnswer part={part} grade={grade} params={params} />
      </div>
      <p className={`verdict ${grade.status}`} data-status={grade.status} data-verdict={grade.status === 'correct' || grade.status === 'incorrect' || grade.status === 'invalid' ? grade.status : undefined}>
        <b>{STATUS_LABEL[grade.status]}</b> <span data-message>{grade.message}</span>
        {grade.auto !== null && <span className="auto-points"> · auto {grade.auto} / {part.points}</span>}
        {grade.claimed && <span className="claimed"> · the file claimed “{grade.claimed}”</span>}
      </p>
      {grade.key !== undefined && (
        <p className="review-key">
          Key for this variant:{' '}
          {part.answerKind === 'matrix' ? <Tex tex={matrixTex(grade.key.split('\n').map((r) => r.split(' ').map(Number)))} /> : <code>{grade.key}</code>}
        </p>
      )}
      {part.reference && (
        <details className="reference">
          <summary>Reference answer</summary>
          <Markdown source={part.reference} params={params} />
        </details>
      )}
      <div className="grader-input" data-grader-input>
        <label>
          {isText ? 'Points' : 'Override points'}{' '}
          <input
            type="number"
            min={0}
            max={part.points}
            step="any"
            value={manual?.points ?? ''}
            placeholder={isText ? '–' : String(grade.auto ?? '')}
            onChange={(e) => set({ points: numberOrUndefined(e.target.value) })}
            data-manual-points
          />{' '}
          / {part.points}
        </label>
        {!isText && (
          <label>
            Reason{' '}
            <input value={manual?.reason ?? ''} onChange={(e) => set({ reason: e.target.value })} placeholder="why the auto score changes" data-manual-reason />
          </label>
        )}
        <label className="comment">
          Comment{' '}
          <textarea rows={2} value={manual?.comment ?? ''} onChange={(e) => set({ comment: e.target.value })} data-manual-comment />
        </label>
        {needsReason && <p className="error">Give a reason: the override does not count until it has one.</p>}
        {tooMany && <p className="error">This part is worth {part.points} points; {manual?.points} is outside 0–{part.points}.</p>}
      </div>
    </section>
  );
}

/** A student's notebook, read-only: every answer rendered with its re-checked verdict and the grader's inputs. */
export function ReviewPage({ notebook: nb, graded: g, submission, manual, onManual, back }: Props) {
  const byId = useMemo(() => new Map(g.parts.map((p) => [p.partId, p])), [g]);
  return (
    <article className="notebook review" data-review={g.studentId} data-seed={g.seed ?? ''}>
      <p className="no-print">
        <a href={back}>← All students</a>
      </p>
      <h1>{nb.title}</h1>
      <div className="review-head variant-bar">
        <strong data-review-student>Student {g.studentId || '(no id)'}</strong>
        <span>{g.seed === null ? 'original values' : `seed ${g.seed}`}</span>
        {Object.entries(g.params).map(([k, v]) => (
          <span key={k} className="param">
            {k} = <b>{v}</b>
          </span>
        ))}
        <span>submitted {g.submittedAt.replace('T', ' ').slice(0, 16)}</span>
        <span className="review-total" data-review-total>
          Total {totalOf(g, manual)} / {g.max}
        </span>
      </div>
      {g.flags.length > 0 && (
        <div className="banner warning" data-review-flags>
          {g.flags.map((f) => (
            <p key={f}>⚑ {f}</p>
          ))}
        </div>
      )}
      {nb.cells.map((cell, i) => {
        switch (cell.kind) {
          case 'prose':
            return <Markdown key={i} source={cell.source} params={g.params} />;
          case 'answer': {
            const grade = byId.get(cell.id);
            return grade ? (
              <CellBoundary key={cell.id} label={`part ${cell.id}`}>
                <ReviewPart part={cell} grade={grade} manual={manual[cell.id]} params={g.params} onManual={(m) => onManual(cell.id, m)} />
              </CellBoundary>
            ) : null;
          }
          case 'widget':
            return (
              <CellBoundary key={i} label={`widget ${cell.name}`}>
                <WidgetCell cell={cell} params={g.params} highlighted={false} />
              </CellBoundary>
            );
          default: {
            // Code cells (their own issue): show the code as submitted; re-running its checks is not part of re-grading yet.
            const id = (cell as { id?: string }).id ?? '';
            const code = submission?.code[id]?.source ?? submission?.parts[id]?.input;
            return (
              <Fragment key={i}>
                <section className="part review-part" data-part={id}>
                  <header className="part-header">
                    <span className="part-id">({id})</span> <span className="points">code</span>
                  </header>
                  {code ? <pre className="review-code">{code}</pre> : <p className="muted">No code submitted.</p>}
                  {submission?.parts[id]?.message && (
                    <p className="verdict manual" data-status="reported">
                      <b>Reported by the student's page, not re-checked here:</b> {submission.parts[id].message}
                    </p>
                  )}
                  {(submission?.code[id]?.checks ?? []).map((c) => (
                    <p key={c.name} className={`verdict ${c.passed ? 'correct' : 'incorrect'}`}>
                      {c.passed ? '✓' : '✗'} {c.name} {c.message}
                    </p>
                  ))}
                </section>
              </Fragment>
            );
          }
        }
      })}
    </article>
  );
}
