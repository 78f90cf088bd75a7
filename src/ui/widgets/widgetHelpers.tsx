import { errorMessage } from '../../core/errorMessage';
import { bmatrixTex, Tex } from '../Tex';

/** A numeric widget prop, or the fallback when the notebook left it out or gave text. */
export function num(v: number | string | undefined, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

export { errorMessage };

/** Runs a core computation; what it throws (bad parameters, say) becomes the message the widget shows. */
export function attempt<T>(compute: () => T): T | { error: string } {
  try {
    return compute();
  } catch (e) {
    return { error: errorMessage(e) };
  }
}

/** Thousands separators and at most 3 decimals (toLocaleString's default): 1,234,567.5. */
export const thousands = (n: number) => n.toLocaleString('en-US');

export const SAMPLE_COUNTS = [100, 300, 1000, 3000, 10000, 30000, 100000];

/** Number of Monte Carlo samples, on a roughly log scale. */
export function SampleSelect({ value, onChange }: { value: number; onChange: (v: number) => void }) {
  return (
    <label className="slider">
      <span className="slider-label">samples</span>
      <select data-samples value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {SAMPLE_COUNTS.map((s) => (
          <option key={s} value={s}>
            {thousands(s)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A small matrix typeset with KaTeX, entries to 3 decimals. */
export function MatrixTex({ label, rows }: { label: string; rows: readonly (readonly number[])[] }) {
  return <Tex className="matrix-tex" tex={`${label} = ${bmatrixTex(rows.map((r) => r.map((v) => (Object.is(v, -0) ? 0 : v).toFixed(3))))}`} />;
}

/** "New problem" for the regression verifiers: draws another random X, y, w of n×d. */
export function NewRegressionProblem({ seed, n, d, onNew }: { seed: number; n: number; d: number; onNew: () => void }) {
  return (
    <div className="widget-actions">
      <button type="button" data-action="new-problem" onClick={onNew}>
        New problem
      </button>
      <span className="muted">
        problem #{seed}: random <Tex tex={`X\\in\\mathbb{R}^{${n}\\times ${d}}`} />, <Tex tex="y" />, <Tex tex="w" />
      </span>
    </div>
  );
}
