/**
 * One restricted mathjs instance for everything that evaluates text from a notebook or a student.
 * mathjs parses into a syntax tree and interprets it (no `eval`, no `new Function`); on top of that
 * we switch off the functions that could reach beyond pure arithmetic, as its security notes advise.
 */
import { all, create, type EvalFunction, type MathNode } from 'mathjs';
import { memoized } from './memo';

export const math = create(all, { number: 'number', predictable: false });

// Saved before the names below are replaced: trees it builds compile against the limited namespace.
export const parseExpression: (text: string) => MathNode = math.parse;

const disabled = (name: string) => () => {
  throw new Error(`Function ${name} is not available here`);
};

math.import(
  {
    import: disabled('import'),
    createUnit: disabled('createUnit'),
    evaluate: disabled('evaluate'),
    parse: disabled('parse'),
    simplify: disabled('simplify'),
    derivative: disabled('derivative'),
    resolve: disabled('resolve'),
    reviver: disabled('reviver'),
  },
  { override: true },
);

/** Functions a student may use in an expression answer; `ln` is accepted as natural log. */
export const ALLOWED_FUNCTIONS = new Set([
  'sqrt', 'exp', 'log', 'ln', 'log2', 'log10', 'sin', 'cos', 'tan', 'abs', 'min', 'max',
  'cbrt', 'nthRoot', 'pow', 'tanh', 'sigmoid', 'floor', 'ceil',
]);

export const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E };

const DECIMAL_DIGIT = /\p{Nd}/u;

/**
 * A decimal digit of any script (Arabic-Indic ٠١٢, Devanagari ०१२, ...) as an ASCII digit. Unicode
 * puts each script's digits in a run of ten starting at its zero, so the value is the distance from
 * the start of the run. (NFKC has already turned full-width and mathematical digits into ASCII.)
 */
function asciiDigit(ch: string): string {
  const cp = ch.codePointAt(0)!;
  let start = cp;
  while (cp - start < 9 && DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return String((cp - start) % 10);
}

const ASCII = /^[\x00-\x7f]*$/;

/**
 * Unicode and calculator spellings students paste, mapped to what mathjs reads: NFKC (full-width
 * `１０８`, `－５`, `½`), digits of other scripts, the Arabic decimal and thousands marks, `√x`.
 */
export function normalizeMathText(text: string): string {
  // Plain ASCII (nearly every answer) has nothing below to map but `**`: a grader's class of 200
  // re-reads thousands of answers, and the Unicode passes were a quarter of that time.
  if (ASCII.test(text)) return text.replace(/\*\*/g, '^').trim();
  return text
    // Before NFKC, which would turn ² into a plain 2.
    .replace(/\u00b2/g, '^2')
    .replace(/\u00b3/g, '^3')
    .normalize('NFKC')
    .replace(/[^\x00-\x7f]/gu, (ch) => (DECIMAL_DIGIT.test(ch) ? asciiDigit(ch) : ch))
    .replace(/\u066b/g, '.')
    .replace(/\u066c/g, ',')
    .replace(/\u2044/g, '/')
    .replace(/[\u2212\u2013]/g, '-')
    .replace(/[\u00b7\u22c5\u00d7]/g, '*')
    .replace(/\u00f7/g, '/')
    .replace(/\*\*/g, '^')
    // √1024 and √n bind to the number or name that follows, as written maths means.
    .replace(/\u221a\s*(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+|[A-Za-z_][A-Za-z0-9_]*)/g, 'sqrt($1)')
    .replace(/\u221a/g, 'sqrt')
    .replace(/\u221b/g, 'cbrt')
    .replace(/\u03c0/g, 'pi')
    .trim();
}

/** Evaluate a parsed tree with a scope; functions listed by name in `extraFunctions` are callable. */
export function evaluateNode(node: MathNode, scope: Record<string, unknown>): unknown {
  return compiledOf(node).evaluate({ ln: Math.log, sigmoid: (x: number) => 1 / (1 + Math.exp(-x)), ...scope });
}

// Compiling costs far more than evaluating a small tree, and checks evaluate one tree at dozens of
// points (checkExpression) or for every student (keys): each tree is compiled once. Trees are never
// changed after parsing (transform returns new ones), so a compiled tree stays right.
const compiled = new WeakMap<MathNode, EvalFunction>();
function compiledOf(node: MathNode): EvalFunction {
  let c = compiled.get(node);
  if (!c) {
    c = node.compile();
    compiled.set(node, c);
  }
  return c;
}

const parsedText = memoized<MathNode>(2000);

/**
 * `parseExpression` for texts parsed again and again (a part's key for each of 200 students): the
 * same tree each time, which callers must not change. A text that does not parse throws each time.
 */
export function parseExpressionCached(text: string): MathNode {
  return parsedText(text, () => parseExpression(text));
}

/** Every name a tree reads (variables, constants, function names); worked out once per tree. */
const symbolCache = new WeakMap<MathNode, string[]>();
export function symbolsOf(tree: MathNode): string[] {
  let names = symbolCache.get(tree);
  if (!names) {
    names = [...new Set(tree.filter((n) => (n as MathNode & { isSymbolNode?: boolean }).isSymbolNode === true).map((n) => (n as MathNode & { name: string }).name))];
    symbolCache.set(tree, names);
  }
  return names;
}
