/**
 * The templates a page can fill before the expression library (mathjs, 150 KB gzipped) has loaded:
 * `{{name}}` of a parameter with a whole-number value, which ./templates.ts would write the same
 * way. Any other template shows as `…` until then, so nothing shown is ever a wrong value.
 */
import type { ParamValues } from './types';

export const TEMPLATE = /\{\{([^{}]+)\}\}/g;

export const PENDING = '…';

export function fillPlainTemplates(text: string, params: ParamValues): string {
  return text.replace(TEMPLATE, (_m, expr: string) => {
    const v = params[expr.trim()];
    return Object.hasOwn(params, expr.trim()) && Number.isInteger(v) ? String(v) : PENDING;
  });
}
