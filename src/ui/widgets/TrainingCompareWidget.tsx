/**
 * `::widget{name=train-compare runs=bn-dropout|leak}`: trains several configurations of the
 * src/nn ConvNet on MNIST one after another (in the training worker) and overlays their curves.
 * Runs live in trainingRuns.ts, so they go on while the student reads another page.
 */
import { useMemo, useState } from 'react';
import type { Data } from 'plotly.js-dist-min';
import { COMPARE_SETS } from '../training/compareSets';
import { isBusy, sequenceRunKey, startSequence, stopSequence, useRuns, type RunRequest, type RunState } from '../training/trainingRuns';
import { mnistAssetUrl } from '../training/assetUrl';
import { BackendOptions } from '../training/BackendOptions';
import type { BackendChoice } from '../../worker/trainProtocol';
import { Plot } from './Plot';
import type { WidgetProps } from './types';

/** Legends under the plots: beside them they squeeze two plots in a row to nothing. */
const LEGEND = { orientation: 'h' as const, y: -0.4 };

/** Trailing mean over `k` steps: single-batch losses are too noisy to compare by eye. */
function smooth(v: number[], k: number): number[] {
  const out: number[] = [];
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    sum += v[i];
    if (i >= k) sum -= v[i - k];
    out.push(sum / Math.min(i + 1, k));
  }
  return out;
}

const pct = (a: number | undefined) => (a === undefined || !Number.isFinite(a) ? '—' : `${(100 * a).toFixed(1)}%`);

function runLine(s: RunState): string {
  if (s.phase === 'idle') return 'waiting';
  if (s.phase === 'error') return `failed: ${s.error}`;
  if (s.result) return `done in ${s.result.seconds.toFixed(1)} s on ${s.result.backend}${s.result.stopped ? ' (stopped)' : ''}`;
  if (s.progress) return `step ${s.progress.step} / ${s.progress.totalSteps} · loss ${s.progress.loss.toFixed(3)} · ${Math.round(s.progress.imgPerS)} images/s${s.phase === 'paused' ? ' · paused' : ''}`;
  return s.status || 'starting…';
}

