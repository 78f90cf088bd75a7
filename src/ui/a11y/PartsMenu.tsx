import type { AnswerCell, CodeCell, Notebook, TrainingCell } from '../../notebook/types';

/** Focuses a part's answer (or the part itself) once the route has scrolled to it. */
export function focusPart(id: string) {
  const el = document.querySelector<HTMLElement>(`[data-part="${CSS.escape(id)}"]`);
  if (!el) return;
  // The answer box first (a choice part's first option), else the part's first control.
  const answer = el.querySelector<HTMLElement>('[data-answer-input]');
  const target = answer?.matches('input, textarea, select, [contenteditable]') ? answer : (answer?.querySelector<HTMLElement>('input') ?? el.querySelector<HTMLElement>('input, textarea, select, button'));
  (target ?? el).focus({ preventScroll: true });
}

/**
 * Every part of the notebook as a link (its own route, so the link is also shareable); choosing one
 * scrolls to the part and puts the keyboard in its answer box. The skip link lands here.
 */
export function PartsMenu({ notebook: nb, linkFor }: { notebook: Notebook; linkFor: (id: string) => string }) {
  const parts = nb.cells.filter((c): c is AnswerCell | CodeCell | TrainingCell => c.kind === 'answer' || c.kind === 'code' || c.kind === 'training');
  if (parts.length === 0) return null;
  return (
    <nav className="parts-menu" id="parts-menu" tabIndex={-1} aria-label="Parts of this notebook" data-parts-menu>
      <span className="parts-menu-label" aria-hidden="true">
        Parts
      </span>
      <ol>
        {parts.map((c) => (
          <li key={c.id}>
            <a href={linkFor(c.id)} onClick={() => setTimeout(() => focusPart(c.id), 0)} aria-label={`part ${c.id}`}>
              {c.id}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}
