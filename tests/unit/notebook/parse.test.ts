import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NotebookError, parseNotebook } from '../../../src/notebook/parse';
import { answerParts } from '../../../src/notebook/types';

const head = `---\nid: demo\ntitle: Demo\nparams:\n  n: { range: [2, 16], default: 4 }\n---\n`;

function errorOf(text: string): NotebookError {
  try {
    parseNotebook(text, 'notebooks/demo.md');
  } catch (e) {
    if (e instanceof NotebookError) return e;
    throw e;
  }
  throw new Error('expected a NotebookError');
}

describe('parseNotebook', () => {
  it('splits prose, answers and widgets', () => {
    const nb = parseNotebook(
      `${head}\nIntro with {{n}}.\n\n:::answer{#1a kind=number key="n*2" points=2 rtol=0.01}\nWhat is $2n$?\n:::\n\nMore prose.\n\n:::widget{name=conv-params cin=n}\n:::\n`,
      'notebooks/demo.md',
    );
    expect(nb.cells.map((c) => c.kind)).toEqual(['prose', 'answer', 'prose', 'widget']);
    const [a] = answerParts(nb);
    expect(a).toMatchObject({ id: '1a', answerKind: 'number', key: 'n*2', points: 2, tolerance: { rel: 0.01 } });
    expect(a.prompt).toContain('What is $2n$?');
    expect(nb.params.n).toEqual({ range: [2, 16], default: 4, label: undefined });
    expect(nb.cells[3]).toMatchObject({ kind: 'widget', name: 'conv-params', props: { cin: 'n' } });
  });

  it('reads choice options and expression variables', () => {
    const nb = parseNotebook(
      `${head}\n:::answer{#3a kind=choice key=b}\nPick one\n\n- (a) $\\mu$\n- (b) $\\sigma^2$\n:::\n\n:::answer{#4a kind=expression key="n*(n-1)" vars="n:2..16:int p"}\nCount\n:::\n`,
      'x.md',
    );
    const [c, e] = answerParts(nb);
    expect(c.options.map((o) => o.id)).toEqual(['a', 'b']);
    expect(c.options[1].label).toBe('$\\sigma^2$');
    expect(e.variables).toEqual([
      { name: 'n', min: 2, max: 16, integer: true },
      { name: 'p', min: 0.1, max: 0.9, integer: false },
    ]);
  });

  it('names the file and line of a malformed file', () => {
    expect(errorOf('no front matter').message).toMatch(/^notebooks\/demo\.md:1: .*front matter/);
    expect(errorOf('---\nid: Bad Id\ntitle: x\n---\n').message).toMatch(/demo\.md:1: front matter: id/);
    expect(errorOf('---\nid: a\ntitle: [unclosed\n---\n').message).toMatch(/not valid YAML/);
    const noKey = errorOf(`${head}\ntext\n\n:::answer{#1a kind=number}\nq\n:::\n`);
    expect(noKey.line).toBe(10);
    expect(noKey.message).toMatch(/part 1a: a number answer needs a key/);
    expect(errorOf(`${head}\n:::answer{kind=number key=1}\n:::\n`).message).toMatch(/needs a part id/);
    expect(errorOf(`${head}\n:::answer{#1a kind=guess key=1}\n:::\n`).message).toMatch(/unknown kind "guess"/);
    expect(errorOf(`${head}\n:::frobnicate\n:::\n`).message).toMatch(/unknown block ":::frobnicate"/);
    expect(errorOf(`${head}\n:::answer{#1a kind=choice key=c}\nq\n\n- (a) x\n- (b) y\n:::\n`).message).toMatch(/key "c" is not one of the options/);
    const dup = errorOf(`${head}\n:::answer{#1a}\n:::\n\n:::answer{#1a}\n:::\n`);
    expect(dup.message).toMatch(/used twice \(first on line 8\)/);
    expect(errorOf('---\nid: a\ntitle: t\nparams:\n  n: { range: [5, 2] }\n---\n').message).toMatch(/empty/);
  });

  it('rejects, with file and line, a fence that does not close where it should', () => {
    // The reverse of the README's nesting: the inner `::::` closes the outer block too.
    const reversed = errorOf(`${head}\n:::answer{#1a kind=text}\nWhy?\n\n::::reference\nBecause.\n::::\n:::\n`);
    expect(reversed.message).toMatch(/^notebooks\/demo\.md:11: the :::reference block inside the :::answer block is not closed by its own fence/);
    const stray = errorOf(`${head}\n:::answer{#1a kind=number key=1}\nq\n:::\n:::\n\nProse.\n`);
    expect(stray.line).toBe(11);
    expect(stray.message).toMatch(/":::" is not a block/);
    const unclosed = errorOf(`${head}\nIntro.\n\n:::answer{#1a kind=number key=1}\nq\n`);
    expect(unclosed.line).toBe(10);
    expect(unclosed.message).toMatch(/the :::answer block is not closed/);
    // The README's nesting parses, with the reference read.
    const ok = parseNotebook(`${head}\n::::answer{#1a kind=text}\nWhy?\n\n:::reference\nBecause.\n:::\n::::\n`, 'x.md');
    expect(answerParts(ok)[0].reference).toBe('Because.');
  });

  it('reads the partial-credit rule of a matrix part, and rejects an unknown one', () => {
    const nb = parseNotebook(
      `${head}\n:::answer{#1a kind=matrix key="[[1]]" partial}\n:::\n\n:::answer{#1b kind=matrix key="[[1]]" partial=rows}\n:::\n\n:::answer{#1c kind=matrix key="[[1]]" partial=threshold:0.9}\n:::\n\n:::answer{#1d kind=matrix key="[[1]]" partial=all}\n:::\n\n:::answer{#1e kind=matrix key="[[1]]"}\n:::\n`,
      'x.md',
    );
    expect(answerParts(nb).map((p) => [p.partialCredit, p.matrixCredit])).toEqual([
      [true, { by: 'entries' }],
      [true, { by: 'rows' }],
      [true, { by: 'threshold', fraction: 0.9 }],
      [true, { by: 'all' }],
      [false, undefined],
    ]);
    const bad = errorOf(`${head}\ntext\n\n:::answer{#1a kind=matrix key="[[1]]" partial=columns}\n:::\n`);
    expect(bad.message).toMatch(/^notebooks\/demo\.md:10: part 1a: partial="columns" is not a rule/);
    expect(errorOf(`${head}\n:::answer{#1a kind=matrix key="[[1]]" partial=threshold:1.5}\n:::\n`).message).toMatch(/not a rule/);
  });

  it('parses every notebook shipped in notebooks/', () => {
    const files = readdirSync('notebooks').filter((f) => f.endsWith('.md'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const nb = parseNotebook(readFileSync(`notebooks/${f}`, 'utf8'), `notebooks/${f}`);
      // A notebook may consist of code cells only (hw1c-layers.md).
      expect(answerParts(nb).length + nb.cells.filter((c) => c.kind === 'code').length).toBeGreaterThan(0);
    }
  });
});
