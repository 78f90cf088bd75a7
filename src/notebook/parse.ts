/**
 * Turns a notebook file (Markdown with front matter and directive blocks) into cells.
 * Top-level directive blocks become answer or widget cells; everything between them is prose.
 * Every error names the file and line, because the person reading it is an instructor with the
 * file open in an editor.
 */
import type { ContainerDirective, LeafDirective } from 'mdast-util-directive';
import type { Code, List, ListItem, Root, RootContent } from 'mdast';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { hashString } from '../core/rng';
import { parseMarkdown } from './markdown';
import { stripExamKeys } from './exam';
import type { AnswerCell, Cell, ChoiceOption, CodeCell, LiveCell, MatrixCredit, Notebook, ParamSpec, PartKind, RubricItem, VariableSpec, WidgetCell } from './types';

export class NotebookError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'NotebookError';
  }
}

const paramSchema = z.union([
  z.object({ choose: z.array(z.number()).min(1), default: z.number().optional(), label: z.string().optional() }).strict(),
  z.object({ range: z.tuple([z.number().int(), z.number().int()]), default: z.number().int().optional(), label: z.string().optional() }).strict(),
]);

const frontMatterSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes'),
    title: z.string().min(1),
    course: z.string().optional(),
    version: z.number().int().positive().default(1),
    params: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), paramSchema).default({}),
    variants: z.object({ perStudent: z.boolean().default(false), salt: z.string().default('') }).default({ perStudent: false, salt: '' }),
    // `after-submission`: an exam; the students' copy has no keys (exam.ts) and only the grader grades.
    checking: z.enum(['live', 'after-submission']).default('live'),
    // Practice notebooks: how many times Check may be pressed per part.
    attempts: z.number().int().positive().optional(),
    feedback: z.object({ solutions: z.boolean().default(false) }).strict().optional(),
  })
  .strict();

const PART_KINDS: PartKind[] = ['number', 'choice', 'expression', 'matrix', 'text'];
const CELL_NAMES = ['answer', 'widget', 'code', 'training', 'live'] as const;
const PART_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

type Directive = ContainerDirective | LeafDirective;

function lineOf(node: { position?: { start: { line: number } } }): number {
  return node.position?.start.line ?? 1;
}

/** The file's own text for a run of sibling nodes, so it can be re-rendered per variant. */
function sourceOf(text: string, nodes: RootContent[]): string {
  if (nodes.length === 0) return '';
  const start = nodes[0].position?.start.offset ?? 0;
  const end = nodes[nodes.length - 1].position?.end.offset ?? start;
  return text.slice(start, end);
}

function isDirective(node: RootContent): node is Directive {
  return node.type === 'containerDirective' || node.type === 'leafDirective';
}

export function parseNotebook(text: string, file: string): Notebook {
  const tree = parseMarkdown(text);
  const front = readFrontMatter(tree, file);
  checkFences(tree, text, file);
  const cells: Cell[] = [];
  let prose: RootContent[] = [];
  const flushProse = () => {
    if (prose.length) cells.push({ kind: 'prose', source: sourceOf(text, prose), line: lineOf(prose[0]) });
    prose = [];
  };
  for (const node of tree.children) {
    if (node.type === 'yaml') continue;
    if (isDirective(node)) {
      flushProse();
      cells.push(readCell(node, text, file, front.checking === 'after-submission'));
    } else {
      prose.push(node);
    }
  }
  flushProse();
  checkUniqueIds(cells, file);
  // An exam's hash is its students' copy's, so the instructor's full file grades their submissions.
  const hashed = front.checking === 'after-submission' ? stripExamKeys(text) : text;
  return { ...front, file, cells, contentHash: hashString(hashed).toString(16).padStart(8, '0') };
}

/**
 * A block that does not end on its own closing fence was closed by the fence of the block around it
 * (`:::answer` around `::::reference`: the inner `::::` closes both), and the leftover fence then
 * shows on the page as text. Both are reported where they are, rather than rendered.
 */
function checkFences(tree: Root, text: string, file: string) {
  const visit = (node: Root | RootContent, parent: string | null) => {
    if (node.type === 'containerDirective') {
      const end = node.position?.end.offset ?? 0;
      const lastLine = text.slice(text.lastIndexOf('\n', end - 1) + 1, end);
      if (!/^\s*:{3,}\s*$/.test(lastLine)) {
        const where = parent ? ` inside the :::${parent} block` : '';
        throw new NotebookError(
          file,
          lineOf(node),
          `the :::${node.name} block${where} is not closed by its own fence: a block inside another needs fewer colons than the one around it (::::answer ... :::reference ... ::: ... ::::)`,
        );
      }
    }
    if (node.type === 'paragraph') {
      const start = node.position?.start.offset ?? 0;
      const lines = text.slice(start, node.position?.end.offset ?? start).split('\n');
      const stray = lines.findIndex((l) => /^\s*:{3,}/.test(l));
      if (stray >= 0) {
        throw new NotebookError(
          file,
          lineOf(node) + stray,
          `"${lines[stray].trim().slice(0, 40)}" is not a block: check its {attributes} and that each block's closing fence has as many colons as its opening one`,
        );
      }
    }
    if ('children' in node) {
      const name = node.type === 'containerDirective' ? node.name : parent;
      for (const child of node.children as RootContent[]) visit(child, name);
    }
  };
  visit(tree, null);
}

