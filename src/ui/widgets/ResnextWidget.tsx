import { useEffect, useMemo, useState } from 'react';
import { compareBottlenecks, groupedBottleneckParams } from '../../core/resnext';
import { Slider } from './Slider';
import type { WidgetProps } from './types';
import { attempt, num, thousands as fmt } from './widgetHelpers';

/** A wide bottleneck block vs a ResNeXt block of many thin paths (no biases). */
export default function ResnextWidget({ props }: WidgetProps) {
  const ch0 = num(props.ch, 256);
  const paths0 = num(props.paths, 32);
  const start = { ch: ch0, width: Math.max(1, Math.round(ch0 / 2)), paths: paths0, pathWidth: Math.max(1, Math.round(ch0 / (2 * paths0))), k: 3 };
  const [s, setS] = useState(start);
  useEffect(() => setS(start), [start.ch, start.paths]); // eslint-disable-line react-hooks/exhaustive-deps
  const set = (key: keyof typeof s) => (v: number) => setS((o) => ({ ...o, [key]: v }));
  const r = useMemo(
    () =>
      attempt(() => {
        const shape = { inChannels: s.ch, outChannels: s.ch, kernel: s.k };
        return { c: compareBottlenecks(shape, s.width, s.paths, s.pathWidth), grouped: groupedBottleneckParams(shape, s.paths, s.pathWidth) };
      }),
    [s],
  );
  return (
    <div className="resnext-widget">
      <div className="sliders">
        <Slider label="channels in = out" name="ch" value={s.ch} min={16} max={1024} step={16} onChange={set('ch')} />
        <Slider label="wide block width" name="width" value={s.width} min={1} max={1024} onChange={set('width')} />
        <Slider label="ResNeXt paths" name="paths" value={s.paths} min={1} max={128} onChange={set('paths')} />
        <Slider label="width of each path" name="pathWidth" value={s.pathWidth} min={1} max={64} onChange={set('pathWidth')} />
        <Slider label="middle kernel" name="k" value={s.k} min={1} max={7} step={2} onChange={set('k')} />
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
                <th>Wide block layer</th>
                <th>Weights</th>
                <th>ResNeXt layer ({s.paths} paths)</th>
                <th>Weights</th>
              </tr>
            </thead>
            <tbody>
              {r.c.wide.layers.map((l, i) => (
                <tr key={l.name}>
                  <td>{l.name}</td>
                  <td className="num">{fmt(l.params)}</td>
                  <td>{r.c.resnext.layers[i]?.name}</td>
                  <td className="num">{fmt(r.c.resnext.layers[i]?.params ?? 0)}</td>
                </tr>
              ))}
              <tr className="total">
                <td>Total</td>
                <td className="num" data-value="wide">
                  {fmt(r.c.wide.total)}
                </td>
                <td />
                <td className="num" data-value="resnext">
                  {fmt(r.c.resnext.total)}
                </td>
              </tr>
            </tbody>
          </table>
          <p data-ratio>
            The ResNeXt block has <b>{(100 * r.c.ratio).toFixed(1)}%</b> of the wide block's weights. Written as one grouped
            convolution (width {s.paths * s.pathWidth}, {s.paths} groups) it has the same count: {fmt(r.grouped)}.
          </p>
        </>
      )}
    </div>
  );
}
