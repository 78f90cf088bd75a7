import { lazy, Suspense, useMemo, useState, type ReactNode } from 'react';
import { expressionToTex, parseStudentExpression } from '../../grading/expressionInput';
import { parseMatrixInput } from '../../grading/matrixInput';
import { LONG_ANSWER, overrideNeedsReason, totalOf, type GradedSubmission, type ManualGrade, type PartGrade } from '../../grading/regrade';
import type { Submission, SubmittedTraining } from '../../grading/submission';
import type { AnswerCell, CodeCell, Notebook, RubricItem, TrainingCell } from '../../notebook/types';
import { CellBoundary } from '../cells/CellBoundary';
import { LiveCell } from '../cells/LiveCell';
import { ResultsTable } from '../cells/CheckTable';
import { PartHeader } from '../cells/PartHeader';
import { WidgetCell } from '../cells/WidgetCell';
import { feedbackFileName, feedbackHtml } from '../../grading/exports';
import { toggleRubricItem } from '../../grading/rubric';
import { Markdown } from '../Markdown';
import { downloadText } from '../SubmissionControls';
import { bmatrixTex, Tex } from '../Tex';
import { messageAfterLabel } from '../../grading/verdictWords';

const CodeView = lazy(() => import('./CodeView'));

/** The page this student gets back (answers, verdicts, points, comments), as one HTML file. */
function FeedbackButton({ notebook, graded, manual }: { notebook: Notebook; graded: GradedSubmission; manual: Record<string, ManualGrade> }) {
  const download = () => downloadText(feedbackFileName(graded), feedbackHtml(notebook, graded, manual), 'text/html');
  return (
    <button type="button" className="link-button" onClick={download} data-action="download-feedback">
      Download feedback page
    </button>
  );
}

interface Props {
  notebook: Notebook;
  graded: GradedSubmission;
  submission: Submission | null;
  manual: Record<string, ManualGrade>;
  onManual: (partId: string, grade: ManualGrade | null) => void;
  back: string;
}

/**
 * A huge answer (a 50 MB file) as its first LONG_ANSWER characters in plain text, so the review
 * page stays responsive; "show all" renders it in full when the grader asks.
 */
function LongAnswer({ input, children }: { input: string; children: () => ReactNode }) {
  const [all, setAll] = useState(false);
  if (all || input.length <= LONG_ANSWER) return <>{children()}</>;
  return (
    <div data-truncated-answer>
      <pre className="raw-input">{input.slice(0, LONG_ANSWER)}</pre>
      <p className="muted">
        Showing the first {LONG_ANSWER.toLocaleString('en-US')} of {input.length.toLocaleString('en-US')} characters.{' '}
        <button type="button" className="link-button" data-action="show-all" onClick={() => setAll(true)}>
          show all
        </button>
      </p>
    </div>
  );
}

/** The student's answer as they saw it: typeset math, a matrix, chosen options, Markdown text. */
function RenderedAnswer({ part, grade, params }: { part: AnswerCell; grade: PartGrade; params: Record<string, number> }) {
  return <LongAnswer input={grade.input}>{() => <FullAnswer part={part} grade={grade} params={params} />}</LongAnswer>;
}

function FullAnswer({ part, grade, params }: { part: AnswerCell; grade: PartGrade; params: Record<string, number> }) {
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
      return m.ok ? <Tex tex={bmatrixTex(m.value)} display /> : <pre className="raw-input">{input}</pre>;
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
      return <Markdown source={input} params={params} templates={false} className="prose student-text" />;
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
  pending: '… Re-running the checks',
};

function numberOrUndefined(v: string): number | undefined {
  if (v.trim() === '') return undefined;
  const x = Number(v);
  return Number.isFinite(x) ? x : undefined;
}

/** Points (text parts) or an override with its reason (auto parts), and a comment. */
function GraderInputs({ grade, isText, manual, onManual }: { grade: PartGrade; isText: boolean; manual?: ManualGrade; onManual: (g: ManualGrade | null) => void }) {
  const set = (patch: Partial<ManualGrade>) => {
    const next = { ...manual, ...patch };
    const empty = next.points === undefined && !next.comment && !next.reason;
    onManual(empty ? null : next);
  };
  const needsReason = overrideNeedsReason(grade, manual);
  const max = grade.max;
  const tooMany = manual?.points !== undefined && (manual.points < 0 || manual.points > max);
  return (
    <div className="grader-input" data-grader-input>
      <label>
        {isText ? 'Points' : 'Override points'}{' '}
        <input
          type="number"
          min={0}
          max={max}
          step="any"
          value={manual?.points ?? ''}
          placeholder={isText ? '–' : String(grade.auto ?? '')}
          onChange={(e) => set({ points: numberOrUndefined(e.target.value) })}
          data-manual-points
        />{' '}
        / {max}
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
      {tooMany && <p className="error">This part is worth {max} points; {manual?.points} is outside 0–{max}.</p>}
    </div>
  );
}

