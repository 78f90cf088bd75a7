import { useMemo } from 'react';
import type { Data } from 'plotly.js-dist-min';
import { normalCoverage, type McEstimate } from '../../core/monteCarlo';
import { Tex } from '../Tex';
import { Plot } from './Plot';

/** Numbers in the widgets: 6 significant digits, no exponent for ordinary sizes. */
export function fmt(v: number, digits = 6): string {
  if (!Number.isFinite(v)) return '—';
  if (v !== 0 && (Math.abs(v) >= 1e6 || Math.abs(v) < 1e-3)) return v.toExponential(digits - 1);
  return Number(v.toPrecision(digits)).toString();
}

interface Props {
  estimate: McEstimate;
  closedForm: number;
  /** TeX of the closed form, shown before its value. */
  closedTex: string;
}

/**
 * A Monte Carlo estimate against its closed form (shared by the dropout and Gaussian-noise
 * verifiers of problems 2 and 3): the final estimate with its band, whether the closed form lies
 * inside it, and a log-x plot of the running estimate converging to the closed form.
 */
export function McConvergence({ estimate, closedForm, closedTex }: Props) {
  const inBand = closedForm >= estimate.lo && closedForm <= estimate.hi;
  const data = useMemo<Data[]>(() => {
    const xs = estimate.trace.map((t) => t.samples);
    return [
      { x: xs, y: estimate.trace.map((t) => t.hi), mode: 'lines', line: { width: 0 }, hoverinfo: 'skip', showlegend: false, type: 'scatter' },
      {
        x: xs,
        y: estimate.trace.map((t) => t.lo),
        mode: 'lines',
        line: { width: 0 },
        fill: 'tonexty',
        fillcolor: 'rgba(66, 133, 244, 0.2)',
        name: `${Math.round(normalCoverage(estimate.z) * 100)}% band`,
        type: 'scatter',
      },
      { x: xs, y: estimate.trace.map((t) => t.mean), mode: 'lines', line: { color: '#1a56db', width: 2 }, name: 'Monte Carlo estimate', type: 'scatter' },
      {
        x: [xs[0], xs[xs.length - 1]],
        y: [closedForm, closedForm],
        mode: 'lines',
        line: { color: '#c2410c', dash: 'dash', width: 2 },
        name: 'closed form',
        type: 'scatter',
      },
    ];
  }, [estimate, closedForm]);
  const layout = useMemo(
    () => ({
      xaxis: { type: 'log' as const, title: { text: 'samples' } },
      yaxis: { title: { text: 'loss' } },
      legend: { orientation: 'h' as const, y: 1.12 },
    }),
    [],
  );
  return (
    <div className="mc-convergence">
      <table className="numbers mc-numbers">
        <tbody>
          <tr>
            <td>
              Monte Carlo ({estimate.samples.toLocaleString('en-US')} samples)
            </td>
            <td className="num" data-mc-estimate={estimate.mean}>
              {fmt(estimate.mean)} ± {fmt(estimate.z * estimate.stdError, 3)}
            </td>
          </tr>
          <tr>
            <td>
              Closed form <Tex tex={closedTex} />
            </td>
            <td className="num" data-closed-form={closedForm}>
              {fmt(closedForm)}
            </td>
          </tr>
        </tbody>
      </table>
      <p className={`mc-verdict ${inBand ? 'ok' : 'off'}`} data-in-band={inBand ? 'true' : 'false'}>
        {inBand
          ? `The closed form lies inside the band [${fmt(estimate.lo)}, ${fmt(estimate.hi)}].`
          : `The closed form lies outside the band [${fmt(estimate.lo)}, ${fmt(estimate.hi)}]; about 1 draw in 20 does this by chance. Try another seed or more samples.`}
      </p>
      <Plot data={data} layout={layout} height={300} />
    </div>
  );
}
