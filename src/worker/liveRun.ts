/**
 * One run of a live cell: the instructor's JavaScript (or TypeScript) with the notebook's params,
 * the student's answers, the callable functions and the output/input helpers in scope. It runs in
 * the cell's Web Worker (liveCell.worker.ts), which the page terminates at the time limit; nothing
 * here touches the DOM, so Node runs it too (unit tests, a course linter).
 */
import { errorMessage } from '../core/errorMessage';
import type { LiveCellValue, LiveControl, LiveInline, LiveMark, LiveOutput, LiveRichCell, LiveRunRequest, LiveRunResult, LiveTone, LiveValue } from './liveProtocol';
import { formatNumber } from './liveProtocol';
import { StudentCodeError, stripTypes, studentLine } from './studentCode';
import { syntaxErrorLine } from './syntaxLine';

/** Functions (and constant tables) a cell may use by name. */
export type LiveFunctions = Record<string, unknown>;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const TONES: readonly LiveTone[] = ['good', 'bad', 'muted'];
const MARKS: readonly LiveMark[] = ['good', 'warn', 'accent'];

interface OutputOptions {
  id?: unknown;
  tone?: unknown;
}

/** What the helpers collected during one run. */
export interface LiveCollector {
  outputs: LiveOutput[];
  controls: LiveControl[];
  answersRead: Set<string> | '*';
}

const finite = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const text = (v: unknown, fallback: string): string => (typeof v === 'string' && v ? v : fallback);

function common(opts: OutputOptions | undefined): { id?: string; tone?: LiveTone } {
  const out: { id?: string; tone?: LiveTone } = {};
  if (typeof opts?.id === 'string' && opts.id) out.id = opts.id;
  if (TONES.includes(opts?.tone as LiveTone)) out.tone = opts!.tone as LiveTone;
  return out;
}

function isInline(v: unknown): v is LiveInline {
  const kind = (v as { kind?: unknown } | null)?.kind;
  return typeof v === 'object' && v !== null && (kind === 'text' || kind === 'md' || kind === 'tex');
}

/**
 * The helpers a live cell calls: outputs append to the cell in call order; inputs declare a control
 * and return its current value (the page's, else the declared default).
 */
