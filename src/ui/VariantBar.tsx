import { useState } from 'react';
import type { Notebook, ParamValues } from '../notebook/types';
import { CopyLinkButton } from './CopyLinkButton';

interface Props {
  notebook: Notebook;
  seed: number | null;
  seedFromLink: boolean;
  params: ParamValues;
  studentId: string;
  onStudentId: (id: string) => void;
  onReset: () => Promise<void>;
  link: string;
}

export function VariantBar({ notebook: nb, seed, seedFromLink, params, studentId, onStudentId, onReset, link }: Props) {
  const [draft, setDraft] = useState(studentId);
  const [confirming, setConfirming] = useState(false);
  const names = Object.keys(nb.params);
  return (
    <section className="variant-bar" data-variant>
      <div className="variant-values">
        <strong>{seed === null ? 'Original values' : `Variant ${seed}`}</strong>
        {seedFromLink && <span className="tag">from link</span>}
        {names.map((n) => (
          <span key={n} className="param" data-param={n}>
            {nb.params[n].label ?? n} = <b>{params[n]}</b>
          </span>
        ))}
        <CopyLinkButton hash={link} label="Copy link to this variant" />
      </div>
      {nb.variants.perStudent && (
        <form
          className="student-id"
          onSubmit={(e) => {
            e.preventDefault();
            onStudentId(draft);
          }}
        >
          <label>
            Student id{' '}
            <input value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="e.g. 3031234567" data-student-id />
          </label>
          <button type="submit">{studentId ? 'Change' : 'Use my variant'}</button>
          {studentId && !seedFromLink && <span className="muted">Your variant is drawn from your id.</span>}
          {studentId && seedFromLink && <span className="muted">This link fixes the variant; your id is not used here.</span>}
        </form>
      )}
      <div className="reset">
        {confirming ? (
          <span role="alertdialog" aria-label="Confirm reset">
            Delete every answer of this variant?{' '}
            <button
              type="button"
              className="danger"
              data-action="confirm-reset"
              onClick={async () => {
                await onReset();
                setConfirming(false);
              }}
            >
              Yes, delete
            </button>{' '}
            <button type="button" onClick={() => setConfirming(false)}>
              Keep them
            </button>
          </span>
        ) : (
          <button type="button" className="link-button" data-action="reset" onClick={() => setConfirming(true)}>
            Reset this notebook
          </button>
        )}
      </div>
    </section>
  );
}
