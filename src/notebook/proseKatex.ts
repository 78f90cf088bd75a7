/** Prose to an HTML syntax tree with its math typeset by KaTeX (HTML and MathML), for files and tests. */
import type { Root as HastRoot } from 'hast';
import rehypeKatex from 'rehype-katex';
import { unified } from 'unified';
import { proseTree } from './prose';
import { fillTemplate } from './templates';
import type { ParamValues } from './types';

const typeset = unified().use(rehypeKatex, { throwOnError: false, strict: false });

/** `templates: false` is for a student's own text, which has no templates: it is shown as typed. */
export function proseToHast(source: string, params: ParamValues, { templates = true }: { templates?: boolean } = {}): HastRoot {
  return typeset.runSync(proseTree(templates ? fillTemplate(source, params) : source)) as HastRoot;
}