const verdictAttr = (g: PartGrade) => (g.status === 'correct' || g.status === 'incorrect' || g.status === 'invalid' ? g.status : undefined);

function VerdictLine({ grade }: { grade: PartGrade }) {
  return (
    <p className={`verdict ${grade.status}`} data-status={grade.status} data-verdict={verdictAttr(grade)}>
      <b>{STATUS_LABEL[grade.status]}</b> <span data-message>{messageAfterLabel(grade.message)}</span>
      {grade.auto !== null && <span className="auto-points"> · auto {grade.auto} / {grade.max}</span>}
      {grade.claimed && <span className="claimed"> · the file claimed “{grade.claimed}”</span>}
    </p>
  );
}

export function ReviewPart({ part, grade, manual, params, onManual }: { part: AnswerCell; grade: PartGrade; manual?: ManualGrade; params: Record<string, number>; onManual: (g: ManualGrade | null) => void }) {
  const isText = grade.status === 'manual' || part.answerKind === 'text';
  return (
    <section className="part review-part" data-part={part.id} data-review-part>
      <PartHeader id={part.id} points={part.points} />
      <Markdown source={part.prompt} params={params} />
      <div className="review-answer">
        <div className="review-label">Student's answer</div>
        <RenderedAnswer part={part} grade={grade} params={params} />
      </div>
      <VerdictLine grade={grade} />
      {grade.key !== undefined && (
        <p className="review-key">
          Key for this variant:{' '}
          {part.answerKind === 'matrix' ? <Tex tex={bmatrixTex(grade.key.split('\n').map((r) => r.split(' ').map(Number)))} /> : <code>{grade.key}</code>}
        </p>
      )}
      {part.reference && (
        <details className="reference">
          <summary>Reference answer</summary>
          <Markdown source={part.reference} params={params} />
        </details>
      )}
      {part.rubric && <RubricTicks items={part.rubric} grade={grade} manual={manual} params={params} onManual={onManual} />}
      <GraderInputs grade={grade} isText={isText} manual={manual} onManual={onManual} />
    </section>
  );
}

/** The part's rubric: each ticked item adds its points (a negative one deducts); the sum, within 0 and the part's points, is the grade. */
function RubricTicks({ items, grade, manual, params, onManual }: { items: RubricItem[]; grade: PartGrade; manual?: ManualGrade; params: Record<string, number>; onManual: (g: ManualGrade | null) => void }) {
  const ticked = manual?.rubric ?? [];
  const toggle = (i: number) => onManual(toggleRubricItem(items, grade.max, manual, i));
  return (
    <fieldset className="rubric" data-rubric>
      <legend>Rubric</legend>
      {items.map((r, i) => (
        <label key={i} className="rubric-item">
          <input type="checkbox" checked={ticked.includes(i)} onChange={() => toggle(i)} data-rubric-item={i} /> <b>{r.points > 0 ? `+${r.points}` : r.points}</b>{' '}
          <Markdown source={r.label} params={params} className="inline-prose" />
        </label>
      ))}
    </fieldset>
  );
}

