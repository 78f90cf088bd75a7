import { useEffect, useMemo, useState } from 'react';
import { closedFormVariances, fixedPointVariance, productFormulaVariances, simulateVariances } from '../../core/initVariance';
import { LEGEND_ABOVE, Plot } from './Plot';
import { Slider } from './Slider';
import type { WidgetProps } from './types';
import { attempt, num } from './widgetHelpers';

const LAYOUT = { ...LEGEND_ABOVE, xaxis: { title: { text: 'layer l' } }, yaxis: { title: { text: 'Var y_l' }, type: 'log' as const } };

/** Output variance per layer under PyTorch's default init: exact recursion, product shortcut, simulation. */
export default function InitVarianceWidget({ props }: WidgetProps) {
  const startN = num(props.n, 100);
  const [n, setN] = useState(startN);
  const [depth, setDepth] = useState(8);
  const [seed, setSeed] = useState(1);
  useEffect(() => setN(startN), [startN]);
  const r = useMemo(
    () =>
      attempt(() => {
        const widths = Array.from({ length: depth + 1 }, () => n);
        const exact = closedFormVariances({ widths });
        const product = productFormulaVariances(widths);
        // Fewer trials for wide layers keep the simulation well under a second.
        const trials = Math.max(20, Math.min(200, Math.round(20000 / n)));
        const sim = simulateVariances({ widths, seed: `init:${seed}`, trials, batch: 8 });
        return { exact, product, sim, trials };
      }),
    [n, depth, seed],
  );
  const layers = Array.from({ length: depth + 1 }, (_, i) => i);
  return (
    <div className="init-widget">
      <div className="sliders">
        <Slider label="width n" name="n" value={n} min={2} max={512} onChange={setN} />
        <Slider label="depth L" name="depth" value={depth} min={1} max={20} onChange={setDepth} />
        <button type="button" data-action="resample" onClick={() => setSeed((s) => s + 1)}>
          New networks
        </button>
      </div>
      {'error' in r ? (
        <p className="cell-error" role="alert">
          {r.error}
        </p>
      ) : (
        <>
          <table className="numbers">
            <thead>
              <tr>
                <th>Layer</th>
                <th>Exact v_l</th>
                <th>Simulated (± s.e.)</th>
                <th>Product shortcut</th>
              </tr>
            </thead>
            <tbody>
              {layers.slice(1, 5).map((l) => (
                <tr key={l} data-layer={l}>
                  <td>{l}</td>
                  <td className="num" data-value="exact">
                    {r.exact[l].toPrecision(4)}
                  </td>
                  <td className="num" data-value="sim">
                    {r.sim.variances[l].toPrecision(4)} ± {r.sim.standardErrors[l].toPrecision(2)}
                  </td>
                  <td className="num">{r.product[l].toPrecision(4)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">
            Limit for width {n}: 1/(2n) = {fixedPointVariance(n).toPrecision(4)}. Simulation: {r.trials} random networks × 8 inputs.
          </p>
          <Plot
            height={300}
            data={[
              { x: layers, y: r.exact, type: 'scatter', mode: 'lines+markers', name: 'exact recursion' },
              {
                x: layers,
                y: r.sim.variances,
                error_y: { type: 'data', array: r.sim.standardErrors.map((e) => 2 * e), visible: true },
                type: 'scatter',
                mode: 'markers',
                name: 'simulation (±2 s.e.)',
              },
              { x: layers, y: r.product, type: 'scatter', mode: 'lines', line: { dash: 'dot' }, name: 'Π (n+1)/(3n)' },
            ]}
            layout={LAYOUT}
          />
        </>
      )}
    </div>
  );
}
