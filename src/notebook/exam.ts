/**
 * Exam notebooks (`checking: after-submission` in the front matter): the copy students get holds no
 * key, no reference answer and nothing else the page could check with. `stripExamKeys` makes that
 * copy from the instructor's file; the build runs it on every bundled notebook (a Vite plugin, so
 * the keys never reach the student's JavaScript), and `parseNotebook` hashes the stripped text, so
 * the instructor's full file and the students' copy carry the same content hash and the grader can
 * grade with the full one.
 */
import type { ContainerDirective } from 'mdast-util-directive';
import type { RootContent } from 'mdast';
import { parse as parseYaml } from 'yaml';
import { parseMarkdown } from './markdown';

/** Attributes that give the answer away. */
const SECRET_ATTRIBUTES = new Set(['key']);

/** The file's front matter says its parts are graded only after submission. */
export function isExamSource(text: string): boolean {
  const yamlNode = parseMarkdown(text).children.find((n) => n.type === 'yaml');
  if (!yamlNode || yamlNode.type !== 'yaml') return false;
  try {
    const data = parseYaml(yamlNode.value) as { checking?: unknown } | null;
    return data?.checking === 'after-submission';
  } catch {
    return false;
  }
}

/** `{#1a kind="number" points="2"}`, values quoted so any text survives (remark decodes &quot;). */
function attributeBlock(attrs: Record<string, string | null | undefined>): string {
  const parts: string[] = [];
  if (attrs.id) parts.push(`#${attrs.id}`);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'id' || SECRET_ATTRIBUTES.has(name)) continue;
    parts.push(value === null || value === undefined || value === '' ? name : `${name}="${value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`);
  }
  return `{${parts.join(' ')}}`;
}

interface Edit {
  from: number;
  to: number;
  text: string;
}

function answerEdits(text: string, node: ContainerDirective): Edit[] {
  const start = node.position?.start.offset ?? 0;
  const lineEnd = text.indexOf('\n', start);
  const openEnd = lineEnd < 0 ? text.length : lineEnd;
  const fence = /^:+/.exec(text.slice(start, openEnd))?.[0] ?? ':::';
  const attrs = { ...(node.attributes ?? {}) };
  // Whether to pick one option or several is form, not answer: the page needs it to draw the choice.
  if (attrs.kind === 'choice' && (attrs.key ?? '').split(/[\s,]+/).filter(Boolean).length > 1) attrs.multiple = '';
  const edits: Edit[] = [{ from: start, to: openEnd, text: `${fence}answer${attributeBlock(attrs)}` }];
  for (const child of (node.children ?? []) as RootContent[]) {
    if (child.type !== 'containerDirective' || child.name !== 'reference') continue;
    const from = child.position?.start.offset ?? 0;
    let to = child.position?.end.offset ?? from;
    if (text[to] === '\n') to++;
    edits.push({ from, to, text: '' });
  }
  return edits;
}

/**
 * The students' copy of an exam notebook: every answer's key and every reference block removed,
 * everything else as written. Other notebooks, and a copy already stripped, come back unchanged.
 */
export function stripExamKeys(text: string): string {
  if (!isExamSource(text)) return text;
  const edits: Edit[] = [];
  for (const node of parseMarkdown(text).children) {
    if (node.type === 'containerDirective' && node.name === 'answer') edits.push(...answerEdits(text, node));
    else if (node.type === 'leafDirective' && node.name === 'answer') edits.push(...answerEdits(text, node as unknown as ContainerDirective));
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}
