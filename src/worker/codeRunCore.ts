/**
 * One code-cell run: compile the student's code, run the task's checks, describe what went wrong.
 * No DOM and no worker globals, so the page's Web Worker (codeRunner.ts) and the batch grading
 * command's Node sandbox (codeSandboxEntry.ts) run exactly this.
 */
import { runCodeChecks, TASK_FUNCTIONS, isCodeTask, withGraderCases } from '../grading/codeChecks';
import type { CodeRunRequest, CodeRunResponse } from '../grading/codeGrading';
import { describeThrown } from '../core/errorMessage';
import { compileStudentCode, STUDENT_SCOPE, StudentCodeError, studentLine, type FactoryCompiler } from './studentCode';
import { syntaxErrorLine } from './syntaxLine';

// A bare Node vm context has no `performance`; Date is everywhere.
const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Freezes the built-ins and helpers the checks rely on, so the student's code cannot change how
 * its results are measured (`Math.abs = () => 0`, a patched `Array.prototype.filter`). For a
 * realm that runs one student's code and is then thrown away: the page's worker, the grader's
 * sandbox context. Never in a realm that runs anything else afterwards.
 */
export function lockIntrinsics(): void {
  const g = globalThis as Record<string, unknown>;
  const typedArray = Object.getPrototypeOf(Float64Array) as object;
  const roots: unknown[] = [Math, JSON, Reflect, Object, Array, Function, Number, String, Boolean, Symbol, Map, Set, Float64Array, Float32Array, Int32Array, Uint8Array, typedArray, ...Object.values(STUDENT_SCOPE)];
  for (const name of ['Math', 'JSON', 'Reflect', 'Object', 'Array', 'Function', 'Number', 'String', 'Float64Array', 'Map', 'Set', 'Symbol', 'Boolean']) {
    Object.defineProperty(g, name, { writable: false, configurable: false });
  }
  for (const r of roots) {
    Object.freeze(r);
    const proto = (r as { prototype?: unknown }).prototype;
    if (proto && typeof proto === 'object') Object.freeze(proto);
  }
}

export interface CodeRunOptions {
  /** Freeze the built-ins first (a realm thrown away after this run). */
  lockdown?: boolean;
  /** How the student's code is compiled; `new Function` unless the caller isolates it further. */
  compile?: FactoryCompiler;
}

export function handleCodeRun({ task, code, seed, extra }: CodeRunRequest, options: CodeRunOptions = {}): CodeRunResponse {
  const start = now();
  try {
    if (options.lockdown) lockIntrinsics();
    if (!isCodeTask(task)) throw new Error(`unknown task "${task}"`);
    const fns = compileStudentCode(code, TASK_FUNCTIONS[task], syntaxErrorLine, options.compile);
    // Rows whose exception came from the student's code name its line.
    const report = runCodeChecks(task, fns, seed, (err) => {
      const line = studentLine(err);
      const text = describeThrown(err);
      return line === null ? text : `${text} (line ${line})`;
    });
    return { ok: true, report: extra?.length ? withGraderCases(report, task, fns, extra) : report, ms: now() - start };
  } catch (e) {
    if (e instanceof StudentCodeError) return { ok: false, error: e.message, line: e.line, kind: e.kind };
    return { ok: false, error: describeThrown(e), line: studentLine(e), kind: 'setup' };
  }
}
