/** The Markdown dialect of notebook files: CommonMark + GFM + $math$ + :::directives + YAML front matter. */
import remarkDirective from 'remark-directive';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Root } from 'mdast';

const fileProcessor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkMath).use(remarkDirective);

export function parseMarkdown(text: string): Root {
  return fileProcessor.parse(text) as Root;
}

// Fragments (prose, prompts) are parsed by ./fragment.ts, which the page loads without unified.
export { parseFragment } from './fragment';
