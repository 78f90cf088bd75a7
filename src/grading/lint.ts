/**
 * The author's lint: everything `gradbook check` reports, as data. Pure (no file system), so the
 * command, the tests and the author's preview in `gradbook dev` show the same messages.
 *
 * Each directive kind is linted by its own function in `cellLinters`; a new kind of block registers
 * one with `registerCellLinter`, and a top-level block whose kind has none is reported as unknown.
 */
import type { MathNode } from 'mathjs';
import { CONSTANTS, math, normalizeMathText, parseExpression } from '../core/safeMath';
import { createRng } from '../core/rng';
import { loadCourse, type CourseSource } from '../notebook/course';
import { parseMarkdown } from '../notebook/markdown';
import { NotebookError, parseNotebook } from '../notebook/parse';
import type { AnswerCell, Cell, CodeCell, LiveCell, Notebook, ParamValues, WidgetCell } from '../notebook/types';
import { defaultParams, drawParams } from '../notebook/variants';
import { CODE_TASKS, isCodeTask } from './codeChecks';
import { checkAnswer } from './index';
import { builtinKeyFunctionNames, courseKeyFunctions, keyFunctions, registerKeyFunctions } from './keyFunctions';
import { answerSpecFor, describeKey, KeyError } from './partSpec';

export interface LintMessage {
  /** `notebooks/<file>.md`, `course.yml` or `functions.js`. */
  file: string;
  line: number;
  message: string;
}

export function formatLint(m: LintMessage): string {
  return `${m.file}:${m.line}: ${m.message}`;
}

/** One variant a key is evaluated at, with how to name it in a message. */
export interface LintVariant {
  label: string;
  seed: number | null;
  params: ParamValues;
}

export interface LintContext {
  nb: Notebook;
  variants: LintVariant[];
  /** Names callable in keys: the built-in key functions and the course's functions.js exports. */
  keyFunctionNames: ReadonlySet<string>;
  /** Known widget names, when the caller knows them (the page and the command do). */
  widgetNames?: ReadonlySet<string>;
  /** Runs live cells, when the caller can stop one at its time limit (the command can; the page does not). */
  runLive?: LiveCellRunner;
  report(line: number, message: string): void;
}

/** What one run of a live cell came to, when it did not finish cleanly (`line` in the cell's code). */
export type LiveRunProblem = { kind: 'error'; message: string; line: number | null } | { kind: 'timeout' };

/** Runs a cell's code once with these params and no answers, stopped for real at its time limit. */
export type LiveCellRunner = (cell: LiveCell, params: ParamValues) => LiveRunProblem | null;

// `any`: each linter takes the cell of its own kind (live cells come from another module), which
// one record keyed by kind cannot express.
export type CellLinter = (cell: any, ctx: LintContext) => void;

export const cellLinters: Record<string, CellLinter> = {};

export function registerCellLinter(kind: string, linter: CellLinter): void {
  cellLinters[kind] = linter;
}

/** Block names the parser accepts that are not cells of their own. */
const NESTED_BLOCKS = new Set(['reference']);

/** Seeds every key is evaluated at besides the default variant: fixed, so CI runs are repeatable. */
export const LINT_SEEDS: number[] = (() => {
  const rng = createRng('gradbook-check');
  return [1, 2, 3, 4, 5, 6, 7, 8, ...Array.from({ length: 16 }, () => rng.int(9, 999_999_999))];
})();

function describeParams(params: ParamValues): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

export function lintVariants(nb: Notebook, seeds: number[] = LINT_SEEDS): LintVariant[] {
  const names = Object.keys(nb.params);
  const variants: LintVariant[] = [{ label: 'the default variant', seed: null, params: defaultParams(nb.params) }];
  if (names.length === 0) return variants;
  for (const seed of seeds) {
    const params = drawParams(nb.params, seed);
    variants.push({ label: `seed ${seed} (${describeParams(params)})`, seed, params });
  }
  // The corners of the parameter box: a student's draw can land on them.
  for (const [label, pick] of [['smallest', Math.min], ['largest', Math.max]] as const) {
    const params = Object.fromEntries(
      Object.entries(nb.params).map(([k, s]) => [k, 'choose' in s ? pick(...s.choose) : pick(...s.range)]),
    );
    variants.push({ label: `every parameter at its ${label} (${describeParams(params)})`, seed: null, params });
  }
  return variants;
}

