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

/**
 * `text` has its `{{expr}}` templates already filled (./templates.ts, ./plainTemplates.ts): filled in
 * the source before parsing, `{{k*k}}` is never read as emphasis. A student's own text has no
 * templates and comes as typed.
 */
export function proseTree(text: string): HastRoot {
  const root: Root = parseFragment(text);
  return toHtmlTree.runSync(root) as HastRoot;
}
