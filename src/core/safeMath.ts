/**
 * One restricted mathjs instance for everything that evaluates text from a notebook or a student.
 * mathjs parses into a syntax tree and interprets it (no `eval`, no `new Function`); on top of that
 * we switch off the functions that could reach beyond pure arithmetic, as its security notes advise.
 */
import { all, create, type MathNode } from 'mathjs';

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

/** Unicode and calculator spellings students paste, mapped to what mathjs reads. */
export function normalizeMathText(text: string): string {
  return text
    .replace(/[\u2212\u2013]/g, '-')
    .replace(/[\u00b7\u22c5\u00d7]/g, '*')
    .replace(/\u00f7/g, '/')
    .replace(/\*\*/g, '^')
    .replace(/\u221a/g, 'sqrt')
    .replace(/\u03c0/g, 'pi')
    .replace(/\u00b2/g, '^2')
    .replace(/\u00b3/g, '^3')
    .trim();
}

/** Evaluate a parsed tree with a scope; functions listed by name in `extraFunctions` are callable. */
export function evaluateNode(node: MathNode, scope: Record<string, unknown>): unknown {
  return node.compile().evaluate({ ln: Math.log, sigmoid: (x: number) => 1 / (1 + Math.exp(-x)), ...scope });
}
