/** What a live cell's code produced, drawn from plain data: text, Markdown, TeX, numbers, tables, plots. */
import { lazy, Suspense } from 'react';
import type { Data, Layout } from 'plotly.js-dist-min';
import type { LiveCellValue, LiveControl, LiveOutput, LiveValue } from '../../worker/liveProtocol';
import { formatNumber } from '../../worker/liveProtocol';
import { Markdown } from '../Markdown';
import { Tex } from '../Tex';
import { LiveControls } from './LiveControls';

// Plotly itself loads on demand inside Plot; this keeps even the wrapper out of pages without plots.
const Plot = lazy(() => import('../widgets/Plot').then((m) => ({ default: m.Plot })));

const attrs = (id: string | undefined) => (id ? { 'data-output': id } : {});

/** Numbers, and text that is only a number written out ("0.3355 ± 0.0017"), line up on the right. */
const NUMERIC_TEXT = /^[-+−]?[\d.,]+(e[-+]?\d+)?( ± [\d.,]+(e[-+]?\d+)?)?$/;
const isNumeric = (v: LiveCellValue) => typeof v === 'number' || (typeof v === 'string' && NUMERIC_TEXT.test(v));

/** A marked cell's classes and a `data-marks` list outside checks can select on (`[data-marks~="warn"]`). */
function cellAttrs(v: LiveCellValue, right: boolean) {
  const marks = typeof v === 'object' && v?.kind === 'cell' ? (v.marks ?? []) : [];
  const cls = [right ? 'num' : '', ...marks.map((m) => `mark-${m}`)].filter(Boolean).join(' ');
  return { className: cls || undefined, ...(typeof v === 'object' && v?.kind === 'cell' ? { 'data-marks': marks.join(' ') } : {}) };
}

function CellValue({ v }: { v: LiveCellValue }) {
  if (v === null) return <span className="muted">—</span>;
  if (typeof v === 'object' && v.kind === 'cell') {
    return (
      <>
        <span className="cell-main">
          <CellValue v={v.value} />
        </span>
        {v.sub !== undefined && <span className="cell-sub">{v.sub}</span>}
      </>
    );
  }
  if (typeof v === 'number') return <>{formatNumber(v)}</>;
  if (typeof v === 'string' || typeof v === 'boolean') return <>{String(v)}</>;
  return <Inline o={v} />;
}

function Inline({ o }: { o: Extract<LiveOutput, { kind: 'text' | 'md' | 'tex' }> }) {
  if (o.kind === 'tex') return <Tex tex={o.tex} display={o.display} />;
  if (o.kind === 'md') return <Markdown source={o.source} templates={false} className="live-md" />;
  return <>{o.text}</>;
}

function Table({ o }: { o: Extract<LiveOutput, { kind: 'table' }> }) {
  const col = (j: number) => o.header?.[j] ?? String(j);
  const cells = (row: LiveCellValue[]) =>
    row.map((v, j) => (
      <td key={j} data-col={col(j)} {...cellAttrs(v, o.align?.[j] ? o.align[j] === 'right' : isNumeric(v))}>
        <CellValue v={v} />
      </td>
    ));
  const table = (
    <table className={o.grid ? 'live-grid' : 'numbers live-table'} {...attrs(o.id)}>
      {o.header && (
        <thead>
          <tr>
            {o.header.map((h, j) => (
              <th key={j}>{h}</th>
            ))}
          </tr>
        </thead>
      )}
      <tbody>
        {o.rows.map((row, i) => (
          <tr key={i} data-row={i} className={o.highlight?.includes(i) ? 'highlight' : undefined}>
            {cells(row)}
          </tr>
        ))}
      </tbody>
      {o.footer && (
        <tfoot>
          <tr className="total">{cells(o.footer)}</tr>
        </tfoot>
      )}
    </table>
  );
  return o.summary ? (
    <details className="live-details">
      <summary>{o.summary}</summary>
      {table}
    </details>
  ) : (
    table
  );
}

interface Props {
  outputs: LiveOutput[];
  controls: LiveControl[];
  values: Record<string, LiveValue>;
  onChange: (name: string, value: LiveValue) => void;
}

type Piece = { key: string } & ({ kind: 'controls'; list: LiveControl[] } | { kind: 'output'; output: Exclude<LiveOutput, { kind: 'control' }> });

/**
 * Consecutive controls share one row, where the code declared them. Keys follow the output's id (or
 * its kind and rank), so an output that comes and goes above a plot does not make Plotly redraw it.
 */
function pieces(outputs: LiveOutput[], controls: LiveControl[]): Piece[] {
  const byName = new Map(controls.map((c) => [c.name, c]));
  const seen = new Map<string, number>();
  const rank = (kind: string) => {
    const n = seen.get(kind) ?? 0;
    seen.set(kind, n + 1);
    return `${kind}-${n}`;
  };
  const out: Piece[] = [];
  for (const o of outputs) {
    if (o.kind !== 'control') {
      out.push({ kind: 'output', output: o, key: 'id' in o && o.id ? `#${o.id}` : rank(o.kind) });
      continue;
    }
    const c = byName.get(o.name);
    if (!c) continue;
    const last = out[out.length - 1];
    if (last?.kind === 'controls') last.list.push(c);
    else out.push({ kind: 'controls', list: [c], key: `controls-${c.name}` });
  }
  return out;
}

export function LiveOutputs({ outputs, controls, values, onChange }: Props) {
  return (
    <div className="live-output">
      {pieces(outputs, controls).map((piece) => {
        if (piece.kind === 'controls') return <LiveControls key={piece.key} controls={piece.list} values={values} onChange={onChange} />;
        const o = piece.output;
        const i = piece.key;
        switch (o.kind) {
          case 'text':
            return (
              <p key={i} className={o.tone ? `live-text ${o.tone}` : 'live-text'} {...attrs(o.id)}>
                {o.text}
              </p>
            );
          case 'md':
            return (
              <div key={i} className={o.tone ? `live-text ${o.tone}` : 'live-text'} {...attrs(o.id)}>
                <Inline o={o} />
              </div>
            );
          case 'tex':
            return (
              <div key={i} className="live-tex" {...attrs(o.id)}>
                <Inline o={o} />
              </div>
            );
          case 'value':
            return (
              <p key={i} className="live-value" {...attrs(o.id)}>
                {typeof o.value === 'number' ? formatNumber(o.value) : String(o.value)}
              </p>
            );
          case 'table':
            return <Table key={i} o={o} />;
          case 'plot':
            return (
              <div key={i} {...attrs(o.id)}>
                <Suspense fallback={<p className="loading">Loading the plot…</p>}>
                  {/* The cell's own Plotly data: Plotly reads what it understands and ignores the rest. */}
                  <Plot data={o.traces as Data[]} layout={o.layout as Partial<Layout>} height={o.height} />
                </Suspense>
              </div>
            );
        }
      })}
    </div>
  );
}
