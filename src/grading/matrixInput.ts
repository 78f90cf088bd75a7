import { normalizeMathText } from '../core/safeMath';
import { quote } from './inputText';
import { parseNumberInput, type Parsed } from './numberInput';

/**
 * Rows of numbers, one row per line (or separated by `;`), entries separated by spaces or commas.
 * Brackets from pasted Python/JSON (`[[1, 2], [3, 4]]`) are accepted too. Because commas separate
 * entries here, thousands separators are not accepted inside a matrix.
 */
export function parseMatrixInput(raw: string): Parsed<number[][]> {
  // Normalised first, so full-width commas and spaces separate entries like ASCII ones.
  let text = normalizeMathText(raw);
  if (text === '') return { ok: false, message: 'Type the matrix first, one row per line.' };
  if (/[{}]/.test(text)) return { ok: false, message: `${quote(raw)} is not a matrix: type its rows as numbers, one row per line (curly braces are not read).` };
  if (text.startsWith('[')) {
    text = text.replace(/\]\s*,?\s*\[/g, '\n').replace(/[[\]]/g, '');
  }
  const lines = text.split(/\n|;/).map((l) => l.trim()).filter((l) => l !== '');
  const rows: number[][] = [];
  for (let r = 0; r < lines.length; r++) {
    const cells = lines[r].split(/[\s,]+/).filter((c) => c !== '');
    const row: number[] = [];
    for (let c = 0; c < cells.length; c++) {
      const v = parseNumberInput(cells[c]);
      if (!v.ok) return { ok: false, message: `Row ${r + 1}, entry ${c + 1}: ${v.message}` };
      row.push(v.value);
    }
    if (rows.length > 0 && row.length !== rows[0].length) {
      return { ok: false, message: `Row ${r + 1} has ${row.length} entries but row 1 has ${rows[0].length}: every row needs the same length.` };
    }
    rows.push(row);
  }
  return { ok: true, value: rows };
}

export function shapeOf(m: number[][]): [number, number] {
  return [m.length, m[0]?.length ?? 0];
}
