import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { codeJobsOfFile, gradeParsedFiles, parseFile, overrideNeedsReason, studentKey, totalOf, type FileInput, type ManualGrade } from '../../grading/regrade';
import { parseSubmission } from '../../grading/submission';
import { answerParts, gradedParts, type Notebook } from '../../notebook/types';
import type { LoadedNotebooks } from '../notebookSources';
import { emptyWork, loadWork, saveWork, type GraderWork } from './graderStore';
import { useClassAnalytics } from './useClassAnalytics';
import { PartFirstView } from './PartFirstView';
import { ReviewPage } from './ReviewPage';
import { useCodeRuns } from './useCodeRuns';

interface Props {
  loaded: LoadedNotebooks;
  query: Record<string, string>;
}

const gradeHash = (q: Record<string, string>) => `#/grade?${new URLSearchParams(q).toString()}`;

/** A file with the same name replaces the earlier one (a re-download), so rows never double. */
function mergeFiles(old: FileInput[], added: FileInput[]): FileInput[] {
  return [...new Map([...old, ...added].map((f) => [f.name, f])).values()];
}

/** Submission files in the browser: drop or pick many at once. */
async function readFiles(list: FileList | File[]): Promise<FileInput[]> {
  return Promise.all(Array.from(list).map(async (f) => ({ name: f.name, text: await f.text() })));
}

