import { useState } from 'react';
import type { Data, Layout } from 'plotly.js-dist-min';

/** At most this many rows per trace: a text alternative to read, not a data dump. */
const MAX_ROWS = 200;

type XY = { name: string; x: unknown[]; y: unknown[] };

function traces(data: Data[]): XY[] {
  return data.flatMap((d, i) => {
    const t = d as { name?: string; type?: string; x?: ArrayLike<unknown>; y?: ArrayLike<unknown> };
    // A contour's or heatmap's x and y are its grid, not the data: a pair table would mislead.
    if (t.type === 'contour' || t.type === 'heatmap' || !t.y || typeof t.y !== 'object') return [];
    const y = Array.from(t.y);
    const x = t.x && typeof t.x === 'object' ? Array.from(t.x) : y.map((_, k) => k);
    return [{ name: t.name ?? `series ${i + 1}`, x, y }];
  });
}

const cell = (v: unknown) => (typeof v === 'number' ? String(Number(v.toPrecision(6))) : String(v ?? ''));

function axisTitle(layout: Partial<Layout> | undefined, axis: 'xaxis' | 'yaxis'): string | undefined {
  const t = layout?.[axis]?.title;
  return typeof t === 'string' ? t : t?.text;
}

/** A plot's numbers as tables, on demand: the text alternative for screen readers and for print-less reading. */
export function PlotTable({ data, layout }: { data: Data[]; layout?: Partial<Layout> }) {
  const [open, setOpen] = useState(false);
  const series = traces(data);
  if (series.length === 0) return null;
  const xName = axisTitle(layout, 'xaxis') ?? 'x';
  const yName = axisTitle(layout, 'yaxis') ?? 'y';
  return (
    <details className="plot-table" onToggle={(e) => setOpen(e.currentTarget.open)} data-plot-table>
      <summary>Data as a table</summary>
      {open &&
        series.map((s, i) => (
          <div className="scroll-box" role="region" aria-label={`data of ${s.name}`} tabIndex={0} key={i}>
            <table className="numbers">
              <caption>
                {s.name}
                {s.x.length > MAX_ROWS ? ` (first ${MAX_ROWS} of ${s.x.length} points)` : ''}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{xName}</th>
                  <th scope="col">{yName}</th>
                </tr>
              </thead>
              <tbody>
                {s.x.slice(0, MAX_ROWS).map((x, k) => (
                  <tr key={k}>
                    <td className="num">{cell(x)}</td>
                    <td className="num">{cell(s.y[k])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </details>
  );
}
