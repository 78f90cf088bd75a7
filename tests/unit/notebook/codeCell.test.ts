import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isCodeTask } from '../../../src/grading/codeChecks';
import { parseNotebook } from '../../../src/notebook/parse';
import type { CodeCell } from '../../../src/notebook/types';

const head = '---\nid: t\ntitle: T\n---\n';

describe(':::code cells', () => {
  it('reads id, task, points, uses and timeout, with the prompt as Markdown', () => {
    const nb = parseNotebook(`${head}\n:::code{#5b task=batchnorm-backward points=2 uses="5a" timeout=8}\nWrite **it**.\n:::\n`, 't.md');
    expect(nb.cells).toEqual([{ kind: 'code', id: '5b', task: 'batchnorm-backward', points: 2, uses: ['5a'], timeLimit: 8, partialCredit: false, prompt: 'Write **it**.', line: 6 }]);
  });

  it('defaults to 1 point and 5 s, and names bad attributes with their line', () => {
    const cell = parseNotebook(`${head}:::code{#1 task=conv}\n:::\n`, 't.md').cells[0] as CodeCell;
    expect([cell.points, cell.timeLimit, cell.uses, cell.partialCredit]).toEqual([1, 5, [], false]);
    const partial = parseNotebook(`${head}:::code{#1 task=conv points=3 partial}\n:::\n`, 't.md').cells[0] as CodeCell;
    expect([partial.points, partial.partialCredit]).toEqual([3, true]);
    expect(() => parseNotebook(`${head}:::code{#1}\n:::\n`, 't.md')).toThrow(/t.md:5: part 1: a code cell needs task=/);
    expect(() => parseNotebook(`${head}:::code{task=conv}\n:::\n`, 't.md')).toThrow(/needs a part id/);
    expect(() => parseNotebook(`${head}:::code{#1 task=conv timeout=0}\n:::\n`, 't.md')).toThrow(/timeout/);
    expect(() => parseNotebook(`${head}:::code{#1 task=conv}\n:::\n:::code{#1 task=conv}\n:::\n`, 't.md')).toThrow(/used twice/);
  });

  it('the hw1-layers notebook has a known task in every code cell, and uses only earlier parts', () => {
    const nb = parseNotebook(readFileSync('notebooks/hw1c-layers.md', 'utf8'), 'notebooks/hw1c-layers.md');
    expect(nb.id).toBe('hw1-layers');
    const code = nb.cells.filter((c): c is CodeCell => c.kind === 'code');
    expect(code.map((c) => c.id)).toEqual(['5a', '5b', '5c', '5d', '5e', '5f', '5g']);
    const seen = new Set<string>();
    for (const c of code) {
      expect(isCodeTask(c.task), c.task).toBe(true);
      for (const u of c.uses) expect(seen.has(u), `${c.id} uses ${u}`).toBe(true);
      seen.add(c.id);
    }
    expect(nb.cells.some((c) => c.kind === 'widget' && c.name === 'layer-playground')).toBe(true);
  });
});
