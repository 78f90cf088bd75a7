import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { parseSeed, buildHash } from '../notebook/route';
import type { Notebook } from '../notebook/types';
import { answeredCount, type PartState } from '../notebook/answers';
import { resolveVariant, studentSeed } from '../notebook/variants';
import { AnswerPart } from './cells/AnswerPart';
import { CellBoundary } from './cells/CellBoundary';
import { Markdown } from './Markdown';
import { useStudentId } from './hooks';
import { useAnswers } from './useAnswers';
import { VariantBar, type VariantSource } from './VariantBar';
import { SubmissionControls } from './SubmissionControls';
import { withAuthorNotes } from './author';
import { PartsMenu } from './a11y/PartsMenu';

// Lazy: the training cell brings plotting and a worker that only its notebook needs.
const TrainingCell = lazy(() => import('./cells/TrainingCell'));
// Lazy: code parts and live cells run code in workers; their views load beside the page's first paint.
const CodeCellView = lazy(() => import('./cells/CodeCellView').then((m) => ({ default: m.CodeCellView })));
const LiveCell = lazy(() => import('./cells/LiveCell').then((m) => ({ default: m.LiveCell })));
// Lazy: a widget's attributes are expressions (the expression library), and each widget is its own chunk.
const WidgetCell = lazy(() => import('./cells/WidgetCell').then((m) => ({ default: m.WidgetCell })));

interface Props {
  notebook: Notebook;
  partId: string | null;
  query: Record<string, string>;
}

export function NotebookPage({ notebook: nb, partId, query }: Props) {
  const [studentId, setStudentId] = useStudentId();
  const { seed: linkSeed, original: linkOriginal, problem: seedProblem } = parseSeed(query.seed);
  const idSeed = nb.variants.perStudent && studentId ? studentSeed(nb.id, studentId, nb.variants.salt) : null;
  const seed = linkSeed ?? (linkOriginal ? null : idSeed);
  const source: VariantSource = linkSeed !== null || linkOriginal ? 'link' : idSeed !== null ? 'student' : 'original';
  const rawOverrides = useMemo(() => Object.fromEntries(Object.entries(query).filter(([k]) => k !== 'seed')), [query]);
  const variant = useMemo(() => resolveVariant(nb, seed, rawOverrides), [nb, seed, rawOverrides]);
  const overrides = useMemo(
    () => Object.fromEntries(Object.keys(rawOverrides).filter((k) => k in nb.params).map((k) => [k, variant.params[k]])),
    [rawOverrides, nb.params, variant.params],
  );
  const { record, updatePart, reset } = useAnswers(nb.id, nb.version, seed, overrides);
  const partExists = partId === null || nb.cells.some((c) => c.kind !== 'prose' && c.id === partId);
  const linkQuery = { ...(seed !== null ? { seed } : linkOriginal ? { seed: 'original' } : {}), ...overrides };
  const shownInstead = source === 'student' ? `your own variant (${seed}, drawn from your student id)` : 'the original values';
  const notices = [
    ...(seedProblem ? [`${seedProblem}; showing ${shownInstead} instead.`] : []),
    ...variant.problems.map((p) => p.message),
    ...(partExists ? [] : [`This notebook has no part "${partId}". Showing the whole notebook.`]),
  ];

  // Live cells see what the student typed, as typed.
  const answers = useMemo(() => Object.fromEntries(Object.entries(record?.parts ?? {}).map(([id, p]) => [id, p.input])), [record]);

  const [highlight, setHighlight] = useState<string | null>(null);
  useEffect(() => {
    if (!partId || !partExists || !record) return;
    const el = document.querySelector(`[data-part="${CSS.escape(partId)}"]`);
    el?.scrollIntoView({ block: 'center' });
    setHighlight(partId);
    const t = setTimeout(() => setHighlight(null), 4000);
    return () => clearTimeout(t);
  }, [partId, partExists, record]);

  const partProps = (id: string) => ({
    params: variant.params,
    state: record?.parts[id],
    highlighted: highlight === id,
    link: buildHash(nb.id, id, linkQuery),
    onChange: (patch: Partial<PartState>) => updatePart(id, patch),
  });

  return (
    <article className="notebook" data-notebook={nb.id} data-seed={seed ?? ''}>
      <h1>{nb.title}</h1>
      {nb.course && <p className="course">{nb.course}</p>}
      {notices.length > 0 && (
        <div className="banner error" role="alert" data-route-error>
          {notices.map((n) => (
            <p key={n}>{n}</p>
          ))}
        </div>
      )}
      <VariantBar
        notebook={nb}
        seed={seed}
        source={source}
        params={variant.params}
        studentId={studentId}
        answered={answeredCount(record)}
        onStudentId={setStudentId}
        onReset={reset}
        link={buildHash(nb.id, null, linkQuery)}
      />
      <SubmissionControls notebook={nb} record={record} studentId={studentId} onStudentId={setStudentId} />
      <PartsMenu notebook={nb} linkFor={(id) => buildHash(nb.id, id, linkQuery)} />
      {!record ? (
        <p className="loading">Loading your saved answers…</p>
      ) : (
        withAuthorNotes(nb, variant.params, nb.cells.map((cell, i) => {
          switch (cell.kind) {
            case 'prose':
              return <Markdown key={i} source={cell.source} params={variant.params} />;
            case 'answer':
              return (
                <CellBoundary key={cell.id} label={`part ${cell.id}`}>
                  <AnswerPart part={cell} checking={nb.checking} attempts={nb.attempts} {...partProps(cell.id)} />
                </CellBoundary>
              );
            case 'widget':
              return (
                <CellBoundary key={i} label={`widget ${cell.name}`}>
                  <Suspense fallback={<p className="loading">Loading the widget…</p>}>
                    <WidgetCell cell={cell} params={variant.params} highlighted={highlight === cell.id} />
                  </Suspense>
                </CellBoundary>
              );
            case 'live':
              return (
                <CellBoundary key={cell.id} label={`live cell ${cell.id}`}>
                  <Suspense fallback={<p className="loading">Loading the live cell…</p>}>
                    <LiveCell cell={cell} params={variant.params} answers={answers} file={nb.file} />
                  </Suspense>
                </CellBoundary>
              );
            case 'code':
              return (
                <CellBoundary key={cell.id} label={`part ${cell.id}`}>
                  <Suspense fallback={<p className="loading">Loading part {cell.id}…</p>}>
                    <CodeCellView cell={cell} usedCode={cell.uses.map((id) => ({ id, code: record.parts[id]?.input ?? '' }))} {...partProps(cell.id)} />
                  </Suspense>
                </CellBoundary>
              );
            case 'training':
              return (
                <CellBoundary key={cell.id} label={`part ${cell.id}`}>
                  <Suspense fallback={<p className="loading">Loading the training cell…</p>}>
                    <TrainingCell cell={cell} {...partProps(cell.id)} />
                  </Suspense>
                </CellBoundary>
              );
          }
        }))
      )}
    </article>
  );
}
