/** The inputs a live cell's code declared; each change goes back as a new value for the next run. */
import type { LiveControl, LiveValue } from '../../worker/liveProtocol';
import { Slider } from '../widgets/Slider';

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
