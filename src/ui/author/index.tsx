/**
 * The author's preview, under `gradbook dev` only: beside each cell, what `gradbook check` says about
 * it and, for a part, its key. `import.meta.env.DEV` is false in a build, so the preview's code is
 * not even in the bundle and students never see a key.
 */
import { lazy, Suspense, type ReactNode } from 'react';
import { authorPreview } from 'virtual:gradbook-course';
import type { Notebook, ParamValues } from '../../notebook/types';

const AuthorNotes = import.meta.env.DEV && authorPreview ? lazy(() => import('./AuthorNotes')) : null;

/** `views[i]` is the page's view of `nb.cells[i]`; the author's notes go after each. */
export function withAuthorNotes(nb: Notebook, params: ParamValues, views: ReactNode[]): ReactNode[] {
  if (!AuthorNotes) return views;
  return views.flatMap((view, i) => [
    view,
    <Suspense key={`author-${i}`} fallback={null}>
      <AuthorNotes notebook={nb} index={i} params={params} />
    </Suspense>,
  ]);
}
