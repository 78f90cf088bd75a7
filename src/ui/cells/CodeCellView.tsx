/**
 * A code cell: prompt, editor with a starter stub, "Run checks", and the checks' table. The code
 * is saved as the part's input; the run's summary as its message, verdict and score.
 */
import { lazy, Suspense, useState } from 'react';
import { isCodeTask, summarize, type CheckReport } from '../../grading/codeChecks';
import { codeWithUses, shiftLines } from '../../grading/codeGrading';
import { STARTERS } from '../../grading/codeStarters';
import type { PartState } from '../../notebook/answers';
import type { CodeCell, ParamValues } from '../../notebook/types';
import { runCodeInWorker, type CodeRunOutcome } from '../codeRun';
import { ResultsTable } from './CheckTable';
import { editedInput, PartHeader } from './PartHeader';
import { Markdown } from '../Markdown';
import { VerdictRegion } from '../a11y/VerdictRegion';

const CodeEditor = lazy(() => import('./CodeEditor'));

interface Props {
  cell: CodeCell;
  params: ParamValues;
  state: PartState | undefined;
  /** The saved code of the parts this cell `uses`, in order. */
  usedCode: { id: string; code: string }[];
  highlighted: boolean;
  link: string;
  onChange: (patch: Partial<PartState>) => void;
}

export function CodeCellView({ cell, params, state, usedCode, highlighted, link, onChange }: Props) {
  const known = isCodeTask(cell.task);
  const starter = known ? STARTERS[cell.task as keyof typeof STARTERS] : '';
  const code = state?.input || starter;
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<CodeRunOutcome | null>(null);
  const [resetKey, setResetKey] = useState(0);

  const setCode = (value: string) => onChange(editedInput(value));

  const run = async () => {
    setRunning(true);
    setOutcome(null);
    // Earlier parts' code goes first, so a backward cell can call the student's own forward pass.
    const used = new Map(usedCode.map((u) => [u.id, u.code]));
    const { code: full, prefixLines } = codeWithUses(cell, code, (id) => used.get(id) ?? '');
    const seed = Math.floor(Math.random() * 2 ** 31);
    // Lines are reported in this cell's own numbering; lines in a used part say so.
    const shifted = shiftLines(await runCodeInWorker({ task: cell.task, code: full, seed }, cell.timeLimit), prefixLines);
    setOutcome(shifted);
    setRunning(false);
    const now = new Date().toISOString();
    if (shifted.ok) {
      const r: CheckReport = shifted.report;
      onChange({ input: code, verdict: r.allPassed ? 'correct' : 'incorrect', message: summarize(r), score: r.total ? r.passed / r.total : 0, checkedAt: now });
    } else {
      const where = shifted.line !== null ? ` (line ${shifted.line})` : '';
      onChange({ input: code, verdict: shifted.kind === 'syntax' ? 'invalid' : 'incorrect', message: `${shifted.error}${where}`, score: 0, checkedAt: now });
    }
  };

  const missingUses = usedCode.filter((u) => !u.code.trim()).map((u) => u.id);

  return (
    <section className={`part code-cell${highlighted ? ' highlighted' : ''}`} data-part={cell.id} data-task={cell.task} id={`part-${cell.id}`}>
      <PartHeader id={cell.id} points={cell.points} link={link} />
      <Markdown source={cell.prompt} params={params} />
      {!known ? (
        <p className="cell-error" role="alert">
          This code cell asks for checks called “{cell.task}”, which this version of GradBook does not have. Tell your instructor.
        </p>
      ) : (
        <>
          {usedCode.length > 0 && (
            <p className="code-uses">
              Runs after your code from part{usedCode.length > 1 ? 's' : ''} {usedCode.map((u) => u.id).join(', ')}
              {missingUses.length > 0 && <b> (part {missingUses.join(', ')} is still the starter: write it first)</b>}.
            </p>
          )}
          <Suspense fallback={<pre className="code-editor loading">{code}</pre>}>
            <CodeEditor key={resetKey} initial={code} onChange={setCode} resetKey={resetKey} label={`code for part ${cell.id}`} />
          </Suspense>
          {/* The editor draws only the lines on screen; print the whole code from this copy instead. */}
          <pre className="code-print" aria-hidden="true">
            {code}
          </pre>
          <div className="answer-row code-actions">
            <button type="button" data-action="check" onClick={run} disabled={running}>
              {running ? 'Running…' : 'Run checks'}
            </button>
            <button
              type="button"
              data-action="reset-code"
              onClick={() => {
                if (!window.confirm('Replace your code with the starter code?')) return;
                setCode(starter);
                setResetKey((k) => k + 1);
              }}
            >
              Start over
            </button>
            <span className="code-hint">JavaScript or TypeScript (types are stripped, not checked); runs in a worker, stopped after {cell.timeLimit} s.</span>
          </div>
        </>
      )}
      {running && <p className="loading">Running the checks in a worker…</p>}
      {outcome && !outcome.ok && (
        <pre className="cell-error code-error" role="alert" data-code-error={outcome.kind}>
          {outcome.error}
          {outcome.line !== null ? ` (line ${outcome.line})` : ''}
        </pre>
      )}
      {outcome?.ok && <ResultsTable rows={outcome.report.rows} />}
      <VerdictRegion announceKey={state?.checkedAt}>
        {state?.verdict && (
          <p className={`verdict ${state.verdict}`} data-verdict={state.verdict}>
            <b>{state.verdict === 'correct' ? '✓ All checks pass' : state.verdict === 'incorrect' ? '✗ Not yet' : '⚠ Cannot run that'}</b>{' '}
            <span data-message>{state.message}</span>
          </p>
        )}
      </VerdictRegion>
    </section>
  );
}
