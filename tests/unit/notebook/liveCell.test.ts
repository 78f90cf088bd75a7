import { describe, expect, it } from 'vitest';
import { NotebookError, parseNotebook } from '../../../src/notebook/parse';

const head = `---\nid: demo\ntitle: Demo\nparams:\n  n: { range: [2, 16], default: 4 }\n---\n`;

function errorOf(text: string): string {
  try {
    parseNotebook(text, 'notebooks/demo.md');
  } catch (e) {
    if (e instanceof NotebookError) return e.message;
    throw e;
  }
  throw new Error('expected a NotebookError');
}

describe(':::live blocks', () => {
  it('reads the id, the code, the line of its first code line, the caption and the time limit', () => {
    const text = `${head}\nIntro.\n\n:::live{#ring-sim timeout=2}\nMove the slider.\n\n\`\`\`js\nconst n = slider('n', { min: 2, max: 16, value: params.n });\ndisplay(n);\n\`\`\`\n:::\n`;
    const nb = parseNotebook(text, 'notebooks/demo.md');
    const cell = nb.cells[1];
    expect(cell).toMatchObject({ kind: 'live', id: 'ring-sim', timeLimit: 2, caption: 'Move the slider.', line: 10 });
    if (cell.kind !== 'live') throw new Error('not a live cell');
    expect(cell.code).toBe("const n = slider('n', { min: 2, max: 16, value: params.n });\ndisplay(n);");
    expect(text.split('\n')[cell.codeLine - 1]).toBe("const n = slider('n', { min: 2, max: 16, value: params.n });");
  });

  it('defaults to 5 s and accepts ts code', () => {
    const nb = parseNotebook(`${head}\n:::live{#a}\n\`\`\`ts\nconst x: number = 1;\n\`\`\`\n:::\n`, 'x.md');
    expect(nb.cells[0]).toMatchObject({ kind: 'live', timeLimit: 5, caption: '' });
  });

  it('names the file and line of a malformed live block', () => {
    expect(errorOf(`${head}\n:::live\n\`\`\`js\n1\n\`\`\`\n:::\n`)).toBe('notebooks/demo.md:8: a live cell needs an id, e.g. :::live{#ring-sim}');
    expect(errorOf(`${head}\n:::live{#a}\nno code\n:::\n`)).toMatch(/^notebooks\/demo.md:8: live cell a: put exactly one ```js code block inside \(found 0\)/);
    expect(errorOf(`${head}\n:::live{#a}\n\`\`\`python\n1\n\`\`\`\n:::\n`)).toMatch(/demo.md:9: live cell a: the code block must be js or ts, not "python"/);
    expect(errorOf(`${head}\n:::live{#a timeout=0}\n\`\`\`js\n1\n\`\`\`\n:::\n`)).toMatch(/timeout must be seconds/);
    expect(errorOf(`${head}\n:::live{#a}\n\`\`\`js\n1\n\`\`\`\n:::\n\n:::live{#a}\n\`\`\`js\n2\n\`\`\`\n:::\n`)).toMatch(/"a" is used twice/);
  });
});