// ---- names in expressions -------------------------------------------------------------------

interface NameUse {
  symbols: Set<string>;
  functions: Set<string>;
}

function namesIn(tree: MathNode): NameUse {
  const symbols = new Set<string>();
  const functions = new Set<string>();
  tree.traverse((node, path) => {
    const n = node as unknown as { type: string; name?: string };
    if (n.type !== 'SymbolNode' || !n.name) return;
    if (path === 'fn') functions.add(n.name);
    else symbols.add(n.name);
  });
  return { symbols, functions };
}

const EVAL_EXTRAS = new Set(['ln', 'sigmoid']);

function isMathFunction(name: string): boolean {
  return EVAL_EXTRAS.has(name) || typeof (math as unknown as Record<string, unknown>)[name] === 'function';
}

function isMathConstant(name: string): boolean {
  if (name in CONSTANTS) return true;
  const v = (math as unknown as Record<string, unknown>)[name];
  return v !== undefined && typeof v !== 'function';
}

/**
 * Unknown names in an expression, as messages. `symbols` are the names it may read (parameters,
 * variables), `functions` the extra names it may call besides math functions.
 */
function unknownNames(source: string, symbols: ReadonlySet<string>, functions: ReadonlySet<string>, where: string): string[] {
  let tree: MathNode;
  try {
    tree = parseExpression(normalizeMathText(source));
  } catch (e) {
    return [`${where} "${source}" cannot be read: ${(e as Error).message}`];
  }
  const used = namesIn(tree);
  const problems: string[] = [];
  for (const f of used.functions) {
    if (!functions.has(f) && !isMathFunction(f) && !symbols.has(f)) problems.push(`${where} calls an unknown function "${f}"`);
  }
  for (const s of used.symbols) {
    if (!symbols.has(s) && !functions.has(s) && !isMathConstant(s)) {
      const known = [...symbols].join(', ');
      problems.push(`${where} uses an unknown parameter "${s}"${known ? ` (known: ${known})` : ' (this notebook has no params)'}`);
    }
  }
  return problems;
}

// ---- the built-in cell kinds ------------------------------------------------------------------

function lintAnswer(cell: AnswerCell, ctx: LintContext): void {
  if (cell.answerKind === 'text' || !cell.key) return;
  const where = `part ${cell.id}: the key`;
  const params = new Set(Object.keys(ctx.nb.params));
  if (cell.answerKind === 'expression') {
    const names = new Set([...params, ...cell.variables.map((v) => v.name)]);
    const problems = unknownNames(cell.key, names, new Set(), where);
    if (cell.variables.length === 0) problems.push(`part ${cell.id}: an expression answer needs vars="..." (the names a student may use)`);
    for (const p of problems) ctx.report(cell.line, p);
    if (problems.length) return;
  } else if (cell.answerKind !== 'choice') {
    const problems = unknownNames(cell.key, params, ctx.keyFunctionNames, where);
    for (const p of problems) ctx.report(cell.line, p);
    if (problems.length) return;
  }
  // One message per part: the first variant where the key fails says enough.
  for (const v of ctx.variants) {
    const problem = keyProblem(cell, v.params);
    if (problem) {
      ctx.report(cell.line, `${problem} at ${v.label}`);
      return;
    }
  }
}

