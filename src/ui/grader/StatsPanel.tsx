import { useEffect, useMemo, useRef, useState } from 'react';
import { allWrongAnswerGroups, partStatistics, type PartStats } from '../../grading/analytics';
import type { AnswerDecision } from '../../grading/decisions';
import type { GradedSubmission, ManualGrades } from '../../grading/regrade';
import type { Submission } from '../../grading/submission';
import { answerParts, type Notebook } from '../../notebook/types';
import { Plot } from '../widgets/Plot';
import { WrongAnswers } from './WrongAnswers';
import { timed } from './perfMarks';

interface Props {
  nb: Notebook;
  graded: GradedSubmission[];
  manual: ManualGrades;
  submissions: Map<string, Submission>;
  decisions: AnswerDecision[];
  onAccept: (d: AnswerDecision) => void;
  onRemove: (d: AnswerDecision) => void;
}

const pct = (x: number | null) => (x === null ? '–' : `${Math.round(100 * x)}%`);

/** Points of one part as bars: how many students scored each value. */
function Histogram({ s }: { s: PartStats }) {
  const data = useMemo(() => {
    const counts = new Map<number, number>();
    for (const p of s.points) counts.set(p, (counts.get(p) ?? 0) + 1);
    const xs = [...counts.keys()].sort((a, b) => a - b);
    return [{ type: 'bar' as const, x: xs, y: xs.map((x) => counts.get(x)!), marker: { color: '#3b6fd8' }, hovertemplate: '%{y} students scored %{x}<extra></extra>' }];
  }, [s]);
  const layout = useMemo(() => ({ xaxis: { title: { text: `points of ${s.max}` }, range: [-0.5, s.max + 0.5] as [number, number] }, yaxis: { title: { text: 'students' } }, bargap: 0.2 }), [s]);
  return <Plot data={data} layout={layout} height={240} />;
}

/** Statistics per part, the class's mean per part as a chart, and for a chosen part its histogram and wrong answers. */
export function StatsPanel({ nb, graded, manual, submissions, decisions, onAccept, onRemove }: Props) {
  const stats = useMemo(() => timed('statistics', () => partStatistics(nb, graded, manual, submissions)), [nb, graded, manual, submissions]);
  const [chosen, setChosen] = useState<string | null>(null);
  const current = stats.find((s) => s.partId === chosen) ?? null;
  // The chosen part's details open below the table: bring them into view.
  const details = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (chosen) details.current?.scrollIntoView?.({ block: 'nearest' });
  }, [chosen]);
  const answerPart = current ? answerParts(nb).find((p) => p.id === current.partId) : undefined;
  // Every part's groups at once: about 60 ms for 200 submissions of hw1 (29 parts) here.
  const allGroups = useMemo(() => timed('groups', () => allWrongAnswerGroups(nb, graded)), [nb, graded]);
  const groups = (current && allGroups.get(current.partId)) ?? [];
  const overview = useMemo(
    () => [
      { type: 'bar' as const, name: 'mean', x: stats.map((s) => s.partId), y: stats.map((s) => (s.mean === null || s.max === 0 ? null : (100 * s.mean) / s.max)), marker: { color: '#3b6fd8' } },
      { type: 'bar' as const, name: 'fully right', x: stats.map((s) => s.partId), y: stats.map((s) => (s.fullShare === null ? null : 100 * s.fullShare)), marker: { color: '#2f9e57' } },
    ],
    [stats],
  );
  const overviewLayout = useMemo(() => ({ barmode: 'group' as const, yaxis: { title: { text: '% of the class' }, range: [0, 100] as [number, number] }, xaxis: { type: 'category' as const }, legend: { orientation: 'h' as const, y: 1.15 } }), []);

  return (
    <details className="stats-panel" open data-stats-panel>
      <summary>
        <h2>Statistics per part</h2>
      </summary>
      <Plot data={overview} layout={overviewLayout} height={260} />
      <div className="stats-table-wrap">
        <table className="stats-table" data-stats-table>
          <thead>
            <tr>
              <th>Part</th>
              <th className="num">Mean</th>
              <th className="num">Fully right</th>
              <th className="num">Answered</th>
              <th className="num" title="Median minutes from a student's first answer to this part to their final one">First → final</th>
              <th title="The most common wrong answer, the check that fails most, or how many are left to grade">Most common</th>
            </tr>
          </thead>
          <tbody>
            {stats.map((s) => {
              const top = s.failingChecks?.[0];
              const wrong = allGroups.get(s.partId)?.[0];
              return (
                <tr key={s.partId} className={s.partId === chosen ? 'chosen' : undefined} data-stats-row={s.partId}>
                  <td>
                    <button type="button" className="link-button" onClick={() => setChosen(s.partId === chosen ? null : s.partId)} aria-expanded={s.partId === chosen} data-action="show-part-stats">
                      {s.partId}
                    </button>{' '}
                    <span className="muted">{s.kind}</span>
                    {s.kind !== 'code' && (
                      <>
                        {' '}
                        <a href={`#/grade?${new URLSearchParams({ nb: nb.id, part: s.partId })}`} className="grade-by-part" title="Grade this part for every student in a row" data-action="grade-by-part">
                          grade by part
                        </a>
                      </>
                    )}
                  </td>
                  <td className="num" data-stat-mean>
                    {s.mean ?? '–'} <span className="muted">/ {s.max}</span>
                  </td>
                  <td className="num" data-stat-full>
                    {pct(s.fullShare)}
                  </td>
                  <td className="num">
                    {s.answered} / {s.students}
                  </td>
                  <td className="num">{s.medianMinutes === null ? '–' : `${s.medianMinutes} min`}</td>
                  <td className="muted" data-stat-note>
                    {top ? `fails: ${top.label} (${top.failed})` : wrong ? <>wrong: <code>{wrong.answer.length > 24 ? `${wrong.answer.slice(0, 24)}…` : wrong.answer}</code> × {wrong.count}</> : s.kind === 'text' && s.scored < s.students ? `${s.students - s.scored} to grade` : ''}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {current && (
        <div className="part-stats" ref={details} data-part-stats={current.partId}>
          <h3>
            Part {current.partId}: {current.scored} scored, mean {current.mean ?? '–'} / {current.max}
          </h3>
          {current.scored > 0 ? <Histogram s={current} /> : <p className="muted">No points known yet.</p>}
          {current.failingChecks && (
            <div data-failing-checks>
              <h4>Checks that fail most</h4>
              {current.failingChecks.length === 0 ? (
                <p className="muted">None failed.</p>
              ) : (
                <ol>
                  {current.failingChecks.slice(0, 8).map((f) => (
                    <li key={f.label}>
                      {f.label} <b>× {f.failed}</b>
                    </li>
                  ))}
                </ol>
              )}
            </div>
          )}
          {answerPart && answerPart.answerKind !== 'text' && (
            <>
              <h4>Wrong answers, most common first</h4>
              <WrongAnswers part={answerPart} groups={groups} decisions={decisions} onAccept={onAccept} onRemove={onRemove} />
            </>
          )}
        </div>
      )}
    </details>
  );
}
