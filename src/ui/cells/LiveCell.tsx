/**
 * A live cell: the notebook's code runs in a worker and its controls and outputs show here. It
 * re-runs when a control moves, the variant's params change, or an answer it read changes. The
 * reader can open the code, change it and run it (nothing is saved; "Reset" restores it).
 */
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import type { LiveCell as LiveCellModel, ParamValues } from '../../notebook/types';
import type { LiveValue } from '../../worker/liveProtocol';
import { LiveOutputs } from '../live/LiveOutputs';
import { useLiveRun } from '../live/useLiveRun';
import { Markdown } from '../Markdown';
import { useNearScreen } from '../useNearScreen';

const CodeEditor = lazy(() => import('./CodeEditor'));

interface Props {
  cell: LiveCellModel;
  params: ParamValues;
  /** The student's raw answers by part id. */
  answers: Record<string, string>;
  /** The notebook file, for error lines. */
  file: string;
}

/** Only the answers the last run read (all of them before the first run) decide a re-run. */
function watchedKey(answers: Record<string, string>, read: string[] | '*' | undefined): string {
  if (read === undefined || read === '*') return JSON.stringify(answers);
  return JSON.stringify(read.map((id) => answers[id] ?? null));
}

export function LiveCell({ cell, params, answers, file }: Props) {
  const [code, setCode] = useState(cell.code);
  const [draft, setDraft] = useState(cell.code);
  const [resetKey, setResetKey] = useState(0);
  const [values, setValues] = useState<Record<string, LiveValue>>({});
  const paramsKey = JSON.stringify(params);
  // A new variant starts the controls again from the values the code gives for it.
  useEffect(() => setValues({}), [paramsKey]);
  useEffect(() => {
    setCode(cell.code);
    setDraft(cell.code);
  }, [cell.code]);

  const [read, setRead] = useState<string[] | '*' | undefined>(undefined);
  const request = useMemo(() => ({ code, params, answers, controls: values }), [code, params, answers, values]);
  const key = JSON.stringify([code, paramsKey, values, watchedKey(answers, read)]);
  const root = useRef<HTMLElement>(null);
  // A long notebook starts the workers (each loads the key functions) of the cells the reader reaches.
  const near = useNearScreen(root, '600px');
  const { result, running } = useLiveRun(request, key, cell.timeLimit, near);
  const [codeOpen, setCodeOpen] = useState(false);
  useEffect(() => setRead(result?.answersRead), [result]);

  const error = result?.error;
  const where =
    error?.line != null ? `Line ${error.line}${code === cell.code ? ` (${file}:${cell.codeLine + error.line - 1})` : ''}: ` : '';
  return (
    <section className="live" ref={root} data-live={cell.id} data-running={running ? 'true' : 'false'}>
      {cell.caption && <Markdown source={cell.caption} params={params} />}
      {result ? (
        <LiveOutputs outputs={result.outputs} controls={result.controls} values={values} onChange={(name, v) => setValues((o) => ({ ...o, [name]: v }))} />
      ) : (
        <p className="loading">Running…</p>
      )}
      {error && (
        <p className="cell-error" role="alert" data-live-error data-line={error.line ?? ''}>
          {where}
          {error.message}
        </p>
      )}
      <details className="live-code" onToggle={(e) => setCodeOpen((e.target as HTMLDetailsElement).open)}>
        <summary>Code</summary>
        {/* The editor (CodeMirror) loads only for a reader who opens the code. */}
        {codeOpen && (
          <Suspense fallback={<pre className="code-editor loading">{draft}</pre>}>
            <CodeEditor initial={draft} onChange={setDraft} resetKey={resetKey} label={`code of live cell ${cell.id}`} />
          </Suspense>
        )}
        <div className="widget-actions">
          <button type="button" data-action="live-run" onClick={() => setCode(draft)} disabled={draft === code}>
            Run
          </button>
          <button
            type="button"
            data-action="live-reset"
            onClick={() => {
              setCode(cell.code);
              setDraft(cell.code);
              setResetKey((k) => k + 1);
            }}
            disabled={code === cell.code && draft === cell.code}
          >
            Reset to the notebook's code
          </button>
        </div>
      </details>
    </section>
  );
}
