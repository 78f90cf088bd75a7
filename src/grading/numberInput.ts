import { math, normalizeMathText, parseExpression, evaluateNode } from '../core/safeMath';
import { quote, syntaxProblem } from './inputText';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * Read a student's number: `70144`, `70,144`, `7.0144e4`, or a constant expression such as
 * `11/101`, `sqrt(2)` or `√1024`, in any script's digits (`１０８`, `١٠٨`). A comma is accepted
 * only as a thousands separator, so that `1,5` (a European decimal) is rejected instead of silently
 * read as 15. Every refusal is one sentence quoting at most a short excerpt of the input.
 */
export function parseNumberInput(raw: string): Parsed<number> {
  const text = normalizeMathText(raw).replace(/\s+/g, '');
  if (text === '') return { ok: false, message: 'Type a number first.' };
  if (/[[\]]/.test(text)) return { ok: false, message: `${quote(raw)} is not a number: this part takes a single number, not a list.` };
  let plain = text;
  if (text.includes(',')) {
    if (!THOUSANDS.test(text)) {
      return {
        ok: false,
        message: `${quote(raw)} is not a number: use a point for decimals and commas only between groups of three digits (70,144).`,
      };
    }
    plain = text.replace(/,/g, '');
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(plain)) return finite(Number(plain), plain, raw);
  return parseConstantExpression(plain, raw);
}

/**
 * Beyond about 1.8e308 a double is Infinity and below 5e-324 it is 0: either would be checked as a
 * different number than the one typed, so it is refused in words instead.
 */
function finite(value: number, literal: string, raw: string): Parsed<number> {
  if (!Number.isFinite(value)) {
    return { ok: false, message: `${quote(raw)} is too large to work with (the largest number here is about 1.8e308): check the exponent.` };
  }
  if (value === 0 && /[1-9]/.test(literal.split(/[eE]/)[0])) {
    return { ok: false, message: `${quote(raw)} is too close to zero to work with (the smallest number here is about 5e-324): check the exponent.` };
  }
  return { ok: true, value };
}

function parseConstantExpression(text: string, raw: string): Parsed<number> {
  let node;
  try {
    node = parseExpression(text);
  } catch (e) {
    return { ok: false, message: `${quote(raw)} is not a number: ${syntaxProblem(e, text)}.` };
  }
  // "1e" or "2pi" read as products would hide a typo; a number answer spells out its operators.
  if (node.filter((n) => (n as { implicit?: boolean }).implicit === true).length > 0) {
    return { ok: false, message: `${quote(raw)} is not a number: write every operator (2*pi, not 2pi).` };
  }
  const symbols = node.filter((n) => (n as { isSymbolNode?: boolean }).isSymbolNode === true);
  for (const s of symbols) {
    const name = (s as unknown as { name: string }).name;
    const isFunctionName = node.filter(
      (n) => (n as { isFunctionNode?: boolean }).isFunctionNode === true && (n as unknown as { fn: { name: string } }).fn.name === name,
    ).length > 0;
    if (!isFunctionName && name !== 'pi' && name !== 'e') {
      const what = name === text ? 'is a name' : `contains the name ${quote(name)}`;
      return { ok: false, message: `${quote(raw)} ${what}: a number answer takes only numbers.` };
    }
  }
  try {
    const value = evaluateNode(node, {});
    if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, value };
  } catch {
    return { ok: false, message: `${quote(raw)} could not be computed: check the function names and their arguments.` };
  }
  return { ok: false, message: `${quote(raw)} does not give a finite number (a division by zero, or beyond about 1.8e308?).` };
}

/** Shown in feedback; keeps integers exact and trims float noise. */
export function formatNumber(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return x.toLocaleString('en-US');
  return math.format(x, { precision: 6 });
}