export function liveHelpers(values: Record<string, LiveValue>, collect: LiveCollector) {
  // cell() results, so a plain object that happens to say kind: 'cell' is not taken for one.
  const cells = new WeakSet<LiveRichCell>();
  const push = <T extends LiveOutput>(o: T): T => {
    collect.outputs.push(o);
    return o;
  };
  /** A tex()/md() result placed in a table cell belongs to the table, not to the cell's flow. */
  const adopt = (v: unknown): LiveCellValue => {
    if ((v as { kind?: unknown } | null)?.kind === 'cell' && cells.has(v as LiveRichCell)) return v as LiveRichCell;
    if (isInline(v)) {
      const at = collect.outputs.lastIndexOf(v);
      if (at >= 0) collect.outputs.splice(at, 1);
      return v;
    }
    if (v === null || v === undefined) return null;
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
    return Array.isArray(v) ? `[${v.map((x) => (typeof x === 'number' ? formatNumber(x) : String(x))).join(', ')}]` : JSON.stringify(v);
  };
  const declare = (c: LiveControl) => {
    if (typeof c.name !== 'string' || !c.name) throw new Error('a control needs a name, e.g. slider("n", { min: 1, max: 10 })');
    if (collect.controls.some((o) => o.name === c.name)) throw new Error(`there are two controls named "${c.name}"`);
    collect.controls.push(c);
    collect.outputs.push({ kind: 'control', name: c.name });
  };

  function table(rows: unknown, opts: OutputOptions & { header?: unknown; footer?: unknown; highlight?: unknown; align?: unknown; summary?: unknown; grid?: unknown } = {}) {
    if (!Array.isArray(rows)) throw new Error('table(rows): rows must be an array (of arrays or of objects)');
    let header = Array.isArray(opts.header) ? opts.header.map(String) : undefined;
    let body: LiveCellValue[][];
    if (rows.length && rows.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r) && !isInline(r) && !cells.has(r as LiveRichCell))) {
      // Objects: one column per key, in first-seen order.
      const keys = [...new Set(rows.flatMap((r) => Object.keys(r as object)))];
      header ??= keys;
      body = rows.map((r) => keys.map((k) => adopt((r as Record<string, unknown>)[k])));
    } else {
      body = rows.map((r) => (Array.isArray(r) ? r.map(adopt) : [adopt(r)]));
    }
    const footer = Array.isArray(opts.footer) ? opts.footer.map(adopt) : undefined;
    const highlight = Array.isArray(opts.highlight) ? opts.highlight.filter((i): i is number => Number.isInteger(i)) : undefined;
    const align = Array.isArray(opts.align) ? opts.align.map((a): 'left' | 'right' => (a === 'right' ? 'right' : 'left')) : undefined;
    const summary = typeof opts.summary === 'string' && opts.summary ? opts.summary : undefined;
    return push({ kind: 'table', ...common(opts), rows: body, ...(header ? { header } : {}), ...(footer ? { footer } : {}), ...(highlight ? { highlight } : {}), ...(align ? { align } : {}), ...(summary ? { summary } : {}), ...(opts.grid === true ? { grid: true } : {}) });
  }

  return {
    /** Numbers, strings, arrays (a row), matrices and objects (tables). */
    display(value: unknown, opts: OutputOptions = {}) {
      if (typeof value === 'string') return push({ kind: 'text', text: value, ...common(opts) });
      if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
        return push({ kind: 'value', value: value ?? null, id: common(opts).id });
      }
      if (Array.isArray(value)) return table(value.every(Array.isArray) ? value : [value], { id: opts.id });
      if (isInline(value)) return value;
      return table(Object.entries(value as object), { id: opts.id, header: ['', 'value'] });
    },
    md(source: unknown, opts: OutputOptions = {}) {
      return push({ kind: 'md', source: String(source), ...common(opts) });
    },
    tex(latex: unknown, opts: OutputOptions & { display?: unknown } = {}) {
      return push({ kind: 'tex', tex: String(latex), display: opts.display === true, id: common(opts).id });
    },
    table,
    /** A table cell with marks ('good' fill, 'warn' and 'accent' borders) and a small second line. */
    cell(value: unknown, opts: { sub?: unknown; marks?: unknown } = {}): LiveRichCell {
      const inner = adopt(value);
      const c: LiveRichCell = { kind: 'cell', value: typeof inner === 'object' && inner?.kind === 'cell' ? inner.value : inner };
      if (opts.sub !== undefined && opts.sub !== null) c.sub = String(opts.sub);
      const marks = Array.isArray(opts.marks) ? opts.marks.filter((m): m is LiveMark => MARKS.includes(m)) : [];
      if (marks.length) c.marks = [...new Set(marks)];
      cells.add(c);
      return c;
    },
    plot(traces: unknown, layout: unknown = {}, opts: OutputOptions & { height?: unknown } = {}) {
      if (!Array.isArray(traces)) throw new Error('plot(traces, layout): traces must be an array of Plotly traces, e.g. [{ x: [1, 2], y: [3, 4] }]');
      const lay = typeof layout === 'object' && layout !== null ? (layout as Record<string, unknown>) : {};
      return push({ kind: 'plot', id: common(opts).id, traces, layout: lay, height: finite(opts.height, 320) });
    },
    slider(name: string, opts: { min?: unknown; max?: unknown; step?: unknown; value?: unknown; label?: unknown; play?: unknown } = {}) {
      const min = finite(opts.min, 0);
      const max = finite(opts.max, 100);
      const step = finite(opts.step, 1);
      if (!(max >= min) || !(step > 0)) throw new Error(`slider "${name}": needs min ≤ max and a step > 0`);
      // On the grid min + k·step, inside [min, max], to the step's own decimals.
      const snap = (v: number) => {
        const k = Math.round((Math.min(max, Math.max(min, v)) - min) / step);
        return Number(Math.min(max, min + k * step).toFixed(12));
      };
      const def = snap(finite(opts.value, min));
      const value = snap(finite(values[name], def));
      const play = finite(opts.play, 0);
      declare({ kind: 'slider', name, label: text(opts.label, name), min, max, step, value, ...(play > 0 ? { play: Math.max(50, play) } : {}) });
      return value;
    },
    select(name: string, options: unknown, opts: { value?: unknown; label?: unknown } = {}) {
      if (!Array.isArray(options) || options.length === 0) throw new Error(`select "${name}": give a non-empty array of options`);
      const list = options.map((o) =>
        typeof o === 'object' && o !== null
          ? { value: (o as { value: string | number }).value, label: String((o as { label?: unknown }).label ?? (o as { value: unknown }).value) }
          : { value: o as string | number, label: String(o) },
      );
      const has = (v: unknown) => list.some((o) => o.value === v);
      const value = has(values[name]) ? (values[name] as string | number) : has(opts.value) ? (opts.value as string | number) : list[0].value;
      declare({ kind: 'select', name, label: text(opts.label, name), options: list, value });
      return value;
    },
    checkbox(name: string, opts: { value?: unknown; label?: unknown } = {}) {
      const value = typeof values[name] === 'boolean' ? (values[name] as boolean) : opts.value === true;
      declare({ kind: 'checkbox', name, label: text(opts.label, name), value });
      return value;
    },
    /** A typed number; NaN when the text is not one, so the cell can say what is wrong. */
    number(name: string, opts: { value?: unknown; label?: unknown } = {}) {
      const raw = typeof values[name] === 'string' ? (values[name] as string) : String(finite(opts.value, 0));
      const value = raw.trim() === '' ? NaN : Number(raw.replace(/,/g, ''));
      declare({ kind: 'number', name, label: text(opts.label, name), text: raw, value });
      return value;
    },
    /** How many times it was pressed: a new seed per press, a step counter. */
    button(label: string, opts: { name?: unknown } = {}) {
      const name = text(opts.name, String(label));
      const value = Math.max(0, Math.floor(finite(values[name], 0)));
      declare({ kind: 'button', name, label: String(label), value });
      return value;
    },
    range(start: number, stop?: number, step = 1) {
      if (stop === undefined) [start, stop] = [0, start];
      if (!(step !== 0) || !Number.isFinite(start) || !Number.isFinite(stop)) throw new Error('range(start, stop, step): numbers, step ≠ 0');
      const out: number[] = [];
      for (let v = start; step > 0 ? v < stop : v > stop; v += step) {
        out.push(v);
        if (out.length > 1e7) throw new Error('range(): more than 10 million numbers');
      }
      return out;
    },
    fmt: formatNumber,
  };
}

