import { useMemo, useState } from 'react';
import { compareGradientNorms, type ResidualActivation } from '../../core/residualGradients';
import { LEGEND_ABOVE, Plot } from './Plot';
import { Slider } from './Slider';
import type { WidgetProps } from './types';
import { attempt } from './widgetHelpers';

const ACTS: ResidualActivation[] = ['relu', 'leaky_relu', 'tanh', 'sigmoid', 'identity'];
const LAYOUT = { ...LEGEND_ABOVE, xaxis: { title: { text: 'layer l (0 = input)' } }, yaxis: { title: { text: '‖∂ℓ/∂y_l‖' }, type: 'log' as const } };

/** ‖∂ℓ/∂y_l‖ through depth, with and without the identity path, on the same weights. */
export default function ResidualGradientsWidget(_: WidgetProps) {
  const [activation, setActivation] = useState<ResidualActivation>('relu');
  const [depth, setDepth] = useState(20);
  const [width, setWidth] = useState(16);
  const [scale, setScale] = useState(0.5);
  const [seed, setSeed] = useState(1);
  const r = useMemo(
    () => attempt(() => compareGradientNorms({ activation, depth, width, weightScale: scale, seed: `resgrad:${seed}` })),
    [activation, depth, width, scale, seed],
  );
  const layers = Array.from({ length: depth + 1 }, (_, i) => i);
  // A log axis cannot show exact zeros (all ReLUs dead); floor them so the line still shows.
  const floor = (v: number) => Math.max(v, 1e-30);
  return (
    <div className="resgrad-widget">
      <div className="sliders">
        <label className="slider">
          <span className="slider-label">activation σ</span>
          <select data-input="activation" value={activation} onChange={(e) => setActivation(e.target.value as ResidualActivation)}>
            {ACTS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <Slider label="blocks L" name="depth" value={depth} min={1} max={60} onChange={setDepth} />
        <Slider label="width" name="width" value={width} min={2} max={64} onChange={setWidth} />
        <Slider label="weight scale (A ~ N(0, s²/width))" name="scale" value={scale} min={0.1} max={3} step={0.1} onChange={(v) => setScale(Math.round(v * 10) / 10)} />
        <button type="button" data-action="resample" onClick={() => setSeed((s) => s + 1)}>
          New weights
        </button>
      </div>
      {'error' in r ? (
        <p className="cell-error" role="alert">
          {r.error}
        </p>
      ) : (
        <>
          <p data-result>
            Gradient norm at the input: with the identity path <b data-value="with">{r.withIdentity[0].toPrecision(3)}</b>, without{' '}
            <b data-value="without">{r.withoutIdentity[0].toPrecision(3)}</b> (at the top both are{' '}
            {r.withIdentity[depth].toPrecision(3)}).
          </p>
          <Plot
            height={300}
            data={[
              { x: layers, y: r.withIdentity.map(floor), type: 'scatter', mode: 'lines+markers', name: 'y = σ(Ay+b) + y' },
              { x: layers, y: r.withoutIdentity.map(floor), type: 'scatter', mode: 'lines+markers', name: 'y = σ(Ay+b)' },
            ]}
            layout={LAYOUT}
          />
        </>
      )}
    </div>
  );
}
