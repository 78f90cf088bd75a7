// src/ui must have no import cycle: a page importing the app shell that imports it is how the store
// context used to be shared, and a cycle makes module order (and hot reload) fragile.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const uiDir = resolve(__dirname, '../../../src/ui');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(name) ? [p] : [];
  });
}

function resolveImport(from: string, spec: string, files: Set<string>): string | undefined {
  const base = resolve(dirname(from), spec);
  return [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((c) => files.has(c));
}

function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string): string[] | null => {
    if (state.get(f) === 'done') return null;
    if (state.get(f) === 'open') return stack.slice(stack.indexOf(f)).concat(f);
    state.set(f, 'open');
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      const c = visit(g);
      if (c) return c;
    }
    stack.pop();
    state.set(f, 'done');
    return null;
  };
  for (const f of graph.keys()) {
    const c = visit(f);
    if (c) return c;
  }
  return null;
}

describe('src/ui imports', () => {
  it('form no cycle (static imports; lazy import() calls are not edges)', () => {
    const files = sourceFiles(uiDir);
    const set = new Set(files);
    const graph = new Map<string, string[]>();
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const specs = [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+['"](\.[^'"]+)['"]/gm)].map((m) => m[1]);
      graph.set(f, specs.map((s) => resolveImport(f, s, set)).filter((x): x is string => !!x));
    }
    const cycle = findCycle(graph);
    expect(cycle && cycle.map((f) => f.slice(uiDir.length + 1))).toBeNull();
  });
});