export function GraderPage({ loaded, query }: Props) {
  const notebooks = loaded.notebooks;
  const nb: Notebook | undefined = notebooks.find((n) => n.id === query.nb) ?? notebooks[0];
  const [work, setWork] = useState<GraderWork | null>(null);
  const [warning, setWarning] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const latest = useRef<GraderWork | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!nb) return;
    let live = true;
    setWork(null);
    loadWork(nb.id).then(({ work: w, warning: warn }) => {
      if (!live) return;
      latest.current = w;
      setWork(w);
      if (warn) setWarning(warn);
    });
    return () => {
      live = false;
    };
  }, [nb]);

  const update = useCallback((change: (w: GraderWork) => GraderWork) => {
    const cur = latest.current;
    if (!cur) return;
    const next = { ...change(cur), updatedAt: new Date().toISOString() };
    latest.current = next;
    setWork(next);
    void saveWork(next).then((w) => w && setWarning(w));
  }, []);

  // Code cells run again in workers; their rows fill in as the runs finish.
  // Files are parsed once per set of files, not again on every code result or grader keystroke.
  const files = work?.files;
  const parsed = useMemo(() => files?.map(parseFile), [files]);
  const jobs = useMemo(() => (nb && parsed ? parsed.flatMap((f) => codeJobsOfFile(nb, f)) : []), [nb, parsed]);
  const code = useCodeRuns(jobs);
  const rawRun = useMemo(() => (nb && parsed ? gradeParsedFiles(nb, parsed, code.outcomes) : null), [nb, parsed, code.outcomes, code.version]);
  const { run, analytics } = useClassAnalytics(nb, work, parsed, rawRun, code.left > 0, update);

  const addFiles = async (list: FileList | File[]) => {
    const files = await readFiles(list);
    if (!nb || files.length === 0) return;
    // With nothing loaded yet, open the notebook the files were made for.
    if (latest.current?.files.length === 0) {
      const first = files.map((f) => parseSubmission(f.text, f.name)).find((r) => r.ok);
      if (first?.ok && first.submission.notebookId !== nb.id && notebooks.some((n) => n.id === first.submission.notebookId)) {
        const target = first.submission.notebookId;
        const { work: w } = await loadWork(target);
        await saveWork({ ...w, files: mergeFiles(w.files, files), updatedAt: new Date().toISOString() });
        window.location.hash = gradeHash({ nb: target });
        return;
      }
    }
    update((w) => ({ ...w, files: mergeFiles(w.files, files) }));
  };

  const setManual = (student: string, partId: string, grade: ManualGrade | null) =>
    update((w) => {
      const forStudent = { ...(w.manual[student] ?? {}) };
      if (grade === null) delete forStudent[partId];
      else forStudent[partId] = grade;
      return { ...w, manual: { ...w.manual, [student]: forStudent } };
    });

  if (!nb) return <p className="banner error">There are no notebooks to grade against.</p>;
  if (!work || !run) return <p className="loading">Loading the grading work…</p>;

  const byPart = query.part !== undefined ? answerParts(nb).find((p) => p.id === query.part) : undefined;
  if (query.part !== undefined) {
    return (
      <div className="grader">
        {byPart ? (
          <PartFirstView part={byPart} graded={run.graded} manual={work.manual} onManual={setManual} back={gradeHash({ nb: nb.id })} />
        ) : (
          <p className="banner error" role="alert">
            Notebook {nb.id} has no answer part “{query.part}”. <a href={gradeHash({ nb: nb.id })}>Back to the table</a>
          </p>
        )}
      </div>
    );
  }
  const reviewing = query.review !== undefined ? run.graded.find((g) => studentKey(g) === query.review) : undefined;
  if (query.review !== undefined) {
    if (!reviewing) {
      return (
        <div className="grader">
          <p className="banner error" role="alert">
            No submission for student “{query.review}” is loaded. <a href={gradeHash({ nb: nb.id })}>Back to the table</a>
          </p>
        </div>
      );
    }
    const sub = work.files.find((f) => f.name === reviewing.file);
    const parsed = sub ? parseSubmission(sub.text, sub.name) : null;
    return (
      <ReviewPage
        notebook={nb}
        graded={reviewing}
        submission={parsed?.ok ? parsed.submission : null}
        manual={work.manual[studentKey(reviewing)] ?? {}}
        onManual={(partId, g) => setManual(studentKey(reviewing), partId, g)}
        back={gradeHash({ nb: nb.id })}
      />
    );
  }

  const parts = gradedParts(nb);
  const codeBusy = code.left > 0;

  return (
    <div className="grader" data-grader>
      <h1>Grader mode</h1>
      <div className="grader-bar">
        <label>
          Notebook{' '}
          <select value={nb.id} onChange={(e) => (window.location.hash = gradeHash({ nb: e.target.value }))} data-grader-notebook>
            {notebooks.map((n) => (
              <option key={n.id} value={n.id}>
                {n.title}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">
          copy {nb.contentHash} · {parts.length} parts · {parts.reduce((t, p) => t + p.points, 0)} points
        </span>
      </div>
      {warning && (
        <p className="banner warning" role="alert">
          {warning}
        </p>
      )}
      <div
        className={`dropzone${dragging ? ' dragging' : ''}`}
        data-dropzone
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          void addFiles(e.dataTransfer.files);
        }}
      >
        <p>
          Drop submission files here, or{' '}
          <button type="button" onClick={() => fileInput.current?.click()} data-action="pick-submissions">
            choose files…
          </button>
        </p>
        <p className="muted">Every auto-checked part is re-checked from the student's seed and raw answers; the verdicts stored in the files are ignored.</p>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          multiple
          hidden
          data-grader-files
          onChange={(e) => {
            if (e.target.files) void addFiles(e.target.files);
            e.target.value = '';
          }}
        />
      </div>
      {run.errors.length > 0 && (
        <div className="banner error file-errors" role="alert" data-file-errors>
          <p>
            <b>
              {run.errors.length} {run.errors.length === 1 ? 'file was' : 'files were'} not graded:
            </b>
          </p>
          <ul>
            {run.errors.map((e) => (
              <li key={e.file} data-file-error={e.file}>
                {e.message}{' '}
                <button type="button" className="link-button" onClick={() => update((w) => ({ ...w, files: w.files.filter((f) => f.name !== e.file) }))}>
                  remove
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {analytics.regradeDiff}
      {run.graded.length === 0 ? (
        <p className="muted">No submissions graded yet.</p>
      ) : (
        <>
          <div className="grader-actions">
            <span>
              {run.graded.length} {run.graded.length === 1 ? 'student' : 'students'}
            </span>
            {code.total > 0 && (
              <span className={codeBusy ? 'loading' : 'muted'} data-code-runs={codeBusy ? 'running' : 'done'}>
                {codeBusy ? `Running code cells again: ${code.total - code.left} of ${code.total} done…` : `${code.total} code ${code.total === 1 ? 'run' : 'runs'} re-checked`}
              </span>
            )}
            {analytics.exportMenu}
            <button
              type="button"
              className="link-button"
              data-action="clear-grading"
              onClick={() => window.confirm('Remove every loaded file and manual grade for this notebook?') && update(() => emptyWork(nb.id))}
            >
              Clear all
            </button>
          </div>
          {analytics.panel}
          <div className="grade-table-wrap">
            <table className="grade-table" data-grade-table>
              <thead>
                <tr>
                  <th>Student</th>
                  <th>Seed</th>
                  {parts.map((p) => (
                    <th key={p.id} className="num" title={`${p.points} points`}>
                      {p.id}
                      <span className="muted"> /{p.points}</span>
                    </th>
                  ))}
                  <th className="num">Total</th>
                </tr>
              </thead>
              <tbody>
                {run.graded.map((g) => {
                  const key = studentKey(g);
                  const m = work.manual[key] ?? {};
                  return (
                    <tr key={key} data-student={key}>
                      <td>
                        <a href={gradeHash({ nb: nb.id, review: key })} data-action="review">
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
                      {g.parts.map((p) => {
                        const mg = m[p.partId];
                        const given = mg?.points !== undefined && !overrideNeedsReason(p, mg);
                        const shown = given ? mg.points : p.auto;
                        const cls = given ? 'manual' : p.status;
                        return (
                          <td key={p.partId} className={`num cell-${cls}`} data-cell={p.partId} title={p.message}>
                            {shown === null || shown === undefined ? (p.status === 'manual' ? 'to grade' : p.status === 'pending' ? '…' : '–') : shown}
                          </td>
                        );
                      })}
                      <td className="num total" data-total>
                        {totalOf(g, m)} <span className="muted">/ {g.max}</span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
