import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stripTypes } from '../../../src/worker/studentCode';
import { handleCodeRun } from '../../../src/worker/codeRunCore';

const RIGHT_POOL = readFileSync('tests/unit/grading/fixtures/code/maxpool-right.js', 'utf8');

/** The same solution with TypeScript annotations on its signatures. */
const TYPED_POOL = RIGHT_POOL.replace('function maxPoolForward(x, param) {', 'type PoolParam = { poolHeight: number; poolWidth: number; stride: number };\nfunction maxPoolForward(x: NDArray, param: PoolParam): { out: NDArray; cache: unknown } {')
  .replace('function maxPoolBackward(dout, cache) {', 'function maxPoolBackward(dout: NDArray, cache: any): NDArray {');

describe('TypeScript in code cells', () => {
  it('strips types line for line, so error lines stay the student’s', () => {
    const ts = 'const a: number = 1;\ninterface P { x: number }\nfunction f(p: P): number {\n  return p.x as number;\n}';
    const js = stripTypes(ts);
    expect(js.split('\n')).toHaveLength(ts.split('\n').length);
    expect(js).not.toContain(': number');
    expect(js.split('\n')[3]).toContain('return p.x');
  });

  it('a typed correct solution passes every check', () => {
    expect(TYPED_POOL).toContain('x: NDArray');
    const r = handleCodeRun({ task: 'maxpool', code: TYPED_POOL, seed: 7 });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.report.rows.every((row) => row.pass)).toBe(true);
  });

  it('a TypeScript syntax error names its line', () => {
    const r = handleCodeRun({ task: 'maxpool', code: 'function maxPoolForward(x: NDArray, param) {\n  return x;\n}\nfunction maxPoolBackward(dout, cache: ) {\n}', seed: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.kind).toBe('syntax');
      expect(r.line).toBe(4);
      expect(r.error).toMatch(/^SyntaxError/);
    }
  });

  it('a runtime error in typed code reports the original line', () => {
    const code = 'function maxPoolForward(x: NDArray, param: any) {\n  const n: number = 1;\n  throw new Error("boom");\n}\nfunction maxPoolBackward(dout: NDArray, cache: any) { return dout; }';
    const r = handleCodeRun({ task: 'maxpool', code, seed: 1 });
    const text = JSON.stringify(r);
    expect(text).toContain('boom');
    expect(text).toContain('line 3');
  });
});