/** A code cell: the submitted code beside the checks run again here, and what the student's page had said. */
function ReviewCode({ cell, grade, submission, manual, params, onManual }: { cell: CodeCell; grade: PartGrade; submission: Submission | null; manual?: ManualGrade; params: Record<string, number>; onManual: (g: ManualGrade | null) => void }) {
  const reported = submission?.code[cell.id] ?? submission?.parts[cell.id];
  return (
    <section className="part review-part review-code-part" data-part={cell.id} data-review-part data-review-code-part>
      <PartHeader id={cell.id} points={cell.points} extra={cell.partialCredit ? 'partial credit by checks passed' : 'all checks to score'} />
      <Markdown source={cell.prompt} params={params} />
      {cell.uses.length > 0 && <p className="muted code-uses">Runs after the student's code from part{cell.uses.length > 1 ? 's' : ''} {cell.uses.join(', ')}.</p>}
      <div className="review-code-grid">
        <div className="review-answer">
          <div className="review-label">Student's code</div>
          {grade.input.trim() ? (
            <LongAnswer input={grade.input}>
              {() => (
                <Suspense fallback={<pre className="review-code">{grade.input}</pre>}>
                  <CodeView code={grade.input} errorLine={grade.codeError?.line} />
                </Suspense>
              )}
            </LongAnswer>
          ) : (
            <p className="muted">No code.</p>
          )}
        </div>
        <div className="review-checks" data-review-checks>
          <div className="review-label">Checks, run again for grading</div>
          <VerdictLine grade={grade} />
          {grade.codeError && (
            <pre className="cell-error code-error" data-code-error={grade.codeError.kind}>
              {grade.codeError.message}
              {grade.codeError.line !== null ? ` (line ${grade.codeError.line})` : ''}
            </pre>
          )}
          {grade.report && <ResultsTable rows={grade.report.rows} compact />}
          {reported?.message && (
            <p className="muted reported" data-reported>
              The student's page had reported: {reported.message}
            </p>
          )}
        </div>
      </div>
      <GraderInputs grade={grade} isText={false} manual={manual} onManual={onManual} />
    </section>
  );
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

/** A training cell: the saved run's numbers and settings (not graded automatically). */
function ReviewTraining({ cell, run, params }: { cell: TrainingCell; run: SubmittedTraining | undefined; params: Record<string, number> }) {
  const settings = run ? Object.entries(run.settings) : [];
  return (
    <section className="part review-part review-training" data-part={cell.id} data-review-training>
      <header className="part-header">
        <span className="part-id">({cell.id})</span> <span className="points">training run</span>
      </header>
      <Markdown source={cell.prompt} params={params} />
      {!run ? (
        <p className="muted">No training run saved in this submission.</p>
      ) : (
        <>
          <table className="train-summary" data-training-summary>
            <tbody>
              <tr>
                <th>held-out accuracy</th>
                <td data-train-accuracy>{pct(run.testAccuracy)}</td>
                <th>backend</th>
                <td data-train-backend>{run.backend}</td>
              </tr>
              <tr>
                <th>steps</th>
                <td>{run.steps.toLocaleString('en-US')}</td>
                <th>epochs</th>
                <td>
                  {run.epochs}
                  {run.stopped ? ' (stopped early)' : ''}
                </td>
              </tr>
              <tr>
                <th>time</th>
                <td>{run.seconds.toFixed(1)} s</td>
                <th>speed</th>
                <td>{Math.round(run.imgPerS).toLocaleString('en-US')} images/s</td>
              </tr>
            </tbody>
          </table>
          {settings.length > 0 && (
            <p className="muted train-settings">
              Settings: {settings.map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(', ')}
              {run.savedAt ? ` · saved ${run.savedAt.replace('T', ' ').slice(0, 16)}` : ''}
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** A student's notebook, read-only: every answer rendered with its re-checked verdict and the grader's inputs. */
export function ReviewPage({ notebook: nb, graded: g, submission, manual, onManual, back }: Props) {
  const byId = useMemo(() => new Map(g.parts.map((p) => [p.partId, p])), [g]);
  // Live cells see the student's answers as submitted, as they did on the student's page.
  const submittedAnswers = useMemo(() => Object.fromEntries(Object.entries(submission?.parts ?? {}).map(([id, p]) => [id, p.input])), [submission]);
  return (
    <article className="notebook review" data-review={g.studentId} data-seed={g.seed ?? ''}>
      <p className="no-print">
        <a href={back}>← All students</a>{' '}
        <FeedbackButton notebook={nb} graded={g} manual={manual} />
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
          case 'live':
            return (
              <CellBoundary key={cell.id} label={`live cell ${cell.id}`}>
                <LiveCell cell={cell} params={g.params} answers={submittedAnswers} file={nb.file} />
              </CellBoundary>
            );
          case 'code': {
            const grade = byId.get(cell.id);
            return grade ? (
              <CellBoundary key={cell.id} label={`part ${cell.id}`}>
                <ReviewCode cell={cell} grade={grade} submission={submission} manual={manual[cell.id]} params={g.params} onManual={(m) => onManual(cell.id, m)} />
              </CellBoundary>
            ) : null;
          }
          case 'training':
            return (
              <CellBoundary key={cell.id} label={`training ${cell.id}`}>
                <ReviewTraining cell={cell} run={submission?.training[cell.id]} params={g.params} />
              </CellBoundary>
            );
        }
      })}
    </article>
  );
}
