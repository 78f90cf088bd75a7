import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatLint, lintCourse, lintNotebook, registerCellLinter, cellLinters, unbalancedDirectives, type LiveCellRunner } from '../../../src/grading/lint';

const head = (params = 'params:\n  n: { range: [2, 9], default: 4 }\n') => `---\nid: t\ntitle: T\n${params}---\n`;
const lint = (body: string, opts = {}) => lintNotebook(head() + body, 'notebooks/t.md', opts).map(formatLint);

describe('lintNotebook', () => {
  it('passes a clean notebook', () => {
    const body = [
      'Some $x$ and {{n*2}}. ![net](img/net.svg)',
      '',
      ':::answer{#1a kind=number key="n*n"}',
      'Square?',
      ':::',
      '',
      ':::answer{#1b kind=matrix key="[[n, 0], [0, 1]]"}',
      'M?',
      ':::',
      '',
      ':::answer{#1c kind=expression key="n*p" vars="p"}',
      'E?',
      ':::',
      '',
      ':::answer{#1d kind=choice key=b}',
      'C?',
      '',
      '- (a) x',
      '- (b) y',
      ':::',
    ].join('\n');
    expect(lint(body, { assets: ['img/net.svg'] })).toEqual([]);
  });

  it('names unknown functions and parameters with their line', () => {
    const out = lint(':::answer{#1a kind=number key="frob(n) + m"}\nQ\n:::\n');
    expect(out).toContain('notebooks/t.md:7: part 1a: the key calls an unknown function "frob"');
    expect(out).toContain('notebooks/t.md:7: part 1a: the key uses an unknown parameter "m" (known: n)');
  });

  it('finds a key that fails only at some seeds or at a corner of the parameter box', () => {
    const out = lint(':::answer{#1a kind=number key="1/(n-9)"}\nQ\n:::\n');
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^notebooks\/t\.md:7: part 1a: the key does not give a number at (seed \d+|every parameter at its largest) \(n=9\)$/);
  });

  it('finds a ragged matrix key', () => {
    const out = lint(':::answer{#2a kind=matrix key="[[1, 2], [3]]"}\nQ\n:::\n');
    expect(out.join('\n')).toMatch(/notebooks\/t\.md:7: part 2a: /);
  });

  it('names templates that cannot be filled', () => {
    expect(lint('text\n\nvalue {{q+1}}\n')).toEqual(['notebooks/t.md:9: {{q+1}} uses an unknown parameter "q" (known: n)']);
  });

  it('finds duplicate part ids, choice keys that are no option, unknown blocks and missing assets', () => {
    expect(lint(':::answer{#1a kind=number key=1}\nQ\n:::\n\n:::answer{#1a kind=number key=2}\nQ\n:::\n')).toEqual([
      'notebooks/t.md:11: part id "1a" is used twice (first on line 7)',
    ]);
    expect(lint(':::answer{#1a kind=choice key=c}\nQ\n\n- (a) x\n- (b) y\n:::\n')[0]).toMatch(/:7: part 1a: key "c" is not one of the options/);
    expect(lint(':::quiz{#q}\nQ\n:::\n')[0]).toMatch(/^notebooks\/t\.md:7: unknown block ":::quiz"; known blocks are .*:::live/);
    expect(lint('![x](missing.png) and [data](data/a.csv) and [web](https://x.org/a.png)\n', { assets: ['data/a.csv'] })).toEqual([
      'notebooks/t.md:7: image "missing.png" is not a file in public/ (relative paths are read from the course\'s public/ folder)',
    ]);
  });

  it('finds unbalanced directives', () => {
    expect(unbalancedDirectives(':::answer{#1a}\nQ\n')).toEqual([{ line: 1, message: ':::answer is never closed (end it with a line ":::")' }]);
    expect(unbalancedDirectives('text\n:::\n')).toEqual([{ line: 2, message: '":::" closes no block' }]);
    expect(unbalancedDirectives(':::answer{#1a}\n:::reference\nR\n:::\n:::\n')[0]).toEqual({
      line: 2,
      message: ':::reference sits inside :::answer (line 1) with a fence as long: the first ":::" ends both; write ::::answer ... :::: around it',
    });
    // A longer nested fence closes its parent too; the parent's own closer after it is tolerated.
    expect(unbalancedDirectives(':::answer{#1a}\n::::reference\nR\n::::\n\n:::\n')).toEqual([]);
    expect(unbalancedDirectives('::::answer{#1a}\n:::reference\nR\n:::\n::::\n```\n:::\n```\n')).toEqual([]);
  });

  it('lets another module lint a new kind of block', () => {
    const seen: string[] = [];
    registerCellLinter('training', (cell: { id: string }, ctx) => {
      seen.push(cell.id);
      ctx.report(7, 'from the extension');
    });
    try {
      expect(lint(':::training{#4a}\nTrain.\n:::\n')).toEqual(['notebooks/t.md:7: from the extension']);
      expect(seen).toEqual(['4a']);
    } finally {
      registerCellLinter('training', () => {});
    }
    expect(Object.keys(cellLinters)).toEqual(expect.arrayContaining(['answer', 'widget', 'code', 'training']));
  });
});