/** Student answers the code can read; reading records which ones, so only those re-run the cell. */
function watchedAnswers(answers: Record<string, string>, collect: LiveCollector): Readonly<Record<string, string>> {
  const frozen = Object.freeze({ ...answers });
  return new Proxy(frozen, {
    get(target, key) {
      if (typeof key === 'string' && collect.answersRead !== '*') collect.answersRead.add(key);
      return Reflect.get(target, key);
    },
    ownKeys(target) {
      collect.answersRead = '*';
      return Reflect.ownKeys(target);
    },
  });
}

/**
 * Everything a live cell sees by name: the helpers, `params`, `answers`, and the callable functions
 * (the built-in key functions plus whatever the caller adds, e.g. a course's own exports). A name
 * that is not an identifier is left out; the helpers, `params` and `answers` win over a clash.
 */
export function buildLiveScope(request: Pick<LiveRunRequest, 'params' | 'answers' | 'controls'>, functions: LiveFunctions, collect: LiveCollector): Record<string, unknown> {
  const helpers = liveHelpers(request.controls, collect);
  const scope: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(functions)) {
    if (IDENTIFIER.test(name)) scope[name] = fn;
  }
  return { ...scope, ...helpers, params: Object.freeze({ ...request.params }), answers: watchedAnswers(request.answers, collect) };
}

/** Runs a cell's code once. Never throws: an error comes back with its line and what ran before it. */
export function runLiveCell(request: LiveRunRequest, functions: LiveFunctions): LiveRunResult {
  const collect: LiveCollector = { outputs: [], controls: [], answersRead: new Set() };
  const finish = (error?: LiveRunResult['error']): LiveRunResult => ({
    ok: !error,
    outputs: collect.outputs,
    controls: collect.controls,
    answersRead: collect.answersRead === '*' ? '*' : [...collect.answersRead].sort(),
    ...(error ? { error } : {}),
  });
  try {
    const scope = buildLiveScope(request, functions, collect);
    const names = Object.keys(scope);
    const code = stripTypes(request.code);
    let body: (...args: unknown[]) => unknown;
    try {
      // Course content, run only inside the cell's worker: the one way a live cell can be code.
      body = new Function(...names, `${code}\n`) as (...args: unknown[]) => unknown;
    } catch (e) {
      return finish({ message: `${(e as Error).name}: ${(e as Error).message}`, line: syntaxErrorLine(code) });
    }
    body(...names.map((n) => scope[n]));
    return finish();
  } catch (e) {
    if (e instanceof StudentCodeError) return finish({ message: e.message, line: e.line });
    const name = e instanceof Error ? e.name : 'Error';
    return finish({ message: `${name}: ${errorMessage(e)}`, line: studentLine(e) });
  }
}
