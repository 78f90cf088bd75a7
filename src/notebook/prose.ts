/**
 * Prose to HTML syntax trees: raw HTML sanitized (./fragment.ts). Math is left as remark-math marks
 * it (`code.math-inline`, `pre > code.math-display`): the page typesets it with KaTeX once KaTeX has
 * loaded (src/ui/Markdown.tsx), and `proseToHast` (./proseKatex) typesets it in the tree for the
 * grader's files and tests. KaTeX and the expression library stay out of this module so that a part
 * link can be shown and answered before they arrive.
 */
import type { Root as HastRoot } from 'hast';
import { fragmentToHast } from './fragment';

/**
 * `text` has its `{{expr}}` templates already filled (./templates.ts, ./plainTemplates.ts): filled in
 * the source before parsing, `{{k*k}}` is never read as emphasis. A student's own text has no
 * templates and comes as typed.
 */
export function proseTree(text: string): HastRoot {
  return fragmentToHast(text);
}
