import { describe, expect, it } from 'vitest';
import { answerParts } from '../../../src/notebook/types';
import { loadNotebook } from './helpers';

const { nb, parts, verdict } = loadNotebook('notebooks/hw1-conv-dropout-graphs.md', { cin: 3, cout: 4, k: 3 });

describe('hw1 problems 4 and 7', () => {
  it('has the parts, problem 4 before problem 7, at the end of the notebook', () => {
    const ids = answerParts(nb).map((p) => p.id);
    const want = ['4a', '4b', '4c', '4d', '4e', '4f', '7a', '7b', '7b2', '7b3', '7c', '7d', '7d2', '7e', '7f', '7f2', '7g', '7g2'];
    for (const id of want) expect(ids).toContain(id);
    const pos = want.map((id) => ids.indexOf(id));
    expect([...pos].sort((a, b) => a - b)).toEqual(pos);
    expect(parts.get('7a')?.reference?.length ?? 0).toBeGreaterThan(200);
    const widgets = nb.cells.flatMap((c) => (c.kind === 'widget' ? [c.name] : []));
    for (const w of ['graph-matrices', 'road-flow']) expect(widgets).toContain(w);
    expect(nb.cells.some((c) => c.kind === 'live' && c.id === 'ring-allreduce')).toBe(true);
  });

  it('4: message counts and sizes', () => {
    expect(verdict('4a', 'n^2 - n')).toBe('correct');
    expect(verdict('4a', 'n^2')).toBe('incorrect');
    expect(verdict('4b', 'p')).toBe('correct');
    expect(verdict('4c', '2n')).toBe('correct');
    expect(verdict('4c', 'n')).toBe('incorrect');
    expect(verdict('4d', 'p')).toBe('correct');
    expect(verdict('4e', 'n(2(n-1))')).toBe('correct');
    expect(verdict('4e', 'n(n-1)')).toBe('incorrect');
    expect(verdict('4f', 'p/n')).toBe('correct');
    expect(verdict('4f', 'p/(n-1)')).toBe('incorrect');
  });

  it('7b–7d: example graph, with exact expressions and 3-digit decimals', () => {
    expect(verdict('7b', '0 1 1 0 0 0\n1 0 1 1 0 0\n1 1 0 1 0 0\n0 1 1 0 1 0\n0 0 0 1 0 1\n0 0 0 0 1 0')).toBe('correct');
    expect(verdict('7b', '0 1 1 0 0 0\n1 0 1 1 0 0\n1 1 0 1 0 0\n0 1 1 0 1 0\n0 0 0 1 0 1\n0 0 0 0 1 1')).toBe('incorrect');
    expect(verdict('7b2', '2 0 0 0 0 0\n0 3 0 0 0 0\n0 0 3 0 0 0\n0 0 0 3 0 0\n0 0 0 0 2 0\n0 0 0 0 0 1')).toBe('correct');
    const r6 = '1/sqrt(6)';
    const S = [
      `0 ${r6} ${r6} 0 0 0`,
      `${r6} 0 1/3 1/3 0 0`,
      `${r6} 1/3 0 1/3 0 0`,
      `0 1/3 1/3 0 ${r6} 0`,
      `0 0 0 ${r6} 0 0.707`,
      '0 0 0 0 0.707 0',
    ].join('\n');
    expect(verdict('7b3', S)).toBe('correct');
    expect(verdict('7b3', S.replace('1/3 1/3 0 0', '0.5 1/3 0 0'))).toBe('incorrect');
    const L = S.split('\n')
      .map((row, i) => row.split(' ').map((v, j) => (i === j ? '1' : v === '0' ? '0' : `-(${v})`)).join(' '))
      .join('\n');
    expect(verdict('7c', L)).toBe('correct');
    expect(verdict('7c', S)).toBe('incorrect');
    expect(verdict('7d', '2 1 1 2 0 0\n1 3 2 1 1 0\n1 2 3 1 1 0\n2 1 1 3 0 1\n0 1 1 0 2 0\n0 0 0 1 0 1')).toBe('correct');
    expect(verdict('7d2', '2 5 5 2 2 0\n5 4 5 6 1 1\n5 5 4 6 1 1\n2 6 6 2 4 0\n2 1 1 4 0 2\n0 1 1 0 2 0')).toBe('correct');
  });

  it('7e–7g: road network', () => {
    const A = [
      '0 1 0 0 1 1 0 0',
      '1 0 1 0 0 1 0 0',
      '0 0 0 1 0 0 1 0',
      '0 0 1 0 0 0 1 1',
      '1 0 0 0 0 0 0 0',
      '1 1 0 0 1 0 1 0',
      '0 0 1 1 0 1 0 1',
      '0 0 0 1 0 0 1 0',
    ].join('\n');
    expect(verdict('7e', A)).toBe('correct');
    expect(verdict('7e', A.replace('0 0 0 1 0 0 1 0\n0 0 1 0', '0 0 0 1 0 0 1 1\n0 0 1 0'))).toBe('incorrect');
    const diag = (d: number[]) => d.map((v, i) => d.map((_, j) => (i === j ? v : 0)).join(' ')).join('\n');
    expect(verdict('7f', diag([3, 2, 3, 3, 2, 3, 4, 2]))).toBe('correct');
    expect(verdict('7f2', diag([3, 3, 2, 3, 1, 4, 4, 2]))).toBe('correct');
    expect(verdict('7f', diag([3, 3, 2, 3, 1, 4, 4, 2]))).toBe('incorrect');
    const lsym = (d: number[]) =>
      A.split('\n')
        .map((row, i) => row.split(' ').map((v, j) => (i === j ? '1' : v === '1' ? `-1/sqrt(${d[i] * d[j]})` : '0')).join(' '))
        .join('\n');
    expect(verdict('7g', lsym([3, 2, 3, 3, 2, 3, 4, 2]))).toBe('correct');
    expect(verdict('7g2', lsym([3, 3, 2, 3, 1, 4, 4, 2]))).toBe('correct');
    expect(verdict('7g', lsym([3, 3, 2, 3, 1, 4, 4, 2]))).toBe('incorrect');
  });
});
