import { useEffect, useRef, useState } from 'react';
import type { Config, Data, Layout } from 'plotly.js-dist-min';
import { useNearScreen } from '../useNearScreen';
import { useScheme, type Scheme } from '../theme';
import { PlotTable } from './PlotTable';

interface Props {
  data: Data[];
  layout?: Partial<Layout>;
  config?: Partial<Config>;
  /** Height in pixels; the width follows the container. */
  height?: number;
  className?: string;
}

type PlotlyModule = typeof import('plotly.js-cartesian-dist-min');

/** A horizontal legend above the plot, with the top margin it needs. */
export const LEGEND_ABOVE: Partial<Layout> = { legend: { orientation: 'h', x: 0, y: 1.15 }, margin: { l: 60, r: 20, t: 50, b: 50 } };

/** Colours of the page's theme as a Plotly template, so a widget's own layout still wins. */
function themeTemplate(scheme: Scheme): Partial<Layout> {
  const ink = scheme === 'dark' ? '#e4e8ef' : '#1d2330';
  const grid = scheme === 'dark' ? '#3a4352' : '#e5e9ef';
  const axis = { gridcolor: grid, zerolinecolor: grid, linecolor: grid };
  return { paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: 'rgba(0,0,0,0)', font: { color: ink }, xaxis: axis, yaxis: axis };
}

/**
 * Widgets draw "ink" lines (a fitted boundary, a reference line) in PLOT_INK; in the dark scheme
 * those become the theme's light ink, or they would vanish into the background.
 */
export const PLOT_INK = '#111827';
function inkFor(data: Data[], scheme: Scheme): Data[] {
  if (scheme === 'light') return data;
  const light = (c: unknown) => (c === PLOT_INK ? '#e4e8ef' : c);
  return data.map((d) => {
    // A contour drawn as lines takes its colour from its colorscale.
    const t = d as { line?: { color?: unknown }; marker?: { color?: unknown }; colorscale?: unknown };
    const scale = Array.isArray(t.colorscale) ? (t.colorscale as [number, unknown][]) : null;
    if (t.line?.color !== PLOT_INK && t.marker?.color !== PLOT_INK && !scale?.some(([, c]) => c === PLOT_INK)) return d;
    return {
      ...d,
      ...(t.line ? { line: { ...t.line, color: light(t.line.color) } } : {}),
      ...(t.marker ? { marker: { ...t.marker, color: light(t.marker.color) } } : {}),
      ...(scale ? { colorscale: scale.map(([v, c]) => [v, light(c)]) } : {}),
    } as Data;
  });
}

/** Plotly's toolbar adds about ten tab stops per plot: they stay out of the tab order until asked for. */
function setToolbarTabbable(el: HTMLElement, on: boolean) {
  for (const b of el.querySelectorAll<HTMLElement>('.modebar-btn')) b.tabIndex = on ? 0 : -1;
}

/**
 * A Plotly chart. Plotly's cartesian partial bundle (every trace type used here; about a third of
 * the full bundle) is loaded with a dynamic import the first time a plot comes on screen, so pages without plots never download it. `Plotly.react` updates in place.
 */
export function Plot({ data, layout, config, height = 320, className }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [plotly, setPlotly] = useState<PlotlyModule | null>(null);
  const [error, setError] = useState<string | null>(null);
  const scheme = useScheme();
  const [tools, setTools] = useState(false);

  // Plotly is fetched and drawn only once the plot scrolls near the screen, so a long notebook with
  // many plots does not load and lay out all of them while the student reads its first problem.
  const box = useRef<HTMLDivElement>(null);
  const onScreen = useNearScreen(box, '200px');

  useEffect(() => {
    if (!onScreen) return;
    let live = true;
    import('plotly.js-cartesian-dist-min')
      .then((m) => {
        // The CJS bundle arrives as the default export under Vite; fall back to the namespace.
        const mod = ((m as unknown as { default?: PlotlyModule }).default ?? m) as PlotlyModule;
        if (live) setPlotly(mod);
      })
      .catch((e: unknown) => live && setError(`The plotting library could not be loaded (${String(e)}).`));
    return () => {
      live = false;
    };
  }, [onScreen]);

  useEffect(() => {
    const el = ref.current;
    if (!plotly || !el) return;
    const template = { layout: themeTemplate(scheme) } as Layout['template'];
    void plotly
      .react(el, inkFor(data, scheme), { height, margin: { l: 60, r: 20, t: 30, b: 50 }, template, ...layout }, { responsive: true, displaylogo: false, ...config })
      .then(() => setToolbarTabbable(el, tools));
  }, [plotly, data, layout, config, height, scheme, tools]);

  useEffect(() => {
    const el = ref.current;
    return () => {
      if (plotly && el) plotly.purge(el);
    };
  }, [plotly]);

  if (error) return <p className="cell-error" role="alert">{error}</p>;
  return (
    <div className={`plot${tools ? ' tools-open' : ''}${className ? ` ${className}` : ''}`} ref={box} data-plot={plotly ? 'ready' : 'loading'}>
      <div ref={ref} style={{ minHeight: height }} />
      {!plotly && <p className="loading">Loading the plot…</p>}
      <div className="plot-extras">
        <button
          type="button"
          className="link-button"
          aria-expanded={tools}
          data-action="plot-tools"
          disabled={!plotly}
          onClick={() => {
            setTools(!tools);
            // Once the toolbar is in the tab order, put the keyboard on it.
            if (!tools) setTimeout(() => ref.current?.querySelector<HTMLElement>('.modebar-btn')?.focus(), 0);
          }}
        >
          {tools ? 'Hide plot tools' : 'Plot tools'}
        </button>
        <PlotTable data={data} layout={layout} />
      </div>
    </div>
  );
}
