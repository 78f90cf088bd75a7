interface Props {
  label: string;
  name: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  onChange: (v: number) => void;
}

export function Slider({ label, name, value, min, max, step = 1, onChange }: Props) {
  return (
    <label className="slider">
      <span className="slider-label">{label}</span>
      <input type="range" name={name} data-slider={name} min={min} max={max} step={step} value={value} onChange={(e) => onChange(Number(e.target.value))} />
      <output>{value}</output>
    </label>
  );
}
