import { useEffect, useState } from 'react';
import { compareConvolutions } from '../../core/convParams';
import { Tex } from '../Tex';
import { Slider } from './Slider';
import type { WidgetProps } from './types';
import { num, thousands as fmt } from './widgetHelpers';

/** Standard vs depthwise-separable convolution: parameters, multiply-adds and their ratio. */
export default function ConvParamsWidget({ props }: WidgetProps) {
  const start = { cin: num(props.cin, 3), cout: num(props.cout, 4), k: num(props.k, 3), size: num(props.size, 224) };
  const [shape, setShape] = useState(start);
  // A new variant (other params) restarts the widget from the variant's values.
  useEffect(() => setShape(start), [start.cin, start.cout, start.k, start.size]); // eslint-disable-line react-hooks/exhaustive-deps
  const c = compareConvolutions(shape);
  const set = (key: keyof typeof shape) => (v: number) => setShape((s) => ({ ...s, [key]: v }));
  const rows = [
    ['Standard convolution', c.standard, `K^2 C_{in} C_{out}`],
    ['Depthwise step', c.depthwise, `K^2 C_{in}`],
    ['Pointwise step (1×1)', c.pointwise, `C_{in} C_{out}`],
    ['Depthwise separable (total)', c.separable, `K^2 C_{in} + C_{in} C_{out}`],
  ] as const;
  return (
    <div className="conv-widget">
      <div className="sliders">
        <Slider label="Input channels C_in" name="cin" value={shape.cin} min={1} max={64} onChange={set('cin')} />
        <Slider label="Output channels C_out" name="cout" value={shape.cout} min={1} max={256} onChange={set('cout')} />
        <Slider label="Kernel size K" name="k" value={shape.k} min={1} max={11} step={2} onChange={set('k')} />
        <Slider label="Image side (pixels)" name="size" value={shape.size} min={8} max={512} step={8} onChange={set('size')} />
      </div>
      <table className="numbers">
        <thead>
          <tr>
            <th>Layer</th>
            <th>Formula</th>
            <th>Weights</th>
            <th>Multiply-adds per image</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, v, tex]) => (
            <tr key={label} data-row={label}>
              <td>{label}</td>
              <td>
                <Tex tex={tex} />
              </td>
              <td className="num" data-count>
                {fmt(v.params)}
              </td>
              <td className="num">{fmt(v.macs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="ratio" data-ratio>
        <Tex
          display
          tex={`\\frac{K^2 C_{in} + C_{in} C_{out}}{K^2 C_{in} C_{out}} = \\frac{1}{C_{out}} + \\frac{1}{K^2} = \\frac{1}{${shape.cout}} + \\frac{1}{${shape.k * shape.k}} = ${c.ratio.toFixed(4)}`}
        />
      </p>
      <p className="muted">
        The separable layer needs {(1 / c.ratio).toFixed(1)}× fewer weights and multiply-adds. Multiply-adds assume stride 1 and
        “same” padding, so every weight is used once per output pixel.
      </p>
    </div>
  );
}
