/**
 * Prose to HTML syntax trees: parameter values filled in, raw HTML sanitized. Math is left as
 * remark-math marks it (`code.math-inline`, `pre > code.math-display`): the page typesets it with
 * KaTeX once KaTeX has loaded (src/ui/Markdown.tsx), and `proseToHast` (./proseKatex) typesets it
 * in the tree for the grader's files and tests. KaTeX stays out of this module so that a part link
 * can be shown and answered before KaTeX's 70 KB (gzipped) arrive.
 */
import type { Root as HastRoot } from 'hast';
import type { Root } from 'mdast';
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

const toHtmlTree = unified().use(remarkRehype).use(rehypeSanitize, schema);

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
export function proseTree(source: string, params: ParamValues, { templates = true }: { templates?: boolean } = {}): HastRoot {
  const root: Root = parseFragment(templates ? fillTemplate(source, params) : source);
  return toHtmlTree.runSync(root) as HastRoot;
}
