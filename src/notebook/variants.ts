/**
 * Parameters of a notebook variant: the original homework's values without a seed, a
 * deterministic draw with one, and link overrides on top, each checked against its declaration.
 */
import { createRng, hashString } from '../core/rng';
import type { Notebook, ParamSpec, ParamValues } from './types';

export function defaultParams(params: Record<string, ParamSpec>): ParamValues {
  return Object.fromEntries(Object.entries(params).map(([k, s]) => [k, s.default]));
}

/** Each parameter draws from its own stream, so adding a parameter does not change the others. */
export function drawParams(params: Record<string, ParamSpec>, seed: number): ParamValues {
  const out: ParamValues = {};
  for (const [name, spec] of Object.entries(params)) {
    const rng = createRng(`${seed}:${name}`);
    out[name] = 'choose' in spec ? spec.choose[rng.int(0, spec.choose.length - 1)] : rng.int(spec.range[0], spec.range[1]);
  }
  return out;
}

/** A student's seed: stable for (notebook, student, salt), different across students. */
export function studentSeed(notebookId: string, studentId: string, salt: string): number {
  return hashString(`${notebookId}\u0000${studentId.trim().toLowerCase()}\u0000${salt}`) % 1_000_000_000;
}

export interface ParamProblem {
  param: string;
  message: string;
}

/** Nearest allowed value, so a bad link still opens a usable page. */
export function nearestValid(spec: ParamSpec, value: number): number {
  if ('choose' in spec) {
    return spec.choose.reduce((best, c) => (Math.abs(c - value) < Math.abs(best - value) ? c : best), spec.choose[0]);
  }
  return Math.min(spec.range[1], Math.max(spec.range[0], Math.round(value)));
}

export function describeAllowed(spec: ParamSpec): string {
  return 'choose' in spec ? `one of ${spec.choose.join(', ')}` : `a whole number from ${spec.range[0]} to ${spec.range[1]}`;
}

export function isValidParam(spec: ParamSpec, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  return 'choose' in spec ? spec.choose.includes(value) : Number.isInteger(value) && value >= spec.range[0] && value <= spec.range[1];
}

export interface ResolvedVariant {
  seed: number | null;
  params: ParamValues;
  problems: ParamProblem[];
}

/**
 * Values for a page: seed draw (or defaults), then overrides from the link. Unknown or invalid
 * overrides are reported and replaced by the nearest valid value instead of breaking the page.
 */
export function resolveVariant(nb: Notebook, seed: number | null, overrides: Record<string, string>): ResolvedVariant {
  const params = seed === null ? defaultParams(nb.params) : drawParams(nb.params, seed);
  const problems: ParamProblem[] = [];
  for (const [name, raw] of Object.entries(overrides)) {
    const spec = nb.params[name];
    if (!spec) {
      problems.push({ param: name, message: `This notebook has no parameter "${name}"; it was ignored.` });
      continue;
    }
    const value = Number(raw);
    if (isValidParam(spec, value)) {
      params[name] = value;
    } else {
      const fixed = nearestValid(spec, Number.isFinite(value) ? value : spec.default);
      params[name] = fixed;
      problems.push({ param: name, message: `${name}=${raw} is not allowed (${name} must be ${describeAllowed(spec)}); showing ${name}=${fixed} instead.` });
    }
  }
  return { seed, params, problems };
}
