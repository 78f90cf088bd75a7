import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../../../src/notebook/parse';
import { placeholderFor } from '../../../src/notebook/placeholder';
import { answerParts } from '../../../src/notebook/types';

const head = `---\nid: demo\ntitle: Demo\n---\n`;
const textPart = (prompt: string, attrs = '') => answerParts(parseNotebook(`${head}\n:::answer{#1a kind=text${attrs}}\n${prompt}\n:::\n`, 'x.md'))[0];

describe('placeholders', () => {
  it('say what the part asks for, or what the notebook set', () => {
    expect(placeholderFor(textPart('Derive the variance of $y$.'))).toMatch(/^Your derivation/);
    expect(placeholderFor(textPart('Explain why dropout regularizes; you need not compute anything.'))).toMatch(/^Your explanation/);
    expect(placeholderFor(textPart('Compare the two curves.'))).toMatch(/^Your comparison/);
    expect(placeholderFor(textPart('Explain.', ' placeholder="Two sentences on the bias"'))).toBe('Two sentences on the bias');
  });

  it('differ across the text parts of the shipped notebooks (not one sentence for all)', () => {
    const all = readdirSync('notebooks').flatMap((f) =>
      answerParts(parseNotebook(readFileSync(`notebooks/${f}`, 'utf8'), f)).filter((p) => p.answerKind === 'text').map(placeholderFor),
    );
    expect(all.length).toBeGreaterThan(10);
    expect(new Set(all).size).toBeGreaterThanOrEqual(4);
    for (const p of all) expect(p.length).toBeLessThan(70);
  });
});
