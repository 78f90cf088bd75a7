import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NotebookError, parseNotebook } from '../../../src/notebook/parse';

const head = `---\nid: demo\ntitle: Demo\n---\n`;

describe(':::training cells', () => {
  it('reads the part id, the control defaults and the prompt', () => {
    const nb = parseNotebook(`${head}\n:::training{#4a epochs=2 optimizer=sgd}\nTrain it.\n:::\n\n:::answer{#4b kind=text}\nWhy?\n:::\n`, 'notebooks/demo.md');
    expect(nb.cells[0]).toMatchObject({ kind: 'training', id: '4a', defaults: { epochs: '2', optimizer: 'sgd' } });
    expect(nb.cells[0].kind === 'training' && nb.cells[0].prompt).toContain('Train it.');
  });

  it('needs a part id', () => {
    expect(() => parseNotebook(`${head}\n:::training{epochs=2}\n:::\n`, 'notebooks/demo.md')).toThrow(NotebookError);
    expect(() => parseNotebook(`${head}\n:::training{epochs=2}\n:::\n`, 'notebooks/demo.md')).toThrow(/training cell needs a part id/);
  });

  it('the shipped notebook hw1d has one training cell', () => {
    const nb = parseNotebook(readFileSync('notebooks/hw1d-train-cnn.md', 'utf8'), 'notebooks/hw1d-train-cnn.md');
    expect(nb.id).toBe('hw1-train');
    expect(nb.cells.filter((c) => c.kind === 'training').map((c) => c.kind === 'training' && c.id)).toEqual(['4a']);
  });
});
