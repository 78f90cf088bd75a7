import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { codeJobsOfFile, gradeParsedFiles, parseFile, studentKey, type FileInput, type ManualGrade } from '../../grading/regrade';
import { parseSubmission } from '../../grading/submission';
import { answerParts, gradedParts, type Notebook } from '../../notebook/types';
import type { LoadedNotebooks } from '../notebookSources';
import { emptyWork, loadWork, saveWork, type GraderWork } from './graderStore';
import { GradeTable } from './GradeTable';
import { gradingNotebook, isGradingFile, isNotebookFile, notebookIdOf } from './notebookFile';
import { useClassAnalytics } from './useClassAnalytics';
import { PartFirstView } from './PartFirstView';
import { ReviewPage } from './ReviewPage';
import { useCodeRuns } from './useCodeRuns';
import { measurePaint, measureSince, timed, timedAsync } from './perfMarks';

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
  return timedAsync('read', Promise.all(Array.from(list).map(async (f) => ({ name: f.name, text: await f.text() }))));
}

export function GraderPage({ loaded, query }: Props) {
  const renderStart = performance.now();
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
  // An exam is graded with the keys of its own .md file, dropped in with the submissions.
  const keyed = useMemo(() => (nb && files ? gradingNotebook(nb, files) : null), [nb, files]);
  const gnb = keyed?.nb ?? nb;
  const parsed = useMemo(() => (files ? timed('parse', () => files.filter((f) => !isGradingFile(f)).map(parseFile)) : undefined), [files]);
  const jobs = useMemo(() => (gnb && parsed ? parsed.flatMap((f) => codeJobsOfFile(gnb, f)) : []), [gnb, parsed]);
  const code = useCodeRuns(jobs);
  const rawRun = useMemo(() => (gnb && parsed ? timed('grade', () => gradeParsedFiles(gnb, parsed, code.outcomes)) : null), [gnb, parsed, code.outcomes, code.version]);
  const { run, analytics } = useClassAnalytics(gnb, work, parsed, rawRun, code.left > 0, update);
  // Every commit: React's render of the page (with the steps above it recomputed) and the paint after it.
  useLayoutEffect(() => {
    measureSince('render', renderStart);
    measurePaint(performance.now());
  });

  const addFiles = async (list: FileList | File[]) => {
    const files = await readFiles(list);
    if (!nb || files.length === 0) return;
    // With nothing loaded yet, open the notebook the files were made for.
    if (latest.current?.files.length === 0) {
      const first = files.map((f) => parseSubmission(f.text, f.name)).find((r) => r.ok);
      const forId = first?.ok ? first.submission.notebookId : (files.filter(isNotebookFile).map(notebookIdOf).find(Boolean) ?? null);
      if (forId && forId !== nb.id && notebooks.some((n) => n.id === forId)) {
        const target = forId;
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

  if (!nb || !gnb) return <p className="banner error">There are no notebooks to grade against.</p>;
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
    const reviewed = sub ? parseSubmission(sub.text, sub.name) : null;
    return (
      <ReviewPage
        notebook={gnb}
        graded={reviewing}
        submission={reviewed?.ok ? reviewed.submission : null}
        manual={work.manual[studentKey(reviewing)] ?? {}}
        onManual={(partId, g) => setManual(studentKey(reviewing), partId, g)}
        back={gradeHash({ nb: nb.id })}
      />
    );
  }

  const parts = gradedParts(gnb);
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
      {keyed?.from && (
        <p className="banner" data-keys-from={keyed.from}>
          Keys from {keyed.from}.
        </p>
      )}
      {keyed?.graderTests && (
        <p className="banner" data-grader-tests-from={keyed.graderTests}>
          Grader-only checks from {keyed.graderTests}.
        </p>
      )}
      {!keyed?.from && nb.checking === 'after-submission' && (
        <p className="banner warning" role="alert" data-exam-needs-keys>
          “{nb.title}” is an exam: its keys are not part of this app. Add the notebook's file ({nb.file}) with the submissions to grade it.
        </p>
      )}
      {keyed?.problems.map((p) => (
        <p key={p.file} className="banner error" role="alert" data-file-error={p.file}>
          {p.message}
        </p>
      ))}
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
          Drop submission files here (and, for an exam, the notebook's .md file), or{' '}
          <button type="button" onClick={() => fileInput.current?.click()} data-action="pick-submissions">
            choose files…
          </button>
        </p>
        <p className="muted">Every auto-checked part is re-checked from the student's seed and raw answers; the verdicts stored in the files are ignored.</p>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json,.md,text/markdown"
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
          <GradeTable graded={run.graded} parts={parts} manual={work.manual} reviewHash={(key) => gradeHash({ nb: nb.id, review: key })} />
        </>
      )}
    </div>
  );
}
