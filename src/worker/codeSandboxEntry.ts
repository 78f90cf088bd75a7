/**
 * The batch grading command's code runner, bundled with SES (Hardened JavaScript) into the one
 * script a fresh, locked-down child process runs per code run (scripts/code-sandbox.mjs, the
 * threat model in src/grading/README.md).
 *
 * `lockdown()` freezes every built-in of the process; the student's code is then evaluated in a
 * new Compartment, a global scope of its own that holds no host object at all (no `process`,
 * `require`, `import()`, timers or network), only the array helpers, a silent console, a clock and
 * Math. The trusted checks run outside it, in the start compartment, call the student's functions
 * and read back copies of plain numbers, so the student's code can neither reach the process nor
 * forge its own results.
 */
import 'ses';
import { handleCodeRun } from './codeRunCore';
import { HEADER_LINES, STUDENT_SCOPE, StudentCodeError, type FactoryCompiler } from './studentCode';

let locked = false;

/** Freezes the realm. Once per process, before any student code is compiled. */
export function lockdownRealm(): void {
  if (locked) return;
  lockdown({
    // Stacks stay readable to the trusted side, which takes the student's line from them.
    errorTaming: 'unsafe',
    stackFiltering: 'verbose',
    consoleTaming: 'unsafe',
    // The default ('moderate') turns many built-in prototype properties into accessors, which made
    // the checks (ndarray loops over Float64Arrays) three times slower; the trusted code assigns
    // none of the properties that 'min' leaves frozen as data.
    overrideTaming: 'min',
    // The child process reports and exits on its own terms; SES must not install handlers.
    errorTrapping: 'none',
    unhandledRejectionTrapping: 'none',
  });
  for (const v of Object.values(STUDENT_SCOPE)) harden(v);
  locked = true;
}

const silent = () => undefined;

/**
 * What the student's code sees besides the helpers: what the page's worker offers that students
 * use. Math and Date from the start compartment (their `random` and `now` work; a compartment's
 * own throw in SES), and the float typed arrays, which SES leaves out of compartments for a
 * side channel (NaN bit patterns) that does not matter here; all frozen by lockdown.
 */
function endowments(): Record<string, unknown> {
  return harden({
    console: { log: silent, info: silent, warn: silent, error: silent, debug: silent, table: silent },
    performance: { now: () => performance.now() },
    Math,
    Date,
    Float32Array,
    Float64Array,
  });
}

/** SES refuses source that merely looks like `import(`, a direct `eval(` or an HTML comment, before running any of it. */
function rejectedSource(e: unknown): StudentCodeError | null {
  const m = e instanceof SyntaxError ? /SES_(IMPORT|EVAL|HTML_COMMENT)_REJECTED/.exec(e.message) : null;
  if (!m) return null;
  const at = /<unknown>:(\d+)/.exec(e instanceof Error ? e.message : '');
  const line = at ? Number(at[1]) - HEADER_LINES : null;
  const what = {
    IMPORT: 'import(...) cannot be used in checked code (no modules can be loaded)',
    EVAL: 'eval(...) cannot be used in checked code',
    HTML_COMMENT: 'HTML comments (<!-- or -->) cannot be used in checked code',
  }[m[1]];
  return new StudentCodeError(`SyntaxError: ${what}`, line !== null && line >= 1 ? line : null, 'syntax');
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * `new Function(...params, body)`, evaluated in a fresh Compartment; same header lines, so lines
 * match. The compartment's globals are handed in as parameters of an outer function: a name
 * looked up through SES's scope (a `with` block) costs a slow dynamic lookup each time, and
 * `Math.max` in a student's inner loop made the checks 5 to 10 times slower. The student's code sits
 * in an inner function, so it may still declare a name of its own that shadows one of them.
 */
export const compartmentCompiler: FactoryCompiler = (params, body) => {
  const compartment = new Compartment({ globals: endowments(), __options__: true });
  const global = compartment.globalThis as Record<string, unknown>;
  const names = Object.getOwnPropertyNames(global).filter((n) => IDENTIFIER.test(n) && n !== 'eval' && !params.includes(n));
  let outer: (...globals: unknown[]) => (...args: unknown[]) => unknown;
  try {
    outer = compartment.evaluate(`(function (${names.join(', ')}) { return function (${params.join(', ')}\n) {\n${body}\n}; })`) as typeof outer;
  } catch (e) {
    throw rejectedSource(e) ?? e;
  }
  return outer(...names.map((n) => global[n]));
};

/** One run, JSON in and out: the request is read and the answer made by the trusted side only. */
export function runIsolated(requestJson: string): string {
  lockdownRealm();
  return JSON.stringify(handleCodeRun(JSON.parse(requestJson), { compile: compartmentCompiler }));
}