function readFrontMatter(tree: Root, file: string) {
  const yamlNode = tree.children.find((n) => n.type === 'yaml');
  if (!yamlNode || yamlNode.type !== 'yaml') {
    throw new NotebookError(file, 1, 'the file must start with front matter between --- lines (id, title, ...)');
  }
  let data: unknown;
  try {
    data = parseYaml(yamlNode.value);
  } catch (e) {
    const linePos = (e as { linePos?: { line: number }[] }).linePos?.[0]?.line ?? 0;
    throw new NotebookError(file, lineOf(yamlNode) + linePos, `front matter is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const result = frontMatterSchema.safeParse(data ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new NotebookError(file, lineOf(yamlNode), `front matter: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  const params: Record<string, ParamSpec> = {};
  for (const [name, spec] of Object.entries(result.data.params)) {
    params[name] = normalizeParam(name, spec, file, lineOf(yamlNode));
  }
  return { ...result.data, params };
}

function normalizeParam(name: string, spec: z.infer<typeof paramSchema>, file: string, line: number): ParamSpec {
  if ('choose' in spec) {
    const def = spec.default ?? spec.choose[0];
    if (!spec.choose.includes(def)) throw new NotebookError(file, line, `param ${name}: default ${def} is not one of its choices`);
    return { choose: spec.choose, default: def, label: spec.label };
  }
  const [lo, hi] = spec.range;
  if (lo > hi) throw new NotebookError(file, line, `param ${name}: range [${lo}, ${hi}] is empty`);
  const def = spec.default ?? lo;
  if (def < lo || def > hi) throw new NotebookError(file, line, `param ${name}: default ${def} is outside [${lo}, ${hi}]`);
  return { range: [lo, hi], default: def, label: spec.label };
}

function readCell(node: Directive, text: string, file: string, exam: boolean): Cell {
  const line = lineOf(node);
  const name = node.name as (typeof CELL_NAMES)[number];
  const attrs = Object.fromEntries(Object.entries(node.attributes ?? {}).map(([k, v]) => [k, v ?? '']));
  const children = (node.type === 'containerDirective' ? node.children : []) as RootContent[];
  if (name === 'answer') return readAnswer(attrs, children, text, file, line, exam);
  // Their checks and numbers are computed on the page, so they would grade an exam before the grader.
  if (exam && (name === 'code' || name === 'widget')) throw new NotebookError(file, line, `a ${name} block cannot be part of an exam notebook (checking: after-submission): it checks or computes answers on the page`);
  if (name === 'widget') return readWidget(attrs, sourceOf(text, children), file, line);
  if (name === 'code') return readCode(attrs, sourceOf(text, children), file, line);
  if (name === 'live') return readLive(attrs, children, text, file, line);
  if (name === 'training') {
    const { id, ...defaults } = attrs;
    if (!id || !PART_ID.test(id)) throw new NotebookError(file, line, 'a training cell needs a part id, e.g. :::training{#4a}');
    return { kind: 'training', id, defaults, prompt: sourceOf(text, children), line };
  }
  throw new NotebookError(file, line, `unknown block ":::${node.name}"; known blocks are ${CELL_NAMES.map((n) => ':::' + n).join(', ')}`);
}

function readWidget(attrs: Record<string, string>, caption: string, file: string, line: number): WidgetCell {
  const { name, id, ...props } = attrs;
  if (!name) throw new NotebookError(file, line, 'a widget needs a name, e.g. :::widget{name=conv-params}');
  return { kind: 'widget', name, props, caption, line, id: id || undefined };
}

const LIVE_LANGS = ['js', 'javascript', 'ts', 'typescript'];

/** `:::live{#id timeout=2}` around one ```js (or ```ts) block; Markdown around it is the caption. */
function readLive(attrs: Record<string, string>, children: RootContent[], text: string, file: string, line: number): LiveCell {
  const { id } = attrs;
  if (!id || !PART_ID.test(id)) throw new NotebookError(file, line, 'a live cell needs an id, e.g. :::live{#ring-sim}');
  const blocks = children.filter((c) => c.type === 'code');
  if (blocks.length !== 1) throw new NotebookError(file, line, `live cell ${id}: put exactly one \`\`\`js code block inside (found ${blocks.length})`);
  const block = blocks[0] as Code;
  if (block.lang && !LIVE_LANGS.includes(block.lang)) {
    throw new NotebookError(file, lineOf(block), `live cell ${id}: the code block must be js or ts, not "${block.lang}"`);
  }
  const timeLimit = attrs.timeout === undefined ? 5 : Number(attrs.timeout);
  if (!(timeLimit > 0 && timeLimit <= 60)) throw new NotebookError(file, line, `live cell ${id}: timeout must be seconds in (0, 60]`);
  const caption = sourceOf(text, children.filter((c) => c !== block));
  return { kind: 'live', id, code: block.value, codeLine: lineOf(block) + 1, timeLimit, caption, line };
}

function readCode(attrs: Record<string, string>, prompt: string, file: string, line: number): CodeCell {
  const { id, task } = attrs;
  if (!id || !PART_ID.test(id)) throw new NotebookError(file, line, 'a code cell needs a part id, e.g. :::code{#5a task=batchnorm-forward}');
  if (!task) throw new NotebookError(file, line, `part ${id}: a code cell needs task=... (which checks to run)`);
  const points = attrs.points === undefined ? 1 : Number(attrs.points);
  if (!Number.isFinite(points) || points < 0) throw new NotebookError(file, line, `part ${id}: points must be a number ≥ 0`);
  const timeLimit = attrs.timeout === undefined ? 5 : Number(attrs.timeout);
  if (!(timeLimit > 0 && timeLimit <= 60)) throw new NotebookError(file, line, `part ${id}: timeout must be seconds in (0, 60]`);
  const uses = (attrs.uses ?? '').split(/[\s,]+/).filter(Boolean);
  return { kind: 'code', id, task, points, prompt, uses, timeLimit, partialCredit: attrs.partial === 'true' || attrs.partial === '', line };
}

function readAnswer(attrs: Record<string, string>, children: RootContent[], text: string, file: string, line: number, exam: boolean): AnswerCell {
  const id = attrs.id;
  if (!id) throw new NotebookError(file, line, 'an answer needs a part id, e.g. :::answer{#1a kind=number key="..."}');
  if (!PART_ID.test(id)) throw new NotebookError(file, line, `part id "${id}" may use only letters, digits, dots, dashes and underscores`);
  const kind = (attrs.kind || 'text') as PartKind;
  if (!PART_KINDS.includes(kind)) throw new NotebookError(file, line, `part ${id}: unknown kind "${attrs.kind}"; use one of ${PART_KINDS.join(', ')}`);
  // The students' copy of an exam has no keys; the grader's copy (the instructor's file) does.
  if (kind !== 'text' && !attrs.key && !exam) throw new NotebookError(file, line, `part ${id}: a ${kind} answer needs a key="..."`);
  const points = attrs.points === undefined ? 1 : Number(attrs.points);
  if (!Number.isFinite(points) || points < 0) throw new NotebookError(file, line, `part ${id}: points must be a number ≥ 0`);
  const { prompt, options, reference, rubric } = splitAnswerBody(children, kind, id, text, file);
  if (kind === 'choice' && options.length < 2) {
    throw new NotebookError(file, line, `part ${id}: a choice answer needs a list of at least two options written "- (a) ..."`);
  }
  if (kind === 'choice') {
    const known = new Set(options.map((o) => o.id));
    for (const k of (attrs.key ?? '').split(/[\s,]+/).filter(Boolean)) {
      if (!known.has(k)) throw new NotebookError(file, line, `part ${id}: key "${k}" is not one of the options (${[...known].join(', ')})`);
    }
  }
  return {
    kind: 'answer',
    id,
    answerKind: kind,
    key: attrs.key || undefined,
    points,
    tolerance: readTolerance(attrs, id, file, line),
    variables: readVariables(attrs.vars ?? '', id, file, line),
    options,
    prompt,
    reference,
    ...(rubric ? { rubric } : {}),
    ...readPartial(attrs.partial, kind, id, file, line),
    attributes: attrs,
    line,
  };
}

/** `partial` (by entries), `partial=rows`, `partial=all`, `partial=threshold:0.9`. */
function readPartial(value: string | undefined, kind: PartKind, id: string, file: string, line: number): { partialCredit: boolean; matrixCredit?: MatrixCredit } {
  if (value === undefined || value === 'false') return { partialCredit: false };
  if (kind !== 'matrix') return { partialCredit: value === '' || value === 'true' };
  if (value === '' || value === 'true' || value === 'entries') return { partialCredit: true, matrixCredit: { by: 'entries' } };
  if (value === 'rows' || value === 'all') return { partialCredit: true, matrixCredit: { by: value } };
  const m = /^threshold:(0?\.\d+|1(\.0*)?)$/.exec(value);
  if (m) return { partialCredit: true, matrixCredit: { by: 'threshold', fraction: Number(m[1]) } };
  throw new NotebookError(file, line, `part ${id}: partial="${value}" is not a rule; use partial (by entries), partial=rows, partial=all or partial=threshold:0.9`);
}

function readTolerance(attrs: Record<string, string>, id: string, file: string, line: number) {
  const tol: { rel?: number; abs?: number } = {};
  for (const [attr, field] of [['rtol', 'rel'], ['atol', 'abs']] as const) {
    if (attrs[attr] === undefined) continue;
    const v = Number(attrs[attr]);
    if (!Number.isFinite(v) || v < 0) throw new NotebookError(file, line, `part ${id}: ${attr} must be a number ≥ 0`);
    tol[field] = v;
  }
  return Object.keys(tol).length ? tol : undefined;
}

/** `vars="n:2..16:int p:1..1000"`: each variable with the domain where equivalence is tested. */
function readVariables(spec: string, id: string, file: string, line: number): VariableSpec[] {
  return spec
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((item) => {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?::(-?[\d.e+-]+)\.\.(-?[\d.e+-]+))?(:int)?$/.exec(item);
      if (!m) throw new NotebookError(file, line, `part ${id}: cannot read variable "${item}"; write name or name:min..max or name:min..max:int`);
      const min = m[2] === undefined ? 0.1 : Number(m[2]);
      const max = m[3] === undefined ? 0.9 : Number(m[3]);
      if (!(min < max)) throw new NotebookError(file, line, `part ${id}: variable ${m[1]} has an empty domain`);
      return { name: m[1], min, max, integer: m[4] !== undefined };
    });
}

/**
 * The body of an answer block: the prompt, then for choice parts the list of options
 * (`- (a) text`), then optionally a nested `::::reference` block with the model answer.
 */
function splitAnswerBody(children: RootContent[], kind: PartKind, id: string, text: string, file: string) {
  let reference: string | undefined;
  let rubric: RubricItem[] | undefined;
  const rest: RootContent[] = [];
  for (const child of children) {
    if (child.type === 'containerDirective' && child.name === 'reference') reference = sourceOf(text, child.children as RootContent[]);
    else if (child.type === 'containerDirective' && child.name === 'rubric') rubric = readRubric(child.children as RootContent[], id, text, file, lineOf(child));
    else if (isDirective(child)) throw new NotebookError(file, lineOf(child), `part ${id}: only a :::reference or :::rubric block may sit inside an answer`);
    else rest.push(child);
  }
  let options: ChoiceOption[] = [];
  if (kind === 'choice') {
    const listIndex = rest.findLastIndex((n) => n.type === 'list');
    if (listIndex >= 0) {
      options = readOptions(rest[listIndex] as List, id, text, file);
      rest.splice(listIndex, 1);
    }
  }
  return { prompt: sourceOf(text, rest), options, reference, rubric };
}

/** `:::rubric` holds one list, an item per criterion: `- (2) states that ...` (negative points deduct). */
function readRubric(children: RootContent[], id: string, text: string, file: string, line: number): RubricItem[] {
  const list = children.find((n): n is List => n.type === 'list');
  if (!list || children.length !== 1) throw new NotebookError(file, line, `part ${id}: a :::rubric block holds one list of items written "- (points) criterion"`);
  return list.children.map((item: ListItem) => {
    const body = sourceOf(text, item.children as RootContent[]);
    const m = /^\s*\((-?\d+(?:\.\d+)?)\)\s*/.exec(body);
    if (!m) throw new NotebookError(file, lineOf(item), `part ${id}: each rubric item must start with its points in parentheses, e.g. "- (2) ..."`);
    return { points: Number(m[1]), label: body.slice(m[0].length) };
  });
}

function readOptions(list: List, id: string, text: string, file: string): ChoiceOption[] {
  return list.children.map((item: ListItem) => {
    const body = sourceOf(text, item.children as RootContent[]);
    const m = /^\s*\(([A-Za-z0-9]+)\)\s*/.exec(body);
    if (!m) throw new NotebookError(file, lineOf(item), `part ${id}: each option must start with its id in parentheses, e.g. "- (a) ..."`);
    return { id: m[1].toLowerCase(), label: body.slice(m[0].length) };
  });
}

function checkUniqueIds(cells: Cell[], file: string) {
  const seen = new Map<string, number>();
  for (const c of cells) {
    const id = c.kind === 'prose' ? undefined : c.id;
    if (!id) continue;
    if (seen.has(id)) throw new NotebookError(file, c.line, `part id "${id}" is used twice (first on line ${seen.get(id)})`);
    seen.set(id, c.line);
  }
}
