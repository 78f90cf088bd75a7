import { math, normalizeMathText, parseExpression, evaluateNode } from '../core/safeMath';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * Read a student's number: `70144`, `70,144`, `7.0144e4`, or a constant expression such as
 * `11/101` or `sqrt(2)`. A comma is accepted only as a thousands separator, so that `1,5`
 * (a European decimal) is rejected instead of silently read as 15.
 */
export function parseNumberInput(raw: string): Parsed<number> {
  const text = normalizeMathText(raw).replace(/\s+/g, '');
  if (text === '') return { ok: false, message: 'Type a number first.' };
  let plain = text;
  if (text.includes(',')) {
    if (!THOUSANDS.test(text)) {
      return {
        ok: false,
        message: `"${raw.trim()}" is not a number: use a point for decimals and commas only between groups of three digits (70,144).`,
      };
    }
    plain = text.replace(/,/g, '');
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(plain)) {
    return { ok: true, value: Number(plain) };
  }
  return parseConstantExpression(plain, raw);
}

function parseConstantExpression(text: string, raw: string): Parsed<number> {
  let node;
  try {
    node = parseExpression(text);
  } catch (e) {
    return { ok: false, message: `"${raw.trim()}" is not a number (${(e as Error).message}).` };
  }
  // "1e" or "2pi" read as products would hide a typo; a number answer spells out its operators.
  if (node.filter((n) => (n as { implicit?: boolean }).implicit === true).length > 0) {
    return { ok: false, message: `"${raw.trim()}" is not a number: write every operator (2*pi, not 2pi).` };
  }
  const symbols = node.filter((n) => (n as { isSymbolNode?: boolean }).isSymbolNode === true);
  for (const s of symbols) {
    const name = (s as unknown as { name: string }).name;
    const isFunctionName = node.filter(
      (n) => (n as { isFunctionNode?: boolean }).isFunctionNode === true && (n as unknown as { fn: { name: string } }).fn.name === name,
    ).length > 0;
    if (!isFunctionName && name !== 'pi' && name !== 'e') {
      return { ok: false, message: `"${raw.trim()}" contains the name "${name}": a number answer takes only numbers.` };
    }
  }
  try {
    const value = evaluateNode(node, {});
    if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, value };
  } catch (e) {
    return { ok: false, message: `"${raw.trim()}" could not be computed: ${(e as Error).message}.` };
  }
  return { ok: false, message: `"${raw.trim()}" is not a finite number.` };
}

/** Shown in feedback; keeps integers exact and trims float noise. */
export function formatNumber(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return x.toLocaleString('en-US');
  return math.format(x, { precision: 6 });
}
