/**
 * Prose to HTML syntax trees: parameter values filled in, raw HTML sanitized, math typeset by
 * KaTeX. The tree is framework-free so the grader's print view and tests can use it too.
 */
import type { Root as HastRoot } from 'hast';
import type { Root } from 'mdast';
import rehypeKatex from 'rehype-katex';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { parseFragment } from './markdown';
import { evaluateNode, math, parseExpression } from '../core/safeMath';
import type { ParamValues } from './types';

// remark-math marks math with these classes; the default schema would strip them before KaTeX runs.
const schema: SanitizeSchema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    code: [['className', /^language-./, 'math-inline', 'math-display']],
    div: [...(defaultSchema.attributes?.div ?? []), ['className', 'math', 'math-display']],
    span: [...(defaultSchema.attributes?.span ?? []), ['className', 'math', 'math-inline']],
  },
};

const toHtmlTree = unified().use(remarkRehype).use(rehypeSanitize, schema).use(rehypeKatex, { throwOnError: false, strict: false });

const TEMPLATE = /\{\{([^{}]+)\}\}/g;

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
      return formatValue(evaluateNode(parseExpression(expr.trim()), params));
    } catch {
      return `{{?${expr.trim()}}}`;
    }
  });
}

/**
 * Templates are filled in the source before parsing, so `{{k*k}}` is never read as emphasis.
 * `templates: false` is for a student's own text, which has no templates: it is shown as typed.
 */
export function proseToHast(source: string, params: ParamValues, { templates = true }: { templates?: boolean } = {}): HastRoot {
  const root: Root = parseFragment(templates ? fillTemplate(source, params) : source);
  return toHtmlTree.runSync(root) as HastRoot;
}
