import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../../../src/notebook/parse';
import { buildHash, parseRoute, parseSeed } from '../../../src/notebook/route';
import { drawParams, resolveVariant, studentSeed } from '../../../src/notebook/variants';

const nb = parseNotebook(
  '---\nid: demo\ntitle: Demo\nparams:\n  cin: { choose: [3, 4, 8], default: 3 }\n  cout: { range: [2, 16], default: 4 }\n---\ntext\n',
  'demo.md',
);

describe('variants', () => {
  it('shows the original values without a seed', () => {
    expect(resolveVariant(nb, null, {}).params).toEqual({ cin: 3, cout: 4 });
  });
  it('draws the same params for the same seed', () => {
    expect(drawParams(nb.params, 42)).toEqual(drawParams(nb.params, 42));
  });
  it('spreads different seeds over the whole range', () => {
    const couts = new Set<number>();
    const cins = new Set<number>();
    for (let s = 0; s < 400; s++) {
      const p = drawParams(nb.params, s);
      expect(p.cout).toBeGreaterThanOrEqual(2);
      expect(p.cout).toBeLessThanOrEqual(16);
      expect([3, 4, 8]).toContain(p.cin);
      couts.add(p.cout);
      cins.add(p.cin);
    }
    expect(couts.size).toBe(15);
    expect(cins.size).toBe(3);
  });
  it('applies valid link overrides and repairs invalid ones with a message', () => {
    const ok = resolveVariant(nb, 7, { cout: '9' });
    expect(ok.params.cout).toBe(9);
    expect(ok.problems).toEqual([]);
    const bad = resolveVariant(nb, null, { cout: '99', cin: '5', zz: '1', k: 'x' });
    expect(bad.params).toEqual({ cin: 4, cout: 16 });
    expect(bad.problems.map((p) => p.param).sort()).toEqual(['cin', 'cout', 'k', 'zz']);
    expect(bad.problems.find((p) => p.param === 'cout')!.message).toMatch(/from 2 to 16/);
  });
  it('derives different seeds for different students and the same for the same one', () => {
    expect(studentSeed('hw1', 'alice', 's')).toBe(studentSeed('hw1', ' Alice ', 's'));
    expect(studentSeed('hw1', 'alice', 's')).not.toBe(studentSeed('hw1', 'bob', 's'));
    expect(studentSeed('hw1', 'alice', 's')).not.toBe(studentSeed('hw1', 'alice', 't'));
  });
});

describe('routes', () => {
  it('round-trips a part link', () => {
    const h = buildHash('hw1', '1a', { seed: 5, cin: 4 });
    expect(h).toBe('#/hw1/1a?seed=5&cin=4');
    expect(parseRoute(h)).toEqual({ page: 'notebook', notebookId: 'hw1', partId: '1a', query: { seed: '5', cin: '4' } });
  });
  it('parses home, notebook and grade routes', () => {
    expect(parseRoute('')).toEqual({ page: 'home' });
    expect(parseRoute('#/')).toEqual({ page: 'home' });
    expect(parseRoute('#/hw1')).toMatchObject({ page: 'notebook', notebookId: 'hw1', partId: null });
    expect(parseRoute('#/grade')).toMatchObject({ page: 'grade' });
    expect(parseRoute('#/%E0%A4%A')).toMatchObject({ page: 'notebook' });
  });
  it('reports a bad seed', () => {
    expect(parseSeed('12')).toEqual({ seed: 12 });
    expect(parseSeed('-3').problem).toMatch(/not a whole number/);
    expect(parseSeed(undefined)).toEqual({ seed: null });
    expect(parseSeed('original')).toEqual({ seed: null, original: true });
  });
});
