/** The inputs a live cell's code declared; each change goes back as a new value for the next run. */
import { useEffect, useState } from 'react';
import type { LiveControl, LiveValue } from '../../worker/liveProtocol';
import { Slider } from '../widgets/Slider';

type SliderControl = Extract<LiveControl, { kind: 'slider' }>;

/**
 * A slider with `play`: ▶ moves it one step every `play` ms up to its maximum (from the start again
 * when it is already there), so a cell can animate, e.g. the steps of an algorithm.
 */
function PlaySlider({ c, value, onChange }: { c: SliderControl; value: number; onChange: (v: number) => void }) {
  const [playing, setPlaying] = useState(false);
  useEffect(() => {
    if (!playing) return;
    if (value >= c.max) return setPlaying(false);
    const t = setTimeout(() => onChange(Math.min(c.max, value + c.step)), c.play);
    return () => clearTimeout(t);
  }, [playing, value, c.max, c.step, c.play, onChange]);
  return (
    <div className="play-slider">
      <Slider label={c.label} name={c.name} value={value} min={c.min} max={c.max} step={c.step} onChange={(v) => { setPlaying(false); onChange(v); }} />
      <button
        type="button"
        data-play={c.name}
        onClick={() => {
          if (!playing && value >= c.max) onChange(c.min);
          setPlaying((p) => !p);
        }}
      >
        {playing ? 'Pause' : '▶ Play'}
      </button>
    </div>
  );
}

interface Props {
  controls: LiveControl[];
  /** The page's values, ahead of the last run while the next one computes. */
  values: Record<string, LiveValue>;
  onChange: (name: string, value: LiveValue) => void;
}

export function LiveControls({ controls, values, onChange }: Props) {
  if (controls.length === 0) return null;
  return (
    <div className="sliders live-controls">
      {controls.map((c) => {
        const own = values[c.name];
        switch (c.kind) {
          case 'slider':
            if (c.play) return <PlaySlider key={c.name} c={c} value={typeof own === 'number' ? own : c.value} onChange={(v) => onChange(c.name, v)} />;
            return <Slider key={c.name} label={c.label} name={c.name} value={typeof own === 'number' ? own : c.value} min={c.min} max={c.max} step={c.step} onChange={(v) => onChange(c.name, v)} />;
          case 'select':
            return (
              <label key={c.name} className="slider">
                <span className="slider-label">{c.label}</span>
                <select
                  data-control={c.name}
                  value={String(own ?? c.value)}
                  onChange={(e) => onChange(c.name, c.options.find((o) => String(o.value) === e.target.value)?.value ?? e.target.value)}
                >
                  {c.options.map((o) => (
                    <option key={String(o.value)} value={String(o.value)}>
                      {o.label}
                    </option>
                  ))}
                </select>
              </label>
            );
          case 'checkbox':
            return (
              <label key={c.name} className="checkbox">
                <input type="checkbox" data-control={c.name} checked={typeof own === 'boolean' ? own : c.value} onChange={(e) => onChange(c.name, e.target.checked)} /> {c.label}
              </label>
            );
          case 'number':
            return (
              <label key={c.name} className="slider">
                <span className="slider-label">{c.label}</span>
                <input data-control={c.name} inputMode="decimal" value={typeof own === 'string' ? own : c.text} onChange={(e) => onChange(c.name, e.target.value)} />
              </label>
            );
          case 'button':
            return (
              <button key={c.name} type="button" data-control={c.name} onClick={() => onChange(c.name, (typeof own === 'number' ? own : c.value) + 1)}>
                {c.label}
              </button>
            );
        }
      })}
    </div>
  );
}
