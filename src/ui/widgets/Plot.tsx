import { useEffect, useRef, useState } from 'react';
import type { Config, Data, Layout } from 'plotly.js-dist-min';
import { useNearScreen } from '../useNearScreen';

interface Props {
  data: Data[];
  layout?: Partial<Layout>;
  config?: Partial<Config>;
  /** Height in pixels; the width follows the container. */
  height?: number;
  className?: string;
}

type PlotlyModule = typeof import('plotly.js-dist-min');

/** A horizontal legend above the plot, with the top margin it needs. */
export const LEGEND_ABOVE: Partial<Layout> = { legend: { orientation: 'h', x: 0, y: 1.15 }, margin: { l: 60, r: 20, t: 50, b: 50 } };

/**
 * A Plotly chart. plotly.js-dist-min (~3.5 MB) is loaded with a dynamic import the first time a
 * plot comes on screen, so pages without plots never download it. `Plotly.react` updates in place.
 */
export function Plot({ data, layout, config, height = 320, className }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [plotly, setPlotly] = useState<PlotlyModule | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Plotly is fetched and drawn only once the plot scrolls near the screen, so a long notebook with
  // many plots does not load and lay out all of them while the student reads its first problem.
  const box = useRef<HTMLDivElement>(null);
  const onScreen = useNearScreen(box, '200px');

  useEffect(() => {
    if (!onScreen) return;
    let live = true;
    import('plotly.js-dist-min')
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
    void plotly.react(el, data, { height, margin: { l: 60, r: 20, t: 30, b: 50 }, ...layout }, { responsive: true, displaylogo: false, ...config });
  }, [plotly, data, layout, config, height]);

  useEffect(() => {
    const el = ref.current;
    return () => {
      if (plotly && el) plotly.purge(el);
    };
  }, [plotly]);

  if (error) return <p className="cell-error" role="alert">{error}</p>;
  return (
    <div className={`plot${className ? ` ${className}` : ''}`} ref={box} data-plot={plotly ? 'ready' : 'loading'} style={{ minHeight: height }}>
      <div ref={ref} />
      {!plotly && <p className="loading">Loading the plot…</p>}
    </div>
  );
}
