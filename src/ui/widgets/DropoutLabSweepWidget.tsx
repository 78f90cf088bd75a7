import { useEffect, useMemo, useState } from 'react';
import type { Data, Layout } from 'plotly.js-dist-min';
import { dropoutSweep, type SweepResult } from './dropoutLabRuns';
import { fmt } from './McConvergence';
import { Plot } from './Plot';
import { errorMessage } from './widgetHelpers';
import type { WidgetProps } from './types';

const W_COLORS = ['#1a56db', '#d97706'];

/**
 * Problem 6 (g): SGD with dropout (1,024 masks per step, 10,000 steps, tail-averaged) at 18 drop
 * rates, plotted over the closed form w1 = 1.1(1−p)/(2−p), w2 = 10·w1, with the p → 0⁺ limit
 * (0.55, 5.5) and the p = 0 answer (1.089, 0.109) marked at p = 0 to show the jump.
 */
export default function DropoutLabSweepWidget(_: WidgetProps) {
  const [seed, setSeed] = useState(0);
  const [sweep, setSweep] = useState<SweepResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(true);

  useEffect(() => {
    setRunning(true);
    // A tick first, so "Running…" paints before the ~0.1 s simulation.
    const id = window.setTimeout(() => {
      try {
        setSweep(dropoutSweep({ seed }));
        setError(null);
      } catch (e) {
        setError(`The sweep failed: ${errorMessage(e)}`);
      } finally {
        setRunning(false);
      }
    }, 20);
    return () => window.clearTimeout(id);
  }, [seed]);

  const plot = useMemo(() => {
    if (!sweep) return null;
    const data: Data[] = [];
    for (let i = 0; i < 2; i++) {
      data.push({
        x: sweep.curve.p,
        y: sweep.curve.w.map((w) => w[i]),
        type: 'scatter',
        mode: 'lines',
        name: `w${i + 1} closed form`,
        line: { color: W_COLORS[i], width: 2 },
      });
      data.push({
        x: sweep.rates,
        y: sweep.empirical.map((w) => w[i]),
        type: 'scatter',
        mode: 'markers',
        name: `w${i + 1} simulated`,
        marker: { color: W_COLORS[i], size: 8, symbol: 'circle-open', line: { width: 2 } },
      });
    }
    data.push({
      x: [0, 0],
      y: sweep.limitAtZero,
      type: 'scatter',
      mode: 'text+markers',
      name: 'limit p → 0⁺',
      text: sweep.limitAtZero.map((v, i) => `w${i + 1} → ${fmt(v, 3)}`),
      textposition: 'middle right',
      marker: { color: '#6b7280', size: 11, symbol: 'diamond-open', line: { width: 2 } },
    });
    data.push({
      x: [0, 0],
      y: sweep.atZero,
      type: 'scatter',
      mode: 'text+markers',
      name: 'p = 0 (no dropout)',
      text: sweep.atZero.map((v, i) => `w${i + 1} = ${fmt(v, 4)}`),
      textposition: 'middle right',
      marker: { color: '#dc2626', size: 11, symbol: 'x' },
    });
    const layout: Partial<Layout> = {
      xaxis: { title: { text: 'drop rate p' }, range: [-0.03, 0.93] },
      yaxis: { title: { text: 'weight' } },
      legend: { orientation: 'h', y: -0.2 },
    };
    return { data, layout };
  }, [sweep]);

  const maxRelErr = sweep ? sweep.maxRelError : NaN;

  return (
    <div className="dropout-lab-sweep">
      <div className="widget-actions">
        <button type="button" data-action="run" onClick={() => setSeed((s) => s + 1)} disabled={running}>
          {running ? 'Running…' : 'Run again with new masks'}
        </button>
        <span className="muted">
          mask seed {seed}; each rate: 10,000 SGD steps of 1,024 masks, step (1−p)/202, weights averaged over the last 2,000
        </span>
      </div>
      {error && (
        <p className="cell-error" role="alert">
          {error}
        </p>
      )}
      {sweep && plot && (
        <>
          <Plot data={plot.data} layout={plot.layout} height={420} />
          <p data-sweep-error={maxRelErr}>
            Largest relative gap between a simulated point and the closed form: <b>{(100 * maxRelErr).toFixed(2)}%</b>{' '}
            {maxRelErr < 0.01 ? '(within the 1% this lab promises).' : '(more than 1%: this should not happen).'}
          </p>
          <details>
            <summary>All numbers</summary>
            <table className="numbers" data-sweep-table>
              <thead>
                <tr>
                  <th>p</th>
                  <th>w₁ simulated</th>
                  <th>w₁ = 1.1(1−p)/(2−p)</th>
                  <th>w₂ simulated</th>
                  <th>w₂ = 10·w₁</th>
                </tr>
              </thead>
              <tbody>
                {sweep.rates.map((p, k) => (
                  <tr key={p} data-rate={p} data-w1={sweep.empirical[k][0]} data-w1-closed={sweep.analytic[k][0]} data-w2={sweep.empirical[k][1]} data-w2-closed={sweep.analytic[k][1]}>
                    <td className="num">{p.toFixed(2)}</td>
                    <td className="num">{fmt(sweep.empirical[k][0], 4)}</td>
                    <td className="num">{fmt(sweep.analytic[k][0], 4)}</td>
                    <td className="num">{fmt(sweep.empirical[k][1], 4)}</td>
                    <td className="num">{fmt(sweep.analytic[k][1], 4)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </div>
  );
}
