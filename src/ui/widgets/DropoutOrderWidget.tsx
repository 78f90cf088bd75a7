import { useEffect, useMemo, useState } from 'react';
import { ACTIVATION_INFO, compareDropoutOrder, type ActivationName } from '../../core/activationDropout';
import { Plot } from './Plot';
import { Slider } from './Slider';
import type { WidgetProps } from './types';
import { attempt, num } from './widgetHelpers';

/** Linear → dropout → σ vs linear → σ → dropout on the same inputs and masks. */
export default function DropoutOrderWidget({ props }: WidgetProps) {
  const startP = Math.min(0.9, Math.max(0.05, num(props.p, 0.5)));
  const [activation, setActivation] = useState<ActivationName>('relu');
  const [p, setP] = useState(startP);
  const [seed, setSeed] = useState(1);
  useEffect(() => setP(startP), [startP]);
  const result = useMemo(
    () => attempt(() => compareDropoutOrder({ activation, dropProb: p, seed: `dropout-order:${seed}`, samples: 100 })),
    [activation, p, seed],
  );
  const info = ACTIVATION_INFO[activation];
  return (
    <div className="dropout-order-widget">
      <div className="sliders">
        <label className="slider">
          <span className="slider-label">activation σ</span>
          <select data-input="activation" value={activation} onChange={(e) => setActivation(e.target.value as ActivationName)}>
            {(Object.keys(ACTIVATION_INFO) as ActivationName[]).map((a) => (
              <option key={a} value={a}>
                {ACTIVATION_INFO[a].label}
              </option>
            ))}
          </select>
        </label>
        <Slider label="drop probability p" name="p" value={p} min={0.05} max={0.9} step={0.05} onChange={(v) => setP(Math.round(v * 100) / 100)} />
        <button type="button" data-action="resample" onClick={() => setSeed((s) => s + 1)}>
          New sample
        </button>
      </div>
      {'error' in result ? (
        <p className="cell-error" role="alert">
          {result.error}
        </p>
      ) : (
        <>
          <p data-result>
            Largest difference over {result.points.length} sampled units:{' '}
            <b data-value="max-diff">{result.maxAbsDiff.toPrecision(4)}</b> (mean {result.meanAbsDiff.toPrecision(3)}).{' '}
            <span className={info.ordersAgree ? 'good' : 'bad'} data-agree={info.ordersAgree}>
              {info.ordersAgree ? 'The orders agree' : 'The orders differ'}: {info.reason}.
            </span>
          </p>
          <Plot
            height={300}
            data={[
              {
                x: result.points.map((q) => q.dropoutThenActivation),
                y: result.points.map((q) => q.activationThenDropout),
                text: result.points.map((q) => (q.kept ? 'kept' : 'dropped')),
                type: 'scatter',
                mode: 'markers',
                marker: { size: 5, color: result.points.map((q) => (q.kept ? '#2563eb' : '#dc2626')) },
                name: 'sampled units (blue kept, red dropped)',
              },
            ]}
            layout={{
              xaxis: { title: { text: 'A: σ(m z / (1−p))' } },
              yaxis: { title: { text: 'B: m σ(z) / (1−p)' } },
              showlegend: false,
            }}
          />
          <p className="muted">Points on the diagonal are units where the two orders agree.</p>
        </>
      )}
    </div>
  );
}
