/**
 * Every part's key per variant, for the course staff (`gradbook keys`) and the author's preview:
 * computed by the same `answerSpecFor` the page and the grader use.
 */
import { answerParts, type AnswerCell, type Notebook, type ParamValues } from '../notebook/types';
import { defaultParams, drawParams } from '../notebook/variants';
import { answerSpecFor } from './partSpec';
import { csvCell } from './regrade';

/** A key as one line of text: a number, option ids, the expression, or a matrix as `[[..],[..]]`. */
export function keyText(part: AnswerCell, params: ParamValues): string {
  try {
    const spec = answerSpecFor(part, params);
    if (!spec) return '';
    if (spec.kind === 'matrix') return JSON.stringify(spec.key);
    if (spec.kind === 'choice') return (spec.key as string[]).join(',');
    return String(spec.key);
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

export interface KeyRow {
  notebook: string;
  /** null: the notebook's default variant (the original homework's values). */
  seed: number | null;
  params: ParamValues;
  keys: { part: string; kind: string; key: string }[];
}

export function keyRows(nb: Notebook, seeds: number[]): KeyRow[] {
  const parts = answerParts(nb).filter((p) => p.answerKind !== 'text');
  const variants: [number | null, ParamValues][] = [[null, defaultParams(nb.params)], ...seeds.map((s): [number, ParamValues] => [s, drawParams(nb.params, s)])];
  return variants.map(([seed, params]) => ({
    notebook: nb.id,
    seed,
    params,
    keys: parts.map((p) => ({ part: p.id, kind: p.answerKind, key: keyText(p, params) })),
  }));
}

/** `1-30`, `7`, `1-5,42` → the seeds, or an error message. */
export function parseSeedList(spec: string): number[] | string {
  const seeds: number[] = [];
  for (const item of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(item);
    if (!m) return `cannot read seeds "${item}"; write e.g. 1-30 or 1-5,42`;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo) return `seeds ${item}: the range is empty`;
    if (hi - lo > 100_000) return `seeds ${item}: at most 100000 seeds at once`;
    for (let s = lo; s <= hi; s++) seeds.push(s);
  }
  return seeds.length ? seeds : 'give at least one seed, e.g. --seeds 1-30';
}

/**
 * One row per notebook, variant and part (a long table, so notebooks with different parts share it):
 * `notebook,seed,part,kind,key,params`, seed empty for the default variant. Cells are
 * spreadsheet-safe (quoted, and a leading = + - @ that is not a number is defused).
 */
export function keysCsv(notebooks: Notebook[], seeds: number[]): string {
  const lines = [['notebook', 'seed', 'part', 'kind', 'key', 'params'].join(',')];
  for (const nb of notebooks) {
    for (const row of keyRows(nb, seeds)) {
      const params = Object.entries(row.params).map(([k, v]) => `${k}=${v}`).join(' ');
      for (const k of row.keys) {
        lines.push([row.notebook, row.seed === null ? '' : String(row.seed), k.part, k.kind, k.key, params].map(csvCell).join(','));
      }
    }
  }
  return lines.join('\n') + '\n';
}