/** What is wrong with a part's key at one variant, or null. */
function keyProblem(cell: AnswerCell, params: ParamValues): string | null {
  let spec;
  try {
    spec = answerSpecFor(cell, params);
  } catch (e) {
    return e instanceof KeyError ? e.message : `part ${cell.id}: ${(e as Error).message}`;
  }
  if (!spec) return null;
  if (spec.kind === 'matrix') {
    const m = spec.key as number[][];
    if (m.length === 0 || m[0].length === 0) return `part ${cell.id}: the key is an empty matrix`;
    const ragged = m.findIndex((row) => row.length !== m[0].length);
    if (ragged >= 0) return `part ${cell.id}: the key's rows differ in length (row 1 has ${m[0].length} entries, row ${ragged + 1} has ${m[ragged].length})`;
    if (m.some((row) => row.some((x) => !Number.isFinite(x)))) return `part ${cell.id}: the key's matrix has an entry that is not a finite number`;
  }
  // The key itself must be accepted as an answer, or no student can be right.
  const typed = spec.kind === 'expression' ? '0' : describeKey(spec);
  const result = checkAnswer(spec, typed);
  if (result.verdict === 'invalid' || (spec.kind !== 'expression' && result.verdict !== 'correct')) {
    return `part ${cell.id}: the key ${spec.kind === 'expression' ? `"${cell.key}"` : `(${typed.replace(/\n/g, '; ')})`} is not accepted as an answer: ${result.message}`;
  }
  return null;
}

function lintWidget(cell: WidgetCell, ctx: LintContext): void {
  if (ctx.widgetNames && !ctx.widgetNames.has(cell.name)) {
    ctx.report(cell.line, `unknown widget "${cell.name}"; known widgets are ${[...ctx.widgetNames].join(', ')}`);
  }
}

function lintCode(cell: CodeCell, ctx: LintContext): void {
  if (!isCodeTask(cell.task)) ctx.report(cell.line, `part ${cell.id}: unknown task "${cell.task}"; known tasks are ${CODE_TASKS.join(', ')}`);
  const earlier = new Set(
    ctx.nb.cells.filter((c): c is CodeCell => c.kind === 'code' && c.line < cell.line).map((c) => c.id),
  );
  for (const id of cell.uses) {
    if (!earlier.has(id)) ctx.report(cell.line, `part ${cell.id}: uses="${id}", but no code cell before it has that id`);
  }
}

/** A live cell must run to its end at the default variant: a student sees that variant first. */
function lintLive(cell: LiveCell, ctx: LintContext): void {
  if (!ctx.runLive) return;
  const variant = ctx.variants[0];
  const problem = ctx.runLive(cell, variant.params);
  if (!problem) return;
  if (problem.kind === 'timeout') {
    ctx.report(cell.line, `live cell ${cell.id}: still running after its time limit of ${cell.timeLimit} s at ${variant.label} (make it faster or raise timeout=)`);
  } else {
    ctx.report(problem.line ? cell.codeLine + problem.line - 1 : cell.line, `live cell ${cell.id}: ${problem.message} (at ${variant.label})`);
  }
}

registerCellLinter('answer', lintAnswer);
registerCellLinter('widget', lintWidget);
registerCellLinter('code', lintCode);
registerCellLinter('live', lintLive);
registerCellLinter('training', () => {});

// ---- the file as text -------------------------------------------------------------------------

