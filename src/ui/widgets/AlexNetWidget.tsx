import { useEffect, useMemo, useState } from 'react';
import { alexnetLayers, alexnetSummary } from '../../core/alexnet';
import type { WidgetProps } from './types';
import { attempt, num, thousands as fmt } from './widgetHelpers';

/** Units, weights and connections of every AlexNet layer, with or without the two-GPU split. */
export default function AlexNetWidget({ props }: WidgetProps) {
  const start = String(num(props.classes, 1000));
  const [classes, setClasses] = useState(start);
  const [split, setSplit] = useState(true);
  const [biases, setBiases] = useState(false);
  useEffect(() => setClasses(start), [start]);
  const r = useMemo(() => {
    const nc = Number(classes);
    if (!Number.isInteger(nc) || nc < 1 || nc > 1_000_000) return { error: 'The number of classes must be a whole number from 1 to 1,000,000.' };
    return attempt(() => {
      const layers = alexnetLayers({ numClasses: nc, twoGpuSplit: split });
      return { layers, summary: alexnetSummary(layers) };
    });
  }, [classes, split]);
  return (
    <div className="alexnet-widget">
      <div className="sliders">
        <label className="slider">
          <span className="slider-label">output classes</span>
          <input data-input="classes" value={classes} onChange={(e) => setClasses(e.target.value)} inputMode="numeric" />
        </label>
        <label className="checkbox">
          <input type="checkbox" data-input="split" checked={split} onChange={(e) => setSplit(e.target.checked)} /> two-GPU split (conv2, conv4, conv5
          see one GPU's maps)
        </label>
        <label className="checkbox">
          <input type="checkbox" data-input="biases" checked={biases} onChange={(e) => setBiases(e.target.checked)} /> count biases too
        </label>
      </div>
      {'error' in r ? (
        <p className="cell-error" role="alert" data-error>
          {r.error}
        </p>
      ) : (
        <>
          <table className="numbers" data-table="alexnet">
            <thead>
              <tr>
                <th>Layer</th>
                <th>Output</th>
                <th>Fan-in</th>
                <th>Units</th>
                <th>Weights</th>
                <th>Connections</th>
              </tr>
            </thead>
            <tbody>
              {r.layers.map((l) => (
                <tr key={l.name} data-layer={l.name} className={l.name === r.summary.mostWeights || l.name === r.summary.mostConnections ? 'highlight' : undefined}>
                  <td>{l.name}</td>
                  <td>{l.kind === 'conv' ? `${l.outHeight}×${l.outWidth}×${l.outChannels}` : l.units}</td>
                  <td className="num">{l.kind === 'conv' ? `${l.kernel}²·${l.inChannelsPerKernel} = ${fmt(l.fanIn)}` : fmt(l.fanIn)}</td>
                  <td className="num">{fmt(l.units)}</td>
                  <td className="num" data-value="weights">
                    {fmt(biases ? l.weightsWithBiases : l.weights)}
                  </td>
                  <td className="num">{fmt(biases ? l.connectionsWithBiases : l.connections)}</td>
                </tr>
              ))}
              <tr className="total">
                <td>Total</td>
                <td />
                <td />
                <td className="num">{fmt(r.summary.units)}</td>
                <td className="num">{fmt(biases ? r.summary.weightsWithBiases : r.summary.weights)}</td>
                <td className="num">{fmt(biases ? r.summary.connectionsWithBiases : r.summary.connections)}</td>
              </tr>
            </tbody>
          </table>
          <p data-summary>
            Most weights: <b>{r.summary.mostWeights}</b> (the fully connected layers hold {(100 * r.summary.fcWeightShare).toFixed(1)}% of all
            weights). Most connections: <b>{r.summary.mostConnections}</b> (the conv layers make {(100 * r.summary.convConnectionShare).toFixed(1)}%
            of all connections).
          </p>
          <p className="muted">
            Inputs are 227×227 (what 55×55 conv1 outputs need). The paper's caption lists 253,440 units for conv1; the stated architecture
            gives 290,400.
          </p>
        </>
      )}
    </div>
  );
}
