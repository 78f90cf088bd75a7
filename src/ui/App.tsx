import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { AnswersStore, type StoreWarning } from '../notebook/store';
import { HomePage } from './HomePage';
import { loadNotebooks } from './notebookSources';
import { useRoute } from './hooks';
import { StoreContext } from './storeContext';
import { installScrollRegions } from './a11y/scrollRegions';
import { installShortcuts } from './a11y/shortcuts';
import { SkipLink } from './a11y/SkipLink';
import { ThemeToggle } from './a11y/ThemeToggle';

// The notebook and grader pages bring KaTeX, the answer checkers and the editors: loaded on first
// visit, so the home page comes up without them.
const NotebookPage = lazy(() => import('./NotebookPage').then((m) => ({ default: m.NotebookPage })));
const GraderPage = lazy(() => import('./grader/GraderPage').then((m) => ({ default: m.GraderPage })));
// The service worker (offline use, updates) exists only in a build; `vite` dev serves files fresh.
const UpdateBanner = import.meta.env.PROD ? lazy(() => import('./UpdateBanner')) : null;

export function App() {
  const route = useRoute();
  const loaded = useMemo(loadNotebooks, []);
  const store = useMemo(() => new AnswersStore(), []);
  const [warnings, setWarnings] = useState<StoreWarning[]>([]);
  useEffect(installShortcuts, []);
  useEffect(installScrollRegions, []);
  useEffect(
    () =>
      store.onWarning((w) =>
        setWarnings((prev) => (prev.some((p) => p.message === w.message) ? prev : [...prev, w])),
      ),
    [store],
  );

  let page;
  if (route.page === 'home') page = <HomePage loaded={loaded} />;
  else if (route.page === 'grade') page = <GraderPage loaded={loaded} query={route.query} />;
  else {
    const nb = loaded.notebooks.find((n) => n.id === route.notebookId);
    page = nb ? (
      <NotebookPage key={nb.id} notebook={nb} partId={route.partId} query={route.query} />
    ) : (
      <HomePage loaded={loaded} notice={`There is no notebook "${route.notebookId}". Here are the notebooks that exist.`} />
    );
  }

  return (
    <StoreContext.Provider value={store}>
      <header className="topbar">
        <SkipLink />
        <a href="#/" className="brand">
          GradBook
        </a>
        <nav>
          <a href="#/">Notebooks</a>
          <a href="#/grade">Grade</a>
        </nav>
        <ThemeToggle />
      </header>
      {warnings.length > 0 && (
        <div className="banner warning" role="alert" data-storage-warning>
          {warnings.map((w) => (
            <p key={w.message}>{w.message}</p>
          ))}
          <button onClick={() => setWarnings([])}>Dismiss</button>
        </div>
      )}
      {UpdateBanner && (
        <Suspense fallback={null}>
          <UpdateBanner />
        </Suspense>
      )}
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p className="loading">Loading…</p>}>{page}</Suspense>
      </main>
    </StoreContext.Provider>
  );
}