export default function TrainingCompareWidget({ props }: WidgetProps) {
  const setName = String(props.runs ?? 'bn-dropout');
  const set = COMPARE_SETS[setName];
  const [steps, setSteps] = useState(String(set?.steps ?? 100));
  const [backend, setBackend] = useState<BackendChoice>('auto');
  const key = `compare:${setName}`;
  const keys = useMemo(() => (set ? set.runs.map((_, i) => sequenceRunKey(key, i)) : []), [set, key]);
  const states = useRuns(keys);

  const lossData = useMemo<Data[]>(
    () =>
      set
        ? states.flatMap((s, i) =>
            s.losses.step.length
              ? [{ x: s.losses.step, y: smooth(s.losses.loss, 10), type: 'scatter', mode: 'lines', name: set.runs[i].label, line: { color: set.runs[i].color } } as Data]
              : [],
          )
        : [],
    [states, set],
  );
  const accData = useMemo<Data[]>(
    () =>
      set
        ? states.flatMap((s, i) => {
            if (!s.evals.step.length) return [];
            const r = set.runs[i];
            const clean = { x: s.evals.step, y: s.evals.acc.map((a) => 100 * a), type: 'scatter', mode: 'lines+markers', name: set.leak ? `${r.label}: clean digits` : r.label, line: { color: r.color } } as Data;
            if (!set.leak) return [clean];
            const leaked = { x: s.evals.step, y: s.evals.leaked.map((a) => 100 * a), type: 'scatter', mode: 'lines+markers', name: `${r.label}: leaked digits`, line: { color: r.color, dash: 'dash' } } as Data;
            return [clean, leaked];
          })
        : [],
    [states, set],
  );

  if (!set) return <p className="cell-error">Unknown comparison '{setName}'; expected one of {Object.keys(COMPARE_SETS).join(', ')}.</p>;

  const busy = states.some(isBusy);
  const nSteps = Number(steps);
  const stepsOk = Number.isInteger(nSteps) && nSteps >= 1 && nSteps <= 5000;

  const run = () => {
    if (!stepsOk) return;
    const requests: RunRequest[] = set.runs.map((r) => ({
      config: { ...r.config, seed: 1 },
      batchSize: set.batchSize,
      // Enough epochs for the step cap; the cap ends the run.
      epochs: Math.min(50, Math.ceil((nSteps * set.batchSize) / 8000)),
      maxSteps: nSteps,
      evalEvery: Math.min(set.evalEvery, nSteps),
      leak: set.leak,
      backend,
      assetUrl: mnistAssetUrl(),
    }));
    void startSequence(key, requests);
  };

  const done = states.every((s) => s.phase === 'done');

  return (
    <div className="widget train-compare" data-compare={setName} data-compare-done={done ? 'true' : 'false'}>
      <h3>{set.title}</h3>
      <div className="train-controls">
        <label>
          Steps per run
          <input type="number" value={steps} min={1} max={5000} disabled={busy} onChange={(e) => setSteps(e.target.value)} data-compare-input="steps" />
        </label>
        <label>
          Backend
          <select value={backend} disabled={busy} onChange={(e) => setBackend(e.target.value as BackendChoice)} data-compare-input="backend">
            <BackendOptions />
          </select>
        </label>
        <button type="button" onClick={run} disabled={busy || !stepsOk} data-action="compare-run">
          {states.some((s) => s.phase !== 'idle') ? 'Run again' : `Train all ${set.runs.length}`}
        </button>
        <button type="button" onClick={() => stopSequence(key)} disabled={!busy} data-action="compare-stop">
          Stop
        </button>
      </div>
      {!stepsOk && <p className="cell-error" role="alert">Steps must be a whole number from 1 to 5,000.</p>}
      <p className="hint">
        Batch {set.batchSize}, the same seed and data for every run; held-out accuracy is measured on 500 digits every {set.evalEvery} steps
        {set.leak ? ', on clean digits (solid) and on digits whose corner carries their label (dashed)' : ''}.
        {set.leak && ' At the end all 2,000 held-out digits are scored clean, leaked, and with a misleading corner (a wrong label written in): there the accuracy says how often the network believes the digit over the code.'}
      </p>
      <table className="compare-table" data-compare-table>
        <thead>
          <tr>
            <th>run</th>
            <th>status</th>
            <th>final loss (mean of last 10)</th>
            <th>{set.leak ? 'clean held-out' : 'held-out accuracy'}</th>
            {set.leak && <th>leaked held-out</th>}
            {set.leak && <th title="held-out digits whose corner carries a wrong label: how often the network follows the digit">misleading corner</th>}
          </tr>
        </thead>
        <tbody>
          {set.runs.map((r, i) => {
            const s = states[i];
            const last = s.losses.loss.slice(-10);
            return (
              <tr key={r.id} data-run={r.id} data-phase={s.phase} data-test-accuracy={s.result?.testAccuracy ?? ''} data-leaked-accuracy={s.result?.leakedAccuracy ?? ''} data-misleading-accuracy={s.result?.misleadingAccuracy ?? ''}>
                <td>
                  <span className="swatch" style={{ background: r.color }} /> {r.label}
                </td>
                <td className="compare-status">{runLine(s)}</td>
                <td>{last.length ? (last.reduce((a, b) => a + b, 0) / last.length).toFixed(3) : '—'}</td>
                <td>{pct(s.result?.testAccuracy)}</td>
                {set.leak && <td>{pct(s.result?.leakedAccuracy)}</td>}
                {set.leak && <td>{pct(s.result?.misleadingAccuracy)}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
      {lossData.length > 0 && (
        <div className="train-plots">
          <Plot data={lossData} layout={{ title: { text: 'Training loss (mean of the last 10 steps)' }, xaxis: { title: { text: 'step' } }, yaxis: { title: { text: 'loss (log scale)' }, type: 'log' }, legend: LEGEND, datarevision: states.reduce((n, s) => n + s.losses.step.length, 0) }} height={320} />
          {accData.length > 0 && (
            <Plot data={accData} layout={{ title: { text: 'Held-out accuracy' }, xaxis: { title: { text: 'step' } }, yaxis: { title: { text: 'accuracy (%)' }, range: [0, 100] }, legend: LEGEND }} height={320} />
          )}
        </div>
      )}
    </div>
  );
}
