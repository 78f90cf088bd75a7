import { useState } from 'react';
import { buildHash } from '../notebook/route';
import type { Notebook, ParamValues } from '../notebook/types';
import { studentSeed } from '../notebook/variants';
import { CopyLinkButton } from './CopyLinkButton';

/** Why the page shows the values it shows: a link's seed, the student's id, or neither. */
export type VariantSource = 'link' | 'student' | 'original';

interface Props {
  notebook: Notebook;
  seed: number | null;
  source: VariantSource;
  params: ParamValues;
  studentId: string;
  /** Parts answered in the variant on screen: switching variants first warns about them. */
  answered: number;
  onStudentId: (id: string) => void;
  onReset: () => Promise<void>;
  link: string;
}

function describeVariant(nb: Notebook, seed: number | null, source: VariantSource, studentId: string): { title: string; why: string } {
  const title = seed === null ? 'Original values' : `Variant ${seed}`;
  if (source === 'link') return { title, why: studentId && nb.variants.perStudent ? 'set by the link; your student id is not used here' : 'set by the link' };
  if (source === 'student') return { title, why: 'drawn from your student id' };
  if (nb.variants.perStudent) return { title, why: 'the homework’s own numbers; type your student id to get your variant' };
  return { title, why: 'the same numbers for everyone in this notebook' };
}

/** A variant the student left with answers in it, and the link that opens it again. */
interface LeftBehind {
  label: string;
  hash: string;
  answered: number;
}

export function VariantBar({ notebook: nb, seed, source, params, studentId, answered, onStudentId, onReset, link }: Props) {
  const [draft, setDraft] = useState(studentId);
  const [confirming, setConfirming] = useState(false);
  const [pendingId, setPendingId] = useState<string | null>(null);
  const [leftBehind, setLeftBehind] = useState<LeftBehind | null>(null);
  const names = Object.keys(nb.params);
  const { title, why } = describeVariant(nb, seed, source, studentId);

  // The variant a new id would show here: only a per-student notebook without a link seed changes.
  const seedAfter = (id: string) => (source === 'link' || !nb.variants.perStudent ? seed : id.trim() ? studentSeed(nb.id, id, nb.variants.salt) : null);
  const here: LeftBehind = {
    label: seed === null ? 'the original values' : `variant ${seed}`,
    hash: buildHash(nb.id, null, { seed: seed ?? 'original' }),
    answered,
  };
  const apply = (id: string) => {
    if (seedAfter(id) !== seed && answered > 0) setLeftBehind(here);
    setPendingId(null);
    onStudentId(id);
  };
  const submitId = () => {
    // Answers belong to the variant they were given for: switching asks first and keeps them.
    if (seedAfter(draft) !== seed && answered > 0) setPendingId(draft);
    else apply(draft);
  };

  return (
    <section className="variant-bar" data-variant>
      <div className="variant-values">
        <strong>{title}</strong>
        <span className="muted" data-variant-reason>
          {why}
        </span>
        {names.map((n) => (
          <span key={n} className="param" data-param={n}>
            {nb.params[n].label ?? n} = <b>{params[n]}</b>
          </span>
        ))}
        <CopyLinkButton hash={link} label="Copy link to this variant" />
      </div>
      <form
        className="student-id"
        onSubmit={(e) => {
          e.preventDefault();
          submitId();
        }}
      >
        <label>
          Student id{' '}
          <input value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="e.g. 3031234567" data-student-id />
        </label>
        <button type="submit">{studentId ? 'Change' : nb.variants.perStudent ? 'Use my variant' : 'Save my id'}</button>
        {!nb.variants.perStudent && <span className="muted">Your id goes into your submission, so the grader knows whose work it is.</span>}
      </form>
      {pendingId !== null && (
        <div className="banner warning" role="alertdialog" aria-label="Confirm switching variant" data-switch-warning>
          <p>
            You have answered {answered} {answered === 1 ? 'part' : 'parts'} with {here.label}. {pendingId.trim() ? 'This id gives other numbers' : 'Without an id the page shows the original values'}, so
            the page will show a different set of answers. Your answers stay saved with {here.label}; you can return to them with the link shown after you switch.
          </p>
          <button type="button" data-action="confirm-switch" onClick={() => apply(pendingId)}>
            Switch
          </button>{' '}
          <button type="button" data-action="cancel-switch" onClick={() => (setPendingId(null), setDraft(studentId))}>
            Stay with {here.label}
          </button>
        </div>
      )}
      {leftBehind && leftBehind.hash !== buildHash(nb.id, null, { seed: seed ?? 'original' }) && (
        <p className="muted" role="status" data-left-behind>
          Your {leftBehind.answered} earlier {leftBehind.answered === 1 ? 'answer is' : 'answers are'} saved with {leftBehind.label}:{' '}
          <a href={leftBehind.hash} data-action="return-to-variant">
            open {leftBehind.label}
          </a>{' '}
          to see or continue them.
        </p>
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
