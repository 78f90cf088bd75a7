/**
 * Turns a student's code into functions. Runs inside the code worker (never on the page's thread),
 * so a loop or a crash only costs the worker. JavaScript or TypeScript: Sucrase strips the types
 * (no type checking) and keeps every line where it was, so error lines need no source map.
 */
import { transform } from 'sucrase';
import * as nd from '../core/reference/ndarray';
import { createRng } from '../core/rng';
import { describeThrown } from '../core/errorMessage';

/** What the student's code sees as globals: the float64 array helpers and a seeded RNG. */
export const STUDENT_SCOPE: Record<string, unknown> = {
  NDArray: nd.NDArray,
  zeros: nd.zeros,
  ones: nd.ones,
  full: nd.full,
  zerosLike: nd.zerosLike,
  randn: nd.randn,
  linspace: nd.linspace,
  fromArray: nd.fromArray,
  fromNested: nd.fromNested,
  reshape: nd.reshape,
  transpose: nd.transpose,
  map: nd.map,
  add: nd.add,
  sub: nd.sub,
  mul: nd.mul,
  div: nd.div,
  sum: nd.sum,
  sumAll: nd.sumAll,
  maxAbs: nd.maxAbs,
  matmul: nd.matmul,
  createRng,
};

/** TypeScript to JavaScript, line for line; plain JavaScript passes through unchanged. */
export function stripTypes(code: string): string {
  try {
    return transform(code, { transforms: ['typescript'], disableESTransforms: true }).code;
  } catch (e) {
    // Sucrase's parser reports "Unexpected token (3:5)" with a `loc`.
    const loc = (e as { loc?: { line: number } }).loc;
    const message = ((e as Error).message ?? String(e)).replace(/\s*\(\d+:\d+\)$/, '');
    throw new StudentCodeError(`SyntaxError: ${message}`, loc?.line ?? null, 'syntax');
  }
}

/** Lines the wrapper adds above the student's code; stack line numbers are shifted back by this. */
export const HEADER_LINES = 2;

export class StudentCodeError extends Error {
  constructor(
    message: string,
    readonly line: number | null,
    readonly kind: 'syntax' | 'runtime',
  ) {
    super(message);
  }
}

/** The student's line for an error thrown from the compiled code, from V8/SpiderMonkey stack text. */
export function studentLine(err: unknown): number | null {
  let stack = '';
  try {
    const s: unknown = err instanceof Error ? err.stack : '';
    stack = typeof s === 'string' ? s.slice(0, 10_000) : '';
  } catch {
    // A Proxy or a getter that throws: no line.
  }
  // new Function code shows up as "<anonymous>:LINE:COL" (V8) or "Function:LINE:COL" (Firefox).
  const m = /(?:<anonymous>|Function):(\d+):(\d+)/.exec(stack);
  if (!m) return null;
  const line = Number(m[1]) - HEADER_LINES;
  return line >= 1 ? line : null;
}

/**
 * Turns the wrapper's parameter names and body into a function, the way `new Function(...params,
 * body)` does (its source starts with HEADER_LINES lines before the body). The batch grader passes
 * one that evaluates inside an SES Compartment instead, where no host object exists.
 */
export type FactoryCompiler = (params: string[], body: string) => (...args: unknown[]) => unknown;

// Student code must run; this is the one place GradBook compiles text, inside a worker.
const nativeCompiler: FactoryCompiler = (params, body) => new Function(...params, body) as (...args: unknown[]) => unknown;

/**
 * Compiles `code` (which declares functions at top level) and returns those of `names` it
 * defines. Throws StudentCodeError with a line where one can be found.
 */
export function compileStudentCode(code: string, names: readonly string[], findSyntaxLine?: (code: string) => number | null, compile: FactoryCompiler = nativeCompiler): Record<string, unknown> {
  code = stripTypes(code);
  const scopeNames = Object.keys(STUDENT_SCOPE);
  const exportsList = names.map((n) => `${JSON.stringify(n)}: typeof ${n} === 'undefined' ? undefined : ${n}`).join(', ');
  // The wrapper's first HEADER_LINES lines: V8 puts "function anonymous(...) {" and a line break
  // before the body, so the body's first line is line 3 of the generated source.
  // Strict mode everywhere: the grader's sandbox (an SES Compartment) can only run strict code,
  // so the page runs it strict too and shows the same error (`for (i = 0; ...)` without `let`).
  // On the student's first line, so that every line keeps its number.
  const body = `'use strict'; ${code}\n;return { ${exportsList} };`;
  let factory: (...args: unknown[]) => unknown;
  try {
    factory = compile(scopeNames, body);
  } catch (e) {
    if (e instanceof StudentCodeError) throw e;
    const line = findSyntaxLine?.(code) ?? null;
    throw new StudentCodeError(`${(e as Error).name}: ${(e as Error).message}`, line, 'syntax');
  }
  try {
    return factory(...scopeNames.map((n) => STUDENT_SCOPE[n])) as Record<string, unknown>;
  } catch (e) {
    throw new StudentCodeError(describeThrown(e), studentLine(e), 'runtime');
  }
}
