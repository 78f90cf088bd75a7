/** Prose to an HTML syntax tree with its math typeset by KaTeX (HTML and MathML), for files and tests. */
import type { Root as HastRoot } from 'hast';
import rehypeKatex from 'rehype-katex';
import { unified } from 'unified';
import { proseTree } from './prose';
import type { ParamValues } from './types';

const typeset = unified().use(rehypeKatex, { throwOnError: false, strict: false });

export function proseToHast(source: string, params: ParamValues, options: { templates?: boolean } = {}): HastRoot {
  return typeset.runSync(proseTree(source, params, options)) as HastRoot;
}
