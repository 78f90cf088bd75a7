import { describe, expect, it } from 'vitest';
import { answerParts } from '../../../src/notebook/types';
import { loadNotebook } from './helpers';

const { nb, parts, verdict } = loadNotebook('notebooks/hw1-conv-dropout-graphs.md', { cin: 3, cout: 4, k: 3 });

describe('hw1 problems 2 and 3', () => {
  it('has the parts in order after problem 1', () => {
    const ids = answerParts(nb).map((p) => p.id);
    const want = ['2a', '2b', '2b2', '2c', '2d', '2d2', '3a', '3b', '3c'];
    const start = ids.indexOf('2a');
    expect(ids.slice(start, start + want.length)).toEqual(want);
    expect(ids.indexOf('1b')).toBeLessThan(start);
  });
  it('text parts carry a reference', () => {
    for (const id of ['2a', '2d2', '3c']) expect(parts.get(id)?.reference?.length ?? 0).toBeGreaterThan(100);
  });
  it('2b: weight factor p, Γ factor sqrt((1-p)/p)', () => {
    expect(verdict('2b', 'p')).toBe('correct');
    expect(verdict('2b', '1/p')).toBe('incorrect');
    expect(verdict('2b', 'sqrt(p)')).toBe('incorrect');
    expect(verdict('2b2', 'sqrt(1-p)/sqrt(p)')).toBe('correct');
    expect(verdict('2b2', 'sqrt(1/p - 1)')).toBe('correct');
    expect(verdict('2b2', 'sqrt(p(1-p))')).toBe('incorrect');
  });
  it('2c: X Γ^{-1}; 2d: common column norm sqrt(p/(1-p))', () => {
    expect(verdict('2c', 'c')).toBe('correct');
    expect(verdict('2c', 'a')).toBe('incorrect');
    expect(verdict('2d', '1/sqrt((1-p)/p)')).toBe('correct');
    expect(verdict('2d', 'sqrt((1-p)/p)')).toBe('incorrect');
    expect(verdict('2d', '1')).toBe('incorrect');
  });
  it('3: (A) = μ, (B) = σ²', () => {
    expect(parts.get('3a')?.options.map((o) => o.label)).toEqual(['$\\mu$', '$2\\mu$', '$\\mu/2$', '$\\sigma$', '$2\\sigma$', '$\\sigma/2$']);
    expect(verdict('3a', 'a')).toBe('correct');
    expect(verdict('3a', 'd')).toBe('incorrect');
    expect(parts.get('3b')?.options[3].label).toBe('$\\sigma^2$');
    expect(verdict('3b', 'd')).toBe('correct');
    expect(verdict('3b', 'a')).toBe('incorrect');
  });
  it('widgets and live cells follow the parts they verify', () => {
    const names = nb.cells.flatMap((c) => (c.kind === 'widget' ? [c.name] : c.kind === 'live' ? [c.id] : []));
    for (const w of ['dropout-tikhonov-mc', 'dropout-tikhonov-weights', 'dropout-column-norms', 'gaussian-noise-mc']) expect(names).toContain(w);
  });
});
