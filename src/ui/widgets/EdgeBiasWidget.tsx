import { useMemo, useState } from 'react';
import type { Data, Layout } from 'plotly.js-dist-min';
import { EDGE_TRAIN_SIZES, runEdgeExperiment, type EdgeExperimentOutcome, type EdgeExperimentSettings } from '../../nn/edgeExperiment';
import { LEGEND_ABOVE, Plot } from './Plot';
import type { WidgetProps } from './types';
import { errorMessage } from './widgetHelpers';

function FilterGrid({ w }: { w: number[] }) {
  const m = Math.max(1e-6, ...w.map(Math.abs));
  return (
    <svg viewBox="0 0 3 3" width={60} height={60} className="edge-filter" data-filter>
      {w.map((v, i) => {
        const t = v / m; // −1 … 1: blue negative, red positive
        const c = t >= 0 ? `rgb(255,${Math.round(255 * (1 - t))},${Math.round(255 * (1 - t))})` : `rgb(${Math.round(255 * (1 + t))},${Math.round(255 * (1 + t))},255)`;
        return <rect key={i} x={i % 3} y={Math.floor(i / 3)} width={1} height={1} fill={c} />;
      })}
    </svg>
  );
}

const ACCURACY_LAYOUT: Partial<Layout> = {
  ...LEGEND_ABOVE,
  xaxis: { title: { text: 'training images' }, type: 'log' },
  yaxis: { title: { text: 'held-out accuracy' }, range: [0, 1.05] },
};

/** The two plots of an outcome, built once per run (progress messages re-render the widget). */
function outcomePlots(out: EdgeExperimentOutcome) {
  const accuracy: Data[] = [
    { x: out.rows.map((r) => r.n), y: out.rows.map((r) => r.cnn), type: 'scatter', mode: 'lines+markers', name: 'CNN' },
    { x: out.rows.map((r) => r.n), y: out.rows.map((r) => r.mlp), type: 'scatter', mode: 'lines+markers', name: 'MLP' },
  ];
  const history: Data[] = [
    { x: out.history.epoch, y: out.history.trainConfidence, type: 'scatter', mode: 'lines', name: 'confidence on its training images' },
    { x: out.history.epoch, y: out.history.testConfidence, type: 'scatter', mode: 'lines', name: 'confidence on held-out images' },
    { x: out.history.epoch, y: out.history.testAccuracy, type: 'scatter', mode: 'lines', name: 'held-out accuracy', line: { dash: 'dot' } },
  ];
  const historyLayout: Partial<Layout> = {
    title: { text: `CNN trained on ${out.history.n} images, epoch by epoch` },
    xaxis: { title: { text: 'epoch' } },
    yaxis: { range: [0, 1.05] },
    legend: { orientation: 'h', x: 0, y: -0.35 },
    height: 300,
    margin: { l: 60, r: 20, t: 40, b: 70 },
  };
  return { accuracy, history, historyLayout };
}

/** Train a small CNN and an MLP on seeded edge images with growing training sets, on the page. */
export default function EdgeBiasWidget(_: WidgetProps) {
  const [s, setS] = useState<EdgeExperimentSettings>({ permute: false, pool: 'max', sobel: false, testPlace: 'same' });
  const [busy, setBusy] = useState<string | null>(null);
  const [out, setOut] = useState<EdgeExperimentOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const plots = useMemo(() => out && outcomePlots(out), [out]);
  const run = async () => {
    setError(null);
    setBusy('Loading TF.js…');
    try {
      setOut(await runEdgeExperiment(s, setBusy));
    } catch (e) {
      setError(`Training failed: ${errorMessage(e)}`);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="edge-widget">
      <div className="sliders">
        <label className="checkbox">
          <input type="checkbox" data-input="permute" checked={s.permute} onChange={(e) => setS({ ...s, permute: e.target.checked })} /> permute pixels (one fixed permutation)
        </label>
        <label className="checkbox">
          <input type="checkbox" data-input="sobel" checked={s.sobel} onChange={(e) => setS({ ...s, sobel: e.target.checked })} /> start two CNN filters as Sobel edge detectors
        </label>
        <label className="slider">
          <span className="slider-label">CNN pooling</span>
          <select data-input="pool" value={s.pool} onChange={(e) => setS({ ...s, pool: e.target.value as EdgeExperimentSettings['pool'] })}>
            <option value="max">max</option>
            <option value="avg">average</option>
          </select>
        </label>
        <label className="slider">
          <span className="slider-label">edge positions</span>
          <select data-input="place" value={s.testPlace} onChange={(e) => setS({ ...s, testPlace: e.target.value as EdgeExperimentSettings['testPlace'] })}>
            <option value="same">anywhere, in training and test</option>
            <option value="unseen">train: first half; test: second half</option>
          </select>
        </label>
        <button type="button" data-action="train" disabled={busy !== null} onClick={() => void run()}>
          {busy ? 'Training…' : 'Train both models'}
        </button>
      </div>
      {busy && (
        <p className="loading" data-progress>
          {busy}
        </p>
      )}
      {error && (
        <p className="cell-error" role="alert">
          {error}
        </p>
      )}
      {!out && !busy && !error && <p className="muted">Press the button: it trains {EDGE_TRAIN_SIZES.length * 2} small models on this page (a few seconds).</p>}
      {out && plots && (
        <>
          <table className="numbers" data-table="edge">
            <thead>
              <tr>
                <th>Training images</th>
                <th>CNN test accuracy</th>
                <th>MLP test accuracy</th>
                <th>CNN mean confidence on its training images</th>
              </tr>
            </thead>
            <tbody>
              {out.rows.map((r) => (
                <tr key={r.n} data-n={r.n}>
                  <td>{r.n}</td>
                  <td className="num" data-value="cnn">
                    {(100 * r.cnn).toFixed(1)}%
                  </td>
                  <td className="num" data-value="mlp">
                    {(100 * r.mlp).toFixed(1)}%
                  </td>
                  <td className="num">{r.cnnConfidence.toFixed(3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Plot height={280} data={plots.accuracy} layout={ACCURACY_LAYOUT} />
          <Plot height={280} data={plots.history} layout={plots.historyLayout} />
          <p className="muted" data-overfit-summary>
            On {out.history.n} images the CNN's confidence on what it has seen rises from {out.history.trainConfidence[0].toFixed(2)} to{' '}
            {out.history.trainConfidence[out.history.trainConfidence.length - 1].toFixed(2)}, while its held-out accuracy ends at{' '}
            {(100 * out.history.testAccuracy[out.history.testAccuracy.length - 1]).toFixed(0)}% and its confidence on held-out images at{' '}
            {out.history.testConfidence[out.history.testConfidence.length - 1].toFixed(2)}.
          </p>
          <div className="edge-filters">
            <span className="muted">CNN first-layer filters after training on {EDGE_TRAIN_SIZES[EDGE_TRAIN_SIZES.length - 1]} images (red positive, blue negative):</span>
            {out.filters.map((w, i) => (
              <FilterGrid key={i} w={w} />
            ))}
          </div>
          <p className="muted">
            About 200 Adam steps (batch 32) per model, 300 held-out images, TF.js backend “{out.backend}”; {out.tensorsAfter} tensors alive afterwards.
          </p>
        </>
      )}
    </div>
  );
}
