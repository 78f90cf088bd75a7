import { useContext, useEffect, useState } from 'react';
import { answeredCount } from '../notebook/answers';
import { gradedParts, type Notebook } from '../notebook/types';
import { studentSeed } from '../notebook/variants';
import { StoreContext } from './storeContext';
import { useStudentId } from './hooks';
import type { LoadedNotebooks } from './notebookSources';

function useAnswered(notebooks: Notebook[], studentId: string): Record<string, number> {
  const store = useContext(StoreContext)!;
  const [counts, setCounts] = useState<Record<string, number>>({});
  useEffect(() => {
    let live = true;
    Promise.all(
      notebooks.map(async (nb) => {
        const seed = nb.variants.perStudent && studentId ? studentSeed(nb.id, studentId, nb.variants.salt) : null;
        const rec = await store.load(nb.id, nb.version, seed);
        return [nb.id, answeredCount(rec)] as const;
      }),
    ).then((entries) => live && setCounts(Object.fromEntries(entries)));
    return () => {
      live = false;
    };
  }, [notebooks, store, studentId]);
  return counts;
}

export function HomePage({ loaded, notice }: { loaded: LoadedNotebooks; notice?: string }) {
  const [studentId] = useStudentId();
  const answered = useAnswered(loaded.notebooks, studentId);
  return (
    <div className="home">
      {notice && (
        <p className="banner error" role="alert" data-route-error>
          {notice}
        </p>
      )}
      <h1>{loaded.config.title ?? 'Notebooks'}</h1>
      {loaded.config.term && <p className="course">{loaded.config.term}</p>}
      <ul className="notebook-list">
        {loaded.notebooks.map((nb) => {
          const parts = gradedParts(nb).length;
          return (
            <li key={nb.id} data-notebook={nb.id}>
              <a href={`#/${nb.id}`} className="notebook-title">
                {nb.title}
              </a>
              <div className="meta">
                {nb.course && <span>{nb.course}</span>}
                <span>{parts} parts</span>
                <span data-answered>
                  {answered[nb.id] ?? 0} of {parts} answered
                </span>
              </div>
            </li>
          );
        })}
      </ul>
      {loaded.errors.length > 0 && (
        <section className="banner error" data-notebook-errors>
          <h2>Notebooks that could not be loaded</h2>
          {loaded.errors.map((e) => (
            <pre key={e.message}>{e.message}</pre>
          ))}
        </section>
      )}
    </div>
  );
}
