import { useMemo } from 'react';
import { useEngine } from '../engine';
import { bmatrixTex, Tex } from '../Tex';

interface Props {
  value: string;
  /** The expected shape, so the grid starts with the right number of cells. */
  shape: [number, number] | null;
  /** Entries the last check found off, [row, column]: marked in the grid. */
  wrongEntries: [number, number][];
  placeholder: string;
  onChange: (v: string) => void;
}

function toGrid(value: string, shape: [number, number]): string[][] {
  const lines = value.split(/\n|;/);
  return Array.from({ length: shape[0] }, (_, i) => {
    const cells = (lines[i] ?? '').trim().split(/[\s,]+/).filter(Boolean);
    return Array.from({ length: shape[1] }, (_, j) => cells[j] ?? '');
  });
}

function fromGrid(grid: string[][]): string {
  return grid.map((row) => row.map((c) => c.trim() || '?').join(' ')).join('\n').replace(/^(\?\s?)+$/gm, '').trimEnd();
}

/** Six significant digits: `1/3` previews as 0.333333, not 0.3333333333333333 (the check uses the full value). */
const previewNumber = (v: number) => String(Number(v.toPrecision(6)));

/**
 * An editable grid of the expected shape, and the same matrix as text rows for pasting. The text
 * is what is saved and checked, so both views always agree.
 */
export function MatrixInput({ value, shape, wrongEntries, placeholder, onChange }: Props) {
  const engine = useEngine();
  const parsed = useMemo(() => (value.trim() && engine ? engine.parseMatrixInput(value) : null), [value, engine]);
  const wrong = new Set(wrongEntries.map(([i, j]) => `${i},${j}`));
  const grid = shape ? toGrid(value, shape) : null;
  return (
    <div className="matrix-input">
      {grid && (
        <table className="matrix-grid" aria-label="matrix entries">
          <tbody>
            {grid.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) => (
                  <td key={j} className={wrong.has(`${i},${j}`) ? 'wrong' : undefined}>
                    <input
                      aria-label={`row ${i + 1}, column ${j + 1}`}
                      aria-invalid={wrong.has(`${i},${j}`) || undefined}
                      data-wrong={wrong.has(`${i},${j}`) || undefined}
                      value={cell === '?' ? '' : cell}
                      onChange={(e) => {
                        const next = grid.map((r) => [...r]);
                        next[i][j] = e.target.value.replace(/[\s,]/g, '');
                        onChange(fromGrid(next));
                      }}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <textarea
        data-answer-input
        rows={Math.max(3, shape?.[0] ?? 3)}
        spellCheck={false}
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
      />
      <div className="preview" data-preview>
        {parsed === null ? null : parsed.ok ? (
          <Tex tex={bmatrixTex(parsed.value.map((r) => r.map(previewNumber)))} />
        ) : (
          <span className="preview-error">{parsed.message}</span>
        )}
      </div>
    </div>
  );
}
