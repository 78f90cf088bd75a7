/**
 * Grader mode's class-wide tools, hooked into GraderPage in one place: accepted answer groups
 * applied to every submission, the statistics panel, the export menu, and the regrade diff shown
 * when the notebook changed since the grades were last accepted.
 */
import { useEffect, useMemo, type ReactNode } from 'react';
import { applyDecisions, pointsTable, regradeDiff, type AnswerDecision } from '../../grading/decisions';
import type { GradeRun, ParsedFile } from '../../grading/regrade';
import type { Submission } from '../../grading/submission';
import type { Notebook } from '../../notebook/types';
import { ExportMenu } from './ExportMenu';
import type { GraderWork } from './graderStore';
import { RegradeDiff } from './RegradeDiff';
import { StatsPanel } from './StatsPanel';
import { timed } from './perfMarks';

interface ClassAnalytics {
  /** The grading with accepted answers applied: what the table, totals and exports show. */
  run: GradeRun | null;
  analytics: { panel: ReactNode; exportMenu: ReactNode; regradeDiff: ReactNode };
}

const sameDecision = (a: AnswerDecision, b: AnswerDecision) => a.partId === b.partId && a.answer === b.answer && a.decidedAt === b.decidedAt;

export function useClassAnalytics(
  nb: Notebook | undefined,
  work: GraderWork | null,
  parsed: ParsedFile[] | undefined,
  rawRun: GradeRun | null,
  busy: boolean,
  update: (change: (w: GraderWork) => GraderWork) => void,
): ClassAnalytics {
  const decisions = work?.decisions;
  const run = useMemo(() => (nb && rawRun && decisions ? { ...rawRun, graded: timed('decisions', () => applyDecisions(nb, rawRun.graded, decisions)) } : rawRun), [nb, rawRun, decisions]);
  const submissions = useMemo(() => new Map<string, Submission>((parsed ?? []).flatMap((f) => (f.parsed.ok ? [[f.name, f.parsed.submission] as const] : []))), [parsed]);
  const manual = work?.manual;
  const points = useMemo(() => (run && manual ? timed('points', () => pointsTable(run.graded, manual)) : null), [run, manual]);
  const accepted = work?.accepted;
  const changed = !!(nb && accepted && accepted.contentHash !== nb.contentHash);
  const diff = useMemo(() => (changed && accepted && points ? regradeDiff(accepted.points, points) : []), [changed, accepted, points]);

  // While the notebook is the copy the grades were accepted for, the accepted points follow the
  // grader's work; once it changes they stay, so the diff shows what the change did.
  useEffect(() => {
    if (!nb || !points || busy || changed || !run?.graded.length) return;
    if (accepted && JSON.stringify(accepted.points) === JSON.stringify(points)) return;
    update((w) => ({ ...w, accepted: { contentHash: nb.contentHash, points } }));
  }, [nb, points, busy, changed, accepted, run, update]);

  if (!nb || !work || !run) return { run, analytics: { panel: null, exportMenu: null, regradeDiff: null } };
  const onAccept = (d: AnswerDecision) => update((w) => ({ ...w, decisions: [...w.decisions.filter((x) => !(x.partId === d.partId && x.answer === d.answer)), d] }));
  const onRemove = (d: AnswerDecision) => update((w) => ({ ...w, decisions: w.decisions.filter((x) => !sameDecision(x, d)) }));
  return {
    run,
    analytics: {
      panel: <StatsPanel nb={nb} graded={run.graded} manual={work.manual} submissions={submissions} decisions={work.decisions} onAccept={onAccept} onRemove={onRemove} />,
      exportMenu: <ExportMenu nb={nb} graded={run.graded} manual={work.manual} decisions={work.decisions} disabled={busy} />,
      regradeDiff: changed && !busy && points ? <RegradeDiff changes={diff} onAccept={() => update((w) => ({ ...w, accepted: { contentHash: nb.contentHash, points } }))} /> : null,
    },
  };
}
