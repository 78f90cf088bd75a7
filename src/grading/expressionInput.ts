import type { MathNode } from 'mathjs';
import { ALLOWED_FUNCTIONS, CONSTANTS, math, normalizeMathText, parseExpression } from '../core/safeMath';
import { quote, syntaxProblem } from './inputText';
import type { Parsed } from './numberInput';

interface NodeLike {
  type: string;
  name?: string;
  fn?: { name?: string };
  args?: MathNode[];
}

/**
 * Parse a student's expression in the given variables. Written maths uses juxtaposition for
 * products, so `p(1-p)` is a product, not a call of a function named p: such calls are rewritten
 * into multiplications before anything else looks at the tree.
 */
export function parseStudentExpression(raw: string, variables: string[]): Parsed<MathNode> {
  const text = normalizeMathText(raw);
  if (text === '') return { ok: false, message: 'Type an expression first.' };
  let tree: MathNode;
  try {
    tree = parseExpression(text);
  } catch (e) {
    return { ok: false, message: `Cannot read ${quote(raw)}: ${syntaxProblem(e, text)}.` };
  }
  const vars = new Set(variables);
  let rewritten: MathNode;
  try {
    rewritten = tree.transform((node) => {
      const n = node as unknown as NodeLike;
      if (n.type === 'FunctionNode' && n.fn?.name && vars.has(n.fn.name) && n.args?.length === 1) {
        return new math.OperatorNode('*', 'multiply', [new math.SymbolNode(n.fn.name), n.args[0]], true);
      }
      return node;
    });
  } catch {
    return { ok: false, message: `Cannot read ${quote(raw)}: it is not written the way this page reads maths.` };
  }
  const problem = findProblem(rewritten, vars);
  if (problem) return { ok: false, message: problem };
  return { ok: true, value: rewritten };
}

function findProblem(tree: MathNode, vars: Set<string>): string | null {
  const allowedNames = [...vars].join(', ') || '(no variables)';
  let problem: string | null = null;
  tree.traverse((node, _path, parent) => {
    if (problem) return;
    const n = node as unknown as NodeLike;
    switch (n.type) {
      case 'AssignmentNode':
      case 'FunctionAssignmentNode':
      case 'BlockNode':
      case 'AccessorNode':
      case 'IndexNode':
      case 'ObjectNode':
      case 'RangeNode':
        problem = 'Type a single expression: assignments, blocks, indexing and ranges are not allowed.';
        return;
      case 'ConstantNode': {
        const value = (node as unknown as { value: unknown }).value;
        if (typeof value === 'number' && !Number.isFinite(value)) problem = 'A number in it is too large to work with (beyond about 1.8e308): check the exponent.';
        return;
      }
      case 'ArrayNode':
        problem = 'Type a single expression, not a list or matrix.';
        return;
      case 'FunctionNode': {
        const name = n.fn?.name ?? '';
        if (!ALLOWED_FUNCTIONS.has(name)) {
          problem = `Unknown function ${quote(name)}. You can use ${allowedNames} and functions such as sqrt, exp, log.`;
        }
        return;
      }
      case 'SymbolNode': {
        const p = parent as unknown as NodeLike | null;
        const isCallee = p?.type === 'FunctionNode' && (p.fn as unknown) === node;
        if (isCallee) return;
        if (!vars.has(n.name ?? '') && !(n.name! in CONSTANTS)) {
          problem = `Unknown name ${quote(n.name ?? '')}: use only ${allowedNames}.`;
        }
        return;
      }
      default:
        return;
    }
  });
  return problem;
}

/** LaTeX for the live preview of what the student typed (mathjs writes it from the tree). */
export function expressionToTex(tree: MathNode): string {
  return tree.toTex({ parenthesis: 'auto', implicit: 'hide' });
}
