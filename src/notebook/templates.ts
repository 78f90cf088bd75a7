/**
 * `{{expr}}` templates in a notebook's text, filled with a variant's values by the safe expression
 * library (mathjs). src/ui/Markdown.tsx fills plain `{{name}}` templates itself until this module
 * has loaded (./plainTemplates.ts).
 */
import { evaluateNode, math, parseExpressionCached } from '../core/safeMath';
import { TEMPLATE } from './plainTemplates';
import type { ParamValues } from './types';

export function formatValue(v: unknown): string {
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return String(v);
    return math.format(v, { precision: 4 });
  }
  return String(v);
}

/** `{{expr}}` → its value over the parameters; an expression that fails shows as `{{?expr}}`. */
export function fillTemplate(text: string, params: ParamValues): string {
  return text.replace(TEMPLATE, (_m, expr: string) => {
    try {
      return formatValue(evaluateNode(parseExpressionCached(expr.trim()), params));
    } catch {
      return `{{?${expr.trim()}}}`;
    }
  });
}