describe('live cells', () => {
  const cells = [
    ':::live{#ok}',
    '```js',
    'display(params.n)',
    '```',
    ':::',
    '',
    ':::live{#boom}',
    'Caption.',
    '',
    '```js',
    'const a = 1;',
    'throw new Error("nope");',
    '```',
    ':::',
    '',
    ':::live{#spin timeout=0.5}',
    '```js',
    'while (true) {}',
    '```',
    ':::',
  ].join('\n');

  it('reports a throw at its line in the file and a run past the limit at the block, at the default variant', () => {
    const runs: { id: string; params: Record<string, number> }[] = [];
    const runLive: LiveCellRunner = (cell, params) => {
      runs.push({ id: cell.id, params });
      if (cell.code.includes('throw')) return { kind: 'error', message: 'Error: nope', line: 2 };
      if (cell.code.includes('while')) return { kind: 'timeout' };
      return null;
    };
    expect(lint(cells, { runLive })).toEqual([
      'notebooks/t.md:18: live cell boom: Error: nope (at the default variant)',
      'notebooks/t.md:22: live cell spin: still running after its time limit of 0.5 s at the default variant (make it faster or raise timeout=)',
    ]);
    expect(runs).toEqual(['ok', 'boom', 'spin'].map((id) => ({ id, params: { n: 4 } })));
  });

  it('parses live cells but runs none without a runner (the page runs its own)', () => {
    expect(lint(cells)).toEqual([]);
    expect(lint(':::live{#x}\n```py\nprint(1)\n```\n:::\n')).toEqual(['notebooks/t.md:8: live cell x: the code block must be js or ts, not "py"']);
  });
});

describe('lintCourse', () => {
  it('finds nothing in the demo course', () => {
    const notebooks = Object.fromEntries(
      readdirSync('notebooks').map((f) => [`notebooks/${f}`, readFileSync(`notebooks/${f}`, 'utf8')]),
    );
    expect(lintCourse({ notebooks, assets: null }).map(formatLint)).toEqual([]);
  });

  it('calls functions.js exports from keys and reports course.yml problems', () => {
    const nb = head() + ':::answer{#1a kind=number key="twice(n)"}\nQ\n:::\n';
    expect(lintCourse({ notebooks: { 'notebooks/t.md': nb } }).map(formatLint)).toEqual([
      'notebooks/t.md:7: part 1a: the key calls an unknown function "twice"',
    ]);
    expect(lintCourse({ notebooks: { 'notebooks/t.md': nb }, functions: { twice: (x: number) => 2 * x } })).toEqual([]);
    expect(lintCourse({ notebooks: { 'notebooks/t.md': nb }, functions: { twice: (x: number) => 2 * x }, courseYml: 'title: X\nordr: [t]\n' }).map(formatLint)).toEqual([
      'course.yml:1: (top): Unrecognized key: "ordr"',
    ]);
  });
});
