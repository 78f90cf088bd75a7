import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../../src/worker/liveProtocol';
import { buildLiveScope, runLiveCell, type LiveCollector } from '../../../src/worker/liveRun';
import { liveFunctions } from '../../../src/worker/liveFunctions';

/** A run, with the places of its controls taken out of the outputs (a test below checks them). */
function run(code: string, over: Partial<Parameters<typeof runLiveCell>[0]> = {}, functions = liveFunctions()) {
  const r = runLiveCell({ code, params: {}, answers: {}, controls: {}, ...over }, functions);
  return { ...r, outputs: r.outputs.filter((o) => o.kind !== 'control') };
}

describe('live cell runs', () => {
  it('declares controls with their defaults, and takes the page value when one is given', () => {
    const code = "const n = slider('n', { min: 2, max: 16, value: params.n });\ndisplay(n * 10);";
    const first = run(code, { params: { n: 4 } });
    expect(first.ok).toBe(true);
    expect(first.controls).toEqual([{ kind: 'slider', name: 'n', label: 'n', min: 2, max: 16, step: 1, value: 4 }]);
    expect(first.outputs).toEqual([{ kind: 'value', value: 40 }]);
    const moved = run(code, { params: { n: 4 }, controls: { n: 9 } });
    expect(moved.outputs).toEqual([{ kind: 'value', value: 90 }]);
    // Out of range or off the grid: clamped and snapped, never a value the control cannot show.
    expect(run(code, { params: { n: 4 }, controls: { n: 99 } }).outputs[0]).toMatchObject({ value: 160 });
    expect(run("display(slider('s', { min: 0, max: 1, step: 0.1, value: 0.3 }))", { controls: { s: 0.34 } }).outputs[0]).toMatchObject({ value: 0.3 });
  });

  it('select, checkbox, number and button return their current values', () => {
    const code = [
      "const a = select('act', ['relu', 'sigmoid'], { value: 'sigmoid' });",
      "const b = checkbox('split', { value: true, label: 'two GPUs' });",
      "const c = number('classes', { value: 1000 });",
      "const d = button('New problem');",
      'display(JSON.stringify([a, b, c, d]));',
    ].join('\n');
    expect(run(code).outputs[0]).toMatchObject({ kind: 'text', text: '["sigmoid",true,1000,0]' });
    const changed = run(code, { controls: { act: 'relu', split: false, classes: '1,000,000', 'New problem': 3 } });
    expect(changed.outputs[0]).toMatchObject({ text: '["relu",false,1000000,3]' });
    // Typed text that is not a number comes back as NaN, the text kept as typed.
    const bad = run(code, { controls: { classes: 'abc' } });
    expect(bad.outputs[0]).toMatchObject({ text: '["sigmoid",true,null,0]' });
    expect(bad.controls.find((c) => c.name === 'classes')).toMatchObject({ kind: 'number', text: 'abc' });
    // A value that is not one of the options falls back to the default.
    expect(run(code, { controls: { act: 'tanh' } }).outputs[0]).toMatchObject({ text: '["sigmoid",true,1000,0]' });
  });

  it('controls show where the code declared them, between the outputs', () => {
    const r = runLiveCell({ code: "slider('a');\ndisplay(1);\nnumber('b');\ncheckbox('c');", params: {}, answers: {}, controls: {} }, liveFunctions());
    expect(r.outputs.map((o) => (o.kind === 'control' ? o.name : o.kind))).toEqual(['a', 'value', 'b', 'c']);
  });

  it('two controls with one name are an error with its line', () => {
    const r = run("slider('n');\nslider('n');");
    expect(r.ok).toBe(false);
    expect(r.error).toEqual({ message: 'Error: there are two controls named "n"', line: 2 });
  });

  it('display turns arrays into a row, matrices and objects into tables; tex and md inside a table move into it', () => {
    const r = run("display([1, 2.5]);\ndisplay([[1, 0], [0, 1]]);\ntable([{ layer: 'conv', weights: 34848, formula: tex('K^2') }], { footer: ['Total', 34848] });");
    expect(r.outputs).toEqual([
      { kind: 'table', rows: [[1, 2.5]] },
      { kind: 'table', rows: [[1, 0], [0, 1]] },
      {
        kind: 'table',
        header: ['layer', 'weights', 'formula'],
        rows: [['conv', 34848, { kind: 'tex', tex: 'K^2', display: false }]],
        footer: ['Total', 34848],
      },
    ]);
  });

  it('table options: alignment per column, bold rows, folded under a summary', () => {
    const r = run("table([[1, 'a']], { align: ['left', 'right', 'middle'], highlight: [0, 'x'], summary: 'More', id: 't' })");
    expect(r.outputs).toEqual([{ kind: 'table', id: 't', rows: [[1, 'a']], align: ['left', 'right', 'left'], highlight: [0], summary: 'More' }]);
  });

  it('cell() marks a table cell and adds a second line; grids and play sliders come through', () => {
    const r = run("table([['W0', cell('[1, 2]', { sub: 'Σ g0', marks: ['good', 'warn', 'purple', 'warn'] }), { kind: 'cell', value: 'fake' }]], { grid: true });\nslider('step', { max: 4, play: 10 });");
    expect(r.outputs).toEqual([{ kind: 'table', grid: true, rows: [['W0', { kind: 'cell', value: '[1, 2]', sub: 'Σ g0', marks: ['good', 'warn'] }, '{"kind":"cell","value":"fake"}']] }]);
    // A play interval below 50 ms would flood the worker with runs.
    expect(r.controls[0]).toMatchObject({ kind: 'slider', max: 4, play: 50 });
  });

  it('plot keeps traces and layout as data; bad traces are a clear error', () => {
    const r = run("plot([{ x: range(1, 4), y: [1, 4, 9] }], { title: 't' }, { id: 'sq' })");
    expect(r.outputs).toEqual([{ kind: 'plot', id: 'sq', traces: [{ x: [1, 2, 3], y: [1, 4, 9] }], layout: { title: 't' }, height: 320 }]);
    expect(run('plot(3)').error?.message).toMatch(/traces must be an array/);
  });

  it('calls key functions, core functions and extra (course) functions by name', () => {
    const r = run("display(separableConvParams(3, 3, 4));\ndisplay(compareBottlenecks({ inChannels: 256, outChannels: 256, kernel: 3 }, 128, 32, 4).resnext.total);\ndisplay(double(21));", {}, liveFunctions({ double: (x: number) => 2 * x }));
    expect(r.outputs.map((o) => (o as { value: number }).value)).toEqual([39, 70144, 42]);
  });

  it('an error names the line in the cell and keeps what ran before it', () => {
    const r = run("display('before');\nconst x = 1;\nundefinedFunction(x);\ndisplay('after');");
    expect(r.ok).toBe(false);
    expect(r.outputs).toEqual([{ kind: 'text', text: 'before' }]);
    expect(r.error?.message).toMatch(/ReferenceError: undefinedFunction is not defined/);
    expect(r.error?.line).toBe(3);
    // Thrown inside a core function: the line is still the cell's line that called it.
    expect(run("const a = 1;\ndrawRegressionProblem({ n: 0, d: 1, seed: 1 });").error).toEqual({ message: "RangeError: n and d must be positive integers", line: 2 });
    expect(run("throw 'plain text'").error?.message).toBe('Error: plain text');
  });

  it('a syntax error names its line; TypeScript types are stripped line for line', () => {
    const syntax = run('const a = 1;\nconst b = ;\n');
    expect(syntax.ok).toBe(false);
    expect(syntax.error?.line).toBe(2);
    const ts = run('const n: number = params.n as number;\ninterface P { a: number }\ndisplay(n + 1);\nnull.x;', { params: { n: 2 } });
    expect(ts.outputs).toEqual([{ kind: 'value', value: 3 }]);
    expect(ts.error?.line).toBe(4);
  });

  it('records which answers the code read, so only those re-run it', () => {
    const r = run("if (answers['1a'] === '108') display('right');\nanswers['1b'];", { answers: { '1a': '108', '1c': 'x' } });
    expect(r.outputs).toEqual([{ kind: 'text', text: 'right' }]);
    expect(r.answersRead).toEqual(['1a', '1b']);
    expect(run('Object.keys(answers)').answersRead).toBe('*');
    // Answers and params are read-only.
    expect(run("'use strict'; params.n = 3", { params: { n: 1 } }).ok).toBe(false);
  });

  it('the scope: helpers win over a function of the same name; names that are not identifiers are left out', () => {
    const collect: LiveCollector = { outputs: [], controls: [], answersRead: new Set() };
    const scope = buildLiveScope({ params: { n: 2 }, answers: {}, controls: {} }, { display: () => 'mine', 'not-a-name': () => 1, ringSends: (n: number) => 2 * (n - 1) }, collect);
    expect(Object.keys(scope)).not.toContain('not-a-name');
    expect((scope.ringSends as (n: number) => number)(4)).toBe(6);
    (scope.display as (v: unknown) => void)('x');
    expect(collect.outputs).toEqual([{ kind: 'text', text: 'x' }]);
  });

  it('the example from the issue runs', () => {
    const code = "const n = slider('n', { min: 2, max: 16, value: params.n });\ndisplay(`sends per worker: ${ringSends(n)}`);\nplot([{ x: range(2, 17), y: range(2, 17).map(ringSends) }], { title: 'sends vs n' });";
    const r = run(code, { params: { n: 4 } }, liveFunctions({ ringSends: (n: number) => 2 * (n - 1) }));
    expect(r.ok).toBe(true);
    expect(r.outputs[0]).toEqual({ kind: 'text', text: 'sends per worker: 6' });
    expect((r.outputs[1] as { traces: { y: number[] }[] }).traces[0].y.slice(0, 3)).toEqual([2, 4, 6]);
  });
});

describe('formatNumber', () => {
  it('whole numbers with separators, others to 6 significant digits', () => {
    expect(formatNumber(212992)).toBe('212,992');
    expect(formatNumber(0.36111111)).toBe('0.361111');
    expect(formatNumber(1234.56789)).toBe('1,234.57');
    expect(formatNumber(2e-7)).toBe('2.00000e-7');
    expect(formatNumber(NaN)).toBe('NaN');
    expect(formatNumber(-Infinity)).toBe('−∞');
  });
});
