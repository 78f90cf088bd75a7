/**
 * The live cells that replaced React widgets, run in Node on the demo notebooks: each runs without
 * an error for the original values and for drawn variants, and shows the numbers the keys check.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../../../src/notebook/parse';
import type { LiveCell, Notebook } from '../../../src/notebook/types';
import { defaultParams, drawParams } from '../../../src/notebook/variants';
import { liveFunctions } from '../../../src/worker/liveFunctions';
import type { LiveOutput, LiveRunResult } from '../../../src/worker/liveProtocol';
import { runLiveCell } from '../../../src/worker/liveRun';

const notebooks: Notebook[] = readdirSync('notebooks')
  .filter((f) => f.endsWith('.md'))
  .map((f) => parseNotebook(readFileSync(`notebooks/${f}`, 'utf8'), `notebooks/${f}`));
const liveCells = notebooks.flatMap((nb) => nb.cells.filter((c): c is LiveCell => c.kind === 'live').map((cell) => ({ nb, cell })));
const functions = liveFunctions();

function run(id: string, params: Record<string, number> = {}, controls: Record<string, number | string | boolean> = {}): LiveRunResult {
  const found = liveCells.find((l) => l.cell.id === id);
  if (!found) throw new Error(`no live cell ${id}`);
  const r = runLiveCell({ code: found.cell.code, params: { ...defaultParams(found.nb.params), ...params }, answers: {}, controls }, functions);
  return { ...r, outputs: r.outputs.filter((o) => o.kind !== 'control') };
}

const table = (r: LiveRunResult, id: string) => r.outputs.find((o): o is Extract<LiveOutput, { kind: 'table' }> => o.kind === 'table' && o.id === id)!;

describe('live cells in the demo notebooks', () => {
  it('there are at least five, and every one runs cleanly for the original values and 2 variants', () => {
    expect(liveCells.map((l) => l.cell.id)).toEqual(expect.arrayContaining(['conv-params', 'gaussian-noise-mc', 'ring-allreduce', 'init-variance', 'resnext', 'alexnet']));
    for (const { nb, cell } of liveCells) {
      for (const params of [defaultParams(nb.params), ...[1, 2].map((s) => drawParams(nb.params, s))]) {
        const r = runLiveCell({ code: cell.code, params, answers: {}, controls: {} }, functions);
        expect(r.error, `${cell.id} ${JSON.stringify(params)}`).toBeUndefined();
        expect(r.outputs.length).toBeGreaterThan(0);
      }
    }
  });

  it('conv-params: the counts follow the sliders', () => {
    expect(table(run('conv-params'), 'counts').rows[0][2]).toBe(108);
    const moved = run('conv-params', {}, { cout: 8 });
    expect(table(moved, 'counts').rows.map((r) => r[2])).toEqual([216, 27, 24, 51]);
  });

  it('resnext and alexnet show the keys of hw3 4a/4b and hw4', () => {
    const r = table(run('resnext', { ch: 256, paths: 32 }), 'blocks');
    expect([r.footer![1], r.footer![3]]).toEqual([212992, 70144]);
    const a = table(run('alexnet', { nc: 1000 }), 'layers');
    expect(a.rows.find((row) => row[0] === 'Fully Connected Layer 1')![4]).toBe(37748736);
    expect(run('alexnet', {}, { classes: '-3' }).outputs[0]).toMatchObject({ id: 'error', tone: 'bad' });
  });

  it('ring-allreduce: steps mark senders and receivers; at the end every worker holds the sum; counts match the formulas', () => {
    const marks = (r: LiveRunResult, m: string) =>
      table(r, 'grid').rows.flat().filter((c) => typeof c === 'object' && c?.kind === 'cell' && c.marks?.includes(m as never)).length;
    const start = run('ring-allreduce', {}, { n: 3, p: 7 });
    expect(start.controls.find((c) => c.name === 'step')).toMatchObject({ max: 4, value: 0, play: 900 });
    const one = run('ring-allreduce', {}, { n: 3, p: 7, step: 1 });
    expect(one.outputs.find((o) => 'id' in o && o.id === 'status')).toMatchObject({ text: expect.stringContaining('reduce-scatter 1/2') });
    expect([marks(one, 'warn'), marks(one, 'accent')]).toEqual([3, 3]);
    const end = run('ring-allreduce', {}, { n: 3, p: 7, step: 4 });
    expect(end.outputs.find((o) => 'id' in o && o.id === 'all-hold')).toMatchObject({ tone: 'good' });
    expect(marks(end, 'good')).toBe(9);
    const schemes = table(end, 'schemes').rows;
    expect(schemes.map((r) => r[2])).toEqual(['6 ✓', '6 ✓', '12 ✓']);
    expect(schemes[2][5]).toBe(28);
    expect(run('ring-allreduce', {}, { alpha: '-1' }).outputs.find((o) => 'id' in o && o.id === 'time-error')).toMatchObject({ tone: 'bad' });
  });

  it('gaussian-noise-mc: the closed form lies in the band for the original values', () => {
    expect(run('gaussian-noise-mc').outputs.find((o) => 'id' in o && o.id === 'in-band')).toMatchObject({ tone: 'good' });
  });
});