/** Lines inside fenced code, where `:::` and `{{` are text. */
function codeFenceLines(lines: string[]): Set<number> {
  const inside = new Set<number>();
  let fence: string | null = null;
  lines.forEach((l, i) => {
    const m = /^\s{0,3}(`{3,}|~{3,})/.exec(l);
    if (fence) {
      inside.add(i);
      if (m && m[1][0] === fence[0] && m[1].length >= fence.length && l.trim() === m[1]) fence = null;
    } else if (m) {
      inside.add(i);
      fence = m[1];
    }
  });
  return inside;
}

/**
 * `:::name` openers and `:::` closers that do not pair up, read as remark-directive reads them: a
 * closing fence ends the outermost open block whose fence is no longer than it, with everything
 * inside. So a block nested in one with an equally long fence ends its parent early, and the
 * parent's own closer right after a longer nested one's has nothing left to close (harmless).
 */
export function unbalancedDirectives(text: string): { line: number; message: string }[] {
  const lines = text.split('\n');
  const code = codeFenceLines(lines);
  const open: { colons: number; name: string; line: number }[] = [];
  const problems: { line: number; message: string }[] = [];
  let spareClosers = 0;
  lines.forEach((l, i) => {
    if (code.has(i)) return;
    const opener = /^\s{0,3}(:{3,})([A-Za-z][\w-]*)/.exec(l);
    const closer = /^\s{0,3}(:{3,})\s*$/.exec(l);
    if (l.trim() !== '' && !closer) spareClosers = 0;
    if (opener) {
      const parent = open[open.length - 1];
      if (parent && opener[1].length === parent.colons) {
        problems.push({
          line: i + 1,
          message: `${opener[1]}${opener[2]} sits inside ${parent.name} (line ${parent.line}) with a fence as long: the first "${opener[1]}" ends both; write ${':'.repeat(parent.colons + 1)}${parent.name.replace(/^:+/, '')} ... ${':'.repeat(parent.colons + 1)} around it`,
        });
      }
      open.push({ colons: opener[1].length, name: `${opener[1]}${opener[2]}`, line: i + 1 });
    } else if (closer) {
      const at = open.findIndex((b) => b.colons <= closer[1].length);
      if (at >= 0) {
        spareClosers = open.length - at - 1;
        open.length = at;
      } else if (spareClosers > 0) spareClosers--;
      else problems.push({ line: i + 1, message: `"${closer[1]}" closes no block` });
    }
  });
  for (const b of open) problems.push({ line: b.line, message: `${b.name} is never closed (end it with a line "${':'.repeat(b.colons)}")` });
  return problems;
}

function frontMatterEnd(lines: string[]): number {
  if (lines[0]?.trim() !== '---') return 0;
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  return end < 0 ? 0 : end + 1;
}

/** `{{expr}}` templates that name something the page cannot fill. */
function lintTemplates(text: string, nb: Notebook, report: (line: number, message: string) => void): void {
  const lines = text.split('\n');
  const code = codeFenceLines(lines);
  const params = new Set(Object.keys(nb.params));
  const defaults = defaultParams(nb.params);
  for (let i = frontMatterEnd(lines); i < lines.length; i++) {
    if (code.has(i)) continue;
    for (const m of lines[i].matchAll(/\{\{([^{}]+)\}\}/g)) {
      const expr = m[1].trim();
      const problems = unknownNames(expr, params, new Set(), `{{${expr}}}`);
      for (const p of problems) report(i + 1, p);
      if (problems.length) continue;
      try {
        const v = parseExpression(expr).compile().evaluate({ ln: Math.log, ...defaults });
        if (typeof v === 'number' && !Number.isFinite(v)) report(i + 1, `{{${expr}}} gives ${v} at the default variant`);
      } catch (e) {
        report(i + 1, `{{${expr}}} cannot be evaluated at the default variant: ${(e as Error).message}`);
      }
    }
  }
}

function isRelativeUrl(url: string): boolean {
  return url !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('#') && !url.startsWith('/');
}

/** Images and links with relative paths must name a file in the course's public/. */
function lintAssets(text: string, assets: ReadonlySet<string>, report: (line: number, message: string) => void): void {
  const tree = parseMarkdown(text);
  const check = (url: string, line: number, what: string) => {
    if (!isRelativeUrl(url)) return;
    const path = decodeURI(url.split(/[?#]/)[0]).replace(/^\.\//, '');
    if (path && !assets.has(path)) report(line, `${what} "${url}" is not a file in public/ (relative paths are read from the course's public/ folder)`);
  };
  const visit = (node: { type: string; url?: string; value?: string; children?: unknown[]; position?: { start: { line: number } } }) => {
    const line = node.position?.start.line ?? 1;
    if ((node.type === 'image' || node.type === 'imageReference') && node.url) check(node.url, line, 'image');
    else if ((node.type === 'link' || node.type === 'definition') && node.url) check(node.url, line, 'link');
    else if (node.type === 'html' && node.value) {
      for (const m of node.value.matchAll(/\b(?:src|href)\s*=\s*["']([^"']+)["']/g)) check(m[1], line, 'file');
    }
    for (const child of (node.children ?? []) as (typeof node)[]) visit(child);
  };
  visit(tree as unknown as Parameters<typeof visit>[0]);
}

// ---- notebooks and courses --------------------------------------------------------------------

export interface LintOptions {
  /** Files in public/ (relative, forward slashes); without it assets are not checked. */
  assets?: readonly string[] | null;
  widgetNames?: readonly string[];
  seeds?: number[];
  runLive?: LiveCellRunner;
}

function unknownBlocks(text: string): { line: number; message: string }[] {
  const known = Object.keys(cellLinters);
  const problems: { line: number; message: string }[] = [];
  for (const node of parseMarkdown(text).children) {
    if (node.type !== 'containerDirective' && node.type !== 'leafDirective') continue;
    if (cellLinters[node.name] || NESTED_BLOCKS.has(node.name)) continue;
    problems.push({
      line: node.position?.start.line ?? 1,
      message: `unknown block ":::${node.name}"; known blocks are ${known.map((k) => ':::' + k).join(', ')}`,
    });
  }
  return problems;
}

/** Every problem of one notebook file, in line order. */
export function lintNotebook(text: string, file: string, options: LintOptions = {}): LintMessage[] {
  const out: LintMessage[] = [];
  const seen = new Set<string>();
  const report = (line: number, message: string) => {
    const k = `${line}\u0000${message}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push({ file, line, message });
  };
  for (const p of unbalancedDirectives(text)) report(p.line, p.message);
  for (const p of unknownBlocks(text)) report(p.line, p.message);
  if (options.assets) lintAssets(text, new Set(options.assets), report);
  let nb: Notebook | null = null;
  try {
    nb = parseNotebook(text, file);
  } catch (e) {
    // The parser stops at its first problem; one the scans above already named is not repeated.
    if (e instanceof NotebookError) {
      if (!out.some((m) => m.line === e.line)) report(e.line, e.detail);
    } else report(1, (e as Error).message);
  }
  if (nb) {
    const ctx: LintContext = {
      nb,
      variants: lintVariants(nb, options.seeds),
      keyFunctionNames: new Set(Object.keys(keyFunctions)),
      widgetNames: options.widgetNames ? new Set(options.widgetNames) : undefined,
      runLive: options.runLive,
      report,
    };
    for (const cell of nb.cells as Cell[]) {
      if (cell.kind !== 'prose') cellLinters[cell.kind]?.(cell, ctx);
    }
    lintTemplates(text, nb, report);
  }
  return out.sort((a, b) => a.line - b.line);
}

export interface CourseLintInput extends CourseSource {
  /** The named exports of functions.js, once loaded (the caller loads it: this module reads no files). */
  functions?: Record<string, unknown>;
  assets?: readonly string[] | null;
  widgetNames?: readonly string[];
  seeds?: number[];
  runLive?: LiveCellRunner;
}

/** Every problem of a course: course.yml, functions.js, then each notebook in file order. */
export function lintCourse(input: CourseLintInput): LintMessage[] {
  const out: LintMessage[] = [];
  const own = courseKeyFunctions(input.functions ?? {});
  registerKeyFunctions(own);
  const loaded = loadCourse(input);
  for (const e of loaded.errors) {
    if (!e.file.startsWith('notebooks/') || /is already used by/.test(e.message)) {
      out.push({ file: e.file, line: e.line, message: e.message.replace(`${e.file}:${e.line}: `, '') });
    }
  }
  for (const name of Object.keys(own)) {
    if (builtinKeyFunctionNames.has(name)) out.push({ file: 'functions.js', line: 1, message: `export "${name}" replaces the built-in key function of that name; rename it` });
  }
  for (const [file, text] of Object.entries(input.notebooks).sort(([a], [b]) => a.localeCompare(b))) {
    out.push(...lintNotebook(text, file, { assets: input.assets, widgetNames: input.widgetNames, seeds: input.seeds, runLive: input.runLive }));
  }
  return out;
}
