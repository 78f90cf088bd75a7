import { useMemo, useState } from 'react';
import type { Data } from 'plotly.js-dist-min';
import { drawRegressionProblem, dropoutTikhonovReport } from '../../core/dropoutTikhonov';
import { Tex } from '../Tex';
import { fmt } from './McConvergence';
import { Plot } from './Plot';
import { Slider } from './Slider';
import { attempt, num } from './widgetHelpers';
import type { WidgetProps } from './types';

function useReport(props: WidgetProps['props']) {
  const [seed, setSeed] = useState(num(props.seed, 1));
  const [n, setN] = useState(num(props.n, 10));
  const [d, setD] = useState(num(props.d, 4));
  const [p, setP] = useState(num(props.p, 0.7));
  const report = useMemo(
    () =>
      attempt(() => {
        const { X, y } = drawRegressionProblem({ n, d, seed: `dropout-weights-${seed}` });
        return dropoutTikhonovReport(X, y, p);
      }),
    [seed, n, d, p],
  );
  const controls = (
    <>
      <div className="sliders">
        <Slider label="keep probability p" name="p" value={p} min={0.05} max={0.95} step={0.05} onChange={setP} />
        <Slider label="rows n" name="n" value={n} min={1} max={20} onChange={setN} />
        <Slider label="features d" name="d" value={d} min={1} max={8} onChange={setD} />
      </div>
      <div className="widget-actions">
        <button type="button" data-action="new-problem" onClick={() => setSeed((s) => s + 1)}>
          New problem
        </button>
        <span className="muted">problem #{seed}</span>
      </div>
    </>
  );
  return { report, controls, p };
}

/**
 * Problem 2b: the minimizer w̃ of the dropout objective (4) and the minimizer w of Tikhonov (3)
 * with Γ = √((1−p)/p)·Γ̃, both from their normal equations, and the check p·w̃ = w.
 */
export default function DropoutWeightsWidget({ props }: WidgetProps) {
  const { report, controls, p } = useReport(props);
  return (
    <div className="dropout-weights">
      {controls}
      {'error' in report ? (
        <p className="cell-error" role="alert">
          {report.error}
        </p>
      ) : (
        <>
          <p>
            Dropout: <Tex tex="(p\,X^\top X + (1-p)\,\tilde\Gamma^2)\,\tilde w = X^\top y" />. Tikhonov:{' '}
            <Tex tex="(X^\top X + \Gamma^2)\, w = X^\top y" /> with <Tex tex={`\\Gamma = \\sqrt{(1-p)/p}\\,\\tilde\\Gamma = ${fmt(Math.sqrt((1 - p) / p), 4)}\\,\\tilde\\Gamma`} />.
          </p>
          <table className="numbers" data-weights-table>
            <thead>
              <tr>
                <th>j</th>
                <th>
                  <Tex tex="\tilde w_j" /> (dropout)
                </th>
                <th>
                  <Tex tex="p\,\tilde w_j" />
                  <span className="sr-only"> (p times the dropout weight)</span>
                </th>
                <th>
                  <Tex tex="w_j" /> (Tikhonov)
                </th>
              </tr>
            </thead>
            <tbody>
              {report.wDropout.map((v, j) => (
                <tr key={j}>
                  <td>{j + 1}</td>
                  <td className="num">{fmt(v)}</td>
                  <td className="num">{fmt(report.pTimesWDropout[j])}</td>
                  <td className="num">{fmt(report.wTikhonov[j])}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p data-weights-diff={report.maxDiffScaledDropoutVsTikhonov}>
            <Tex tex="\max_j |p\,\tilde w_j - w_j|" /> = {report.maxDiffScaledDropoutVsTikhonov.toExponential(1)}:{' '}
            {report.maxDiffScaledDropoutVsTikhonov <= 1e-9 * Math.max(1, ...report.wTikhonov.map(Math.abs))
              ? 'the same weights up to rounding.'
              : 'they differ (this should not happen).'}
          </p>
          {report.notes.map((note) => (
            <p key={note} className="note">
              {note}
            </p>
          ))}
        </>
      )}
    </div>
  );
}

/** Problem 2d: column norms of X and of X̃ = XΓ⁻¹ side by side; the latter all equal √(p/(1−p)). */
export function ColumnNormsWidget({ props }: WidgetProps) {
  const { report, controls } = useReport(props);
  const data = useMemo<Data[]>(() => {
    if ('error' in report) return [];
    const xs = report.colNormsX.map((_, j) => `column ${j + 1}`);
    return [
      { x: xs, y: report.colNormsX, type: 'bar', name: '‖X_:j‖', marker: { color: '#94a3b8' } },
      { x: xs, y: report.colNormsXtilde, type: 'bar', name: '‖X̃_:j‖', marker: { color: '#1a56db' } },
    ];
  }, [report]);
  const layout = useMemo(() => ({ barmode: 'group' as const, yaxis: { title: { text: 'column norm' } }, legend: { orientation: 'h' as const, y: 1.15 } }), []);
  return (
    <div className="column-norms">
      {controls}
      {'error' in report ? (
        <p className="cell-error" role="alert">
          {report.error}
        </p>
      ) : (
        <>
          <table className="numbers" data-norms-table>
            <thead>
              <tr>
                <th>j</th>
                <th>
                  <Tex tex="\|X_{:j}\|" />
                  <span className="sr-only"> (norm of column j)</span>
                </th>
                <th>
                  <Tex tex="\Gamma_{jj}" />
                  <span className="sr-only"> (Gamma j j)</span>
                </th>
                <th>
                  <Tex tex="\|\tilde X_{:j}\|" />
                  <span className="sr-only"> (norm of the scaled column j)</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {report.colNormsX.map((v, j) => (
                <tr key={j}>
                  <td>{j + 1}</td>
                  <td className="num">{fmt(v)}</td>
                  <td className="num">{fmt(report.gamma[j])}</td>
                  <td className="num" data-xtilde-norm={report.colNormsXtilde[j]}>
                    {fmt(report.colNormsXtilde[j])}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p data-expected-norm={report.expectedColNormXtilde}>
            <Tex tex={`\\sqrt{p/(1-p)} = ${fmt(report.expectedColNormXtilde)}`} />: every nonzero column of <Tex tex="\tilde X" /> has this
            norm, however different the columns of <Tex tex="X" /> are.
          </p>
          {report.notes.map((note) => (
            <p key={note} className="note">
              {note}
            </p>
          ))}
          <Plot data={data} layout={layout} height={260} />
        </>
      )}
    </div>
  );
}
