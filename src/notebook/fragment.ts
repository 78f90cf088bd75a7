/**
 * Notebook Markdown fragments (prose, prompts, a student's text) to a syntax tree, sanitized. It is
 * what remark-parse with remark-gfm, remark-math and remark-directive (./markdown.ts) do, called
 * through the libraries under those plugins: the page then carries only the parsing halves, not
 * unified nor the plugins' Markdown writers (~10 KB gzipped of a part link's budget).
 */
import type { Root as HastRoot } from 'hast';
import { sanitize, defaultSchema, type Schema } from 'hast-util-sanitize';
import type { Root } from 'mdast';
import { directiveFromMarkdown } from 'mdast-util-directive';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { mathFromMarkdown } from 'mdast-util-math';
import { toHast } from 'mdast-util-to-hast';
import { directive } from 'micromark-extension-directive';
import { gfm } from 'micromark-extension-gfm';
import { math } from 'micromark-extension-math';

/** A fragment has no front matter: a leading `---` there is a rule, not YAML. */
export function parseFragment(text: string): Root {
  return fromMarkdown(text, {
    extensions: [gfm(), math(), directive()],
    mdastExtensions: [gfmFromMarkdown(), mathFromMarkdown(), directiveFromMarkdown()],
  });
}

// remark-math marks math with these classes; the default schema would strip them before KaTeX runs.
const schema: Schema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    code: [['className', /^language-./, 'math-inline', 'math-display']],
    div: [...(defaultSchema.attributes?.div ?? []), ['className', 'math', 'math-display']],
    span: [...(defaultSchema.attributes?.span ?? []), ['className', 'math', 'math-inline']],
  },
};

/** Markdown to a sanitized HTML syntax tree (raw HTML is dropped, as remark-rehype does by default). */
export function fragmentToHast(text: string): HastRoot {
  return sanitize(toHast(parseFragment(text)), schema) as HastRoot;
}
