import { useMemo, useState } from 'react';
import type { Layout } from 'plotly.js-dist-min';
import { compareFitToTruth, decisionGrid, sharedVarianceParams, type VarianceMode } from '../../core/gaussianClassifier';
import { LEGEND_ABOVE, Plot, PLOT_INK } from './Plot';
import { Slider } from './Slider';
import type { WidgetProps } from './types';
import { errorMessage } from './widgetHelpers';

const GRID = { xMin: -4, xMax: 4, yMin: -4, yMax: 4, nx: 81, ny: 81 };
const fmt = (v: number) => v.toFixed(2);
const GRID_X = Array.from({ length: GRID.nx }, (_, i) => GRID.xMin + (i * (GRID.xMax - GRID.xMin)) / (GRID.nx - 1));
const GRID_Y = Array.from({ length: GRID.ny }, (_, j) => GRID.yMin + (j * (GRID.yMax - GRID.yMin)) / (GRID.ny - 1));
const LAYOUT: Partial<Layout> = {
  ...LEGEND_ABOVE,
  xaxis: { title: { text: 'x₁' }, range: [GRID.xMin, GRID.xMax] },
  yaxis: { title: { text: 'x₂' }, range: [GRID.yMin, GRID.yMax] },
};

/** The zero level set of a log-odds grid (row-major over GRID) as one contour line. */
function contour(z: number[], name: string, dash: 'solid' | 'dash', color: string) {
  const rows: number[][] = [];
  for (let j = 0; j < GRID.ny; j++) rows.push(z.slice(j * GRID.nx, (j + 1) * GRID.nx));
  return {
    type: 'contour' as const,
    x: GRID_X,
    y: GRID_Y,
    z: rows,
    name,
    showlegend: true,
    showscale: false,
    contours: { start: 0, end: 0, size: 1, coloring: 'lines' as const },
    line: { dash, width: 2.5, color },
    colorscale: [
      [0, color],
      [1, color],
    ] as [number, string][],
    hoverinfo: 'skip' as const,
  };
}

/** Sample two Gaussian classes in 2-D, fit the closed-form MLE, draw fitted and true boundaries. */
export default function GaussianClassifierWidget(_: WidgetProps) {
  const [nTrain, setNTrain] = useState(40);
  const [prior1, setPrior1] = useState(0.4);
  const [sep, setSep] = useState(1.5);
  const [v1, setV1] = useState(1);
  const [v2, setV2] = useState(0.5);
  const [mode, setMode] = useState<VarianceMode>('shared');
  const [seed, setSeed] = useState(1);
  const r = useMemo(() => {
    try {
      const truth = sharedVarianceParams(
        [1 - prior1, prior1],
        [
          [-sep / 2, -sep / 4],
          [sep / 2, sep / 4],
        ],
        [v1, v2],
      );
      const cmp = compareFitToTruth({ truth, nTrain, nTest: 2000, seed: `gauss:${seed}`, mode });
      return { truth, cmp, fitGrid: decisionGrid(cmp.fitted, GRID), trueGrid: decisionGrid(truth, GRID) };
    } catch (e) {
      // e.g. a tiny sample with no point of one class: the MLE of its mean does not exist.
      return { error: `Cannot fit: ${errorMessage(e)}. Draw more training points or a new sample.` };
    }
  }, [nTrain, prior1, sep, v1, v2, mode, seed]);
  const round = (k: number) => (v: number) => Math.round(v * k) / k;
  return (
    <div className="gauss-widget">
      <div className="sliders">
        <Slider label="training points" name="nTrain" value={nTrain} min={4} max={1000} step={2} onChange={setNTrain} />
        <Slider label="prior of class 1" name="prior1" value={prior1} min={0.1} max={0.9} step={0.05} onChange={(v) => setPrior1(round(100)(v))} />
        <Slider label="distance between means" name="sep" value={sep} min={0} max={4} step={0.25} onChange={setSep} />
        <Slider label="variance of x₁" name="v1" value={v1} min={0.1} max={3} step={0.1} onChange={(v) => setV1(round(10)(v))} />
        <Slider label="variance of x₂" name="v2" value={v2} min={0.1} max={3} step={0.1} onChange={(v) => setV2(round(10)(v))} />
        <label className="slider">
          <span className="slider-label">fitted variances</span>
          <select data-input="mode" value={mode} onChange={(e) => setMode(e.target.value as VarianceMode)}>
            <option value="shared">shared by the classes (linear boundary)</option>
            <option value="perClass">one per class (quadratic boundary)</option>
          </select>
        </label>
        <button type="button" data-action="resample" onClick={() => setSeed((s) => s + 1)}>
          New sample
        </button>
      </div>
      {'error' in r ? (
        <p className="cell-error" role="alert" data-error>
          {r.error}
        </p>
      ) : (
        <>
          <table className="numbers" data-table="fit">
            <thead>
              <tr>
                <th>
                  <span className="sr-only">values</span>
                </th>
                <th>α₁</th>
                <th>μ₀</th>
                <th>μ₁</th>
                <th>σ² (class 0)</th>
                <th>σ² (class 1)</th>
              </tr>
            </thead>
            <tbody>
              {[
                ['true', r.truth],
                ['fitted (MLE)', r.cmp.fitted],
              ].map(([label, p]) => {
                const q = p as typeof r.truth;
                return (
                  <tr key={label as string}>
                    <td>{label as string}</td>
                    <td className="num">{fmt(q.priors[1])}</td>
                    <td className="num">({q.means[0].map(fmt).join(', ')})</td>
                    <td className="num">({q.means[1].map(fmt).join(', ')})</td>
                    <td className="num">({q.variances[0].map(fmt).join(', ')})</td>
                    <td className="num">({q.variances[1].map(fmt).join(', ')})</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p data-result>
            Test accuracy on 2,000 new points: fitted <b data-value="fitted-acc">{(100 * r.cmp.testAccuracyFitted).toFixed(1)}%</b>, true
            (Bayes) classifier <b data-value="true-acc">{(100 * r.cmp.testAccuracyTrue).toFixed(1)}%</b>; they agree on{' '}
            {(100 * r.cmp.agreement).toFixed(1)}% of the points.
          </p>
          <Plot
            height={420}
            data={[
              ...[0, 1].map((k) => ({
                type: 'scatter' as const,
                mode: 'markers' as const,
                name: `class ${k}`,
                x: r.cmp.train.X.filter((_, i) => r.cmp.train.y[i] === k).map((x) => x[0]),
                y: r.cmp.train.X.filter((_, i) => r.cmp.train.y[i] === k).map((x) => x[1]),
                marker: { size: 6, color: k ? '#dc2626' : '#2563eb', opacity: 0.75 },
              })),
              contour(r.fitGrid.logOdds01, 'fitted boundary', 'solid', PLOT_INK),
              contour(r.trueGrid.logOdds01, 'true boundary', 'dash', '#16a34a'),
            ]}
            layout={LAYOUT}
          />
        </>
      )}
    </div>
  );
}
