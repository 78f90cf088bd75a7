import { useContext, useRef, useState } from 'react';
import { buildSubmission, parseSubmission, recordFromSubmission, submissionFileName } from '../grading/submission';
import { answeredCount, type AnswersRecord } from '../notebook/answers';
import { buildHash } from '../notebook/route';
import type { Notebook } from '../notebook/types';
import { StoreContext } from './storeContext';

interface Props {
  notebook: Notebook;
  record: AnswersRecord | null;
  studentId: string;
  onStudentId: (id: string) => void;
}

/** Offers a file to the browser's downloads. */
export function downloadText(name: string, text: string, type = 'application/json') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * "Download submission" writes the file the student hands in; "Open a submission" restores the work
 * from such a file (into this browser's autosave, then reopens that variant).
 */
export function SubmissionControls({ notebook: nb, record, studentId, onStudentId }: Props) {
  const store = useContext(StoreContext)!;
  const fileInput = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const needsId = !studentId;

  const download = () => {
    if (!record) return;
    const s = buildSubmission(nb, record, studentId);
    downloadText(submissionFileName(s), JSON.stringify(s, null, 2));
    setMessage({ kind: 'ok', text: `Downloaded ${submissionFileName(s)}. Hand in this file.` });
  };

  const restore = async (file: File) => {
    const r = parseSubmission(await file.text(), file.name);
    if (!r.ok) return setMessage({ kind: 'error', text: r.message });
    const s = r.submission;
    if (s.notebookId !== nb.id) return setMessage({ kind: 'error', text: `${file.name} is a submission for notebook "${s.notebookId}", not this one.` });
    const current = answeredCount(record) > 0 && record?.seed === s.seed;
    if (current && !window.confirm('Replace the answers on this page with the ones in the file?')) return;
    await store.save(recordFromSubmission(s));
    if (s.studentId && s.studentId !== studentId) onStudentId(s.studentId);
    // The link carries the seed, so the restored variant opens even if the id would draw another.
    window.location.hash = buildHash(nb.id, null, { ...(s.seed !== null ? { seed: s.seed } : {}), ...s.overrides });
    window.location.reload();
  };

  return (
    <section className="submission-controls" data-submission-controls>
      <p className="print-header" data-print-header>
        Student {studentId || '(no id)'} · {record?.seed === null || !record ? 'original values' : `seed ${record.seed}`} · printed {new Date().toISOString().slice(0, 10)}
      </p>
      <button type="button" data-action="download-submission" onClick={download} disabled={!record}>
        Download submission
      </button>
      <button type="button" className="link-button" data-action="open-submission" onClick={() => fileInput.current?.click()}>
        Open a submission…
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        hidden
        data-submission-file
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void restore(f);
        }}
      />
      {needsId && <span className="muted">Type your student id above first, so the grader knows whose work this is.</span>}
      {message && (
        <span className={message.kind === 'error' ? 'error' : 'muted'} role={message.kind === 'error' ? 'alert' : 'status'} data-submission-message>
          {message.text}
        </span>
      )}
    </section>
  );
}
