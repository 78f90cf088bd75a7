import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isExamSource, stripExamKeys } from '../../../src/notebook/exam';
import { parseNotebook } from '../../../src/notebook/parse';
import { answerParts } from '../../../src/notebook/types';

const file = 'notebooks/exam-demo.md';
const full = readFileSync(file, 'utf8');

describe('exam notebooks', () => {
  const nb = parseNotebook(full, file);
  const stripped = stripExamKeys(full);
  const copy = parseNotebook(stripped, file);

  it('the students\' copy keeps every part and prompt but no key or reference', () => {
    expect(isExamSource(full)).toBe(true);
    expect(nb.checking).toBe('after-submission');
    const keys = answerParts(nb).flatMap((p) => (p.key ? [p.key] : []));
    expect(keys).toHaveLength(5);
    for (const k of keys.filter((k) => k.length > 2)) expect(stripped).not.toContain(k);
    expect(stripped).not.toMatch(/\bkey=/);
    const reference = answerParts(nb).find((p) => p.reference)!.reference!;
    expect(stripped).not.toContain(reference.slice(0, 40));
    expect(answerParts(copy).map((p) => [p.id, p.answerKind, p.points, p.key, p.reference])).toEqual(
      answerParts(nb).map((p) => [p.id, p.answerKind, p.points, undefined, undefined]),
    );
    expect(answerParts(copy).find((p) => p.id === '1d')!.variables).toEqual(answerParts(nb).find((p) => p.id === '1d')!.variables);
    expect(answerParts(copy).find((p) => p.id === '1e')!.options).toHaveLength(3);
  });

  it('the full file and the students\' copy have the same content hash, and stripping twice changes nothing', () => {
    expect(copy.contentHash).toBe(nb.contentHash);
    expect(stripExamKeys(stripped)).toBe(stripped);
  });

  it('leaves practice notebooks as written, and still asks them for keys', () => {
    const practice = readFileSync('notebooks/hw1-conv-dropout-graphs.md', 'utf8');
    expect(stripExamKeys(practice)).toBe(practice);
    expect(() => parseNotebook(full.replace('checking: after-submission', 'checking: live').replace(' key="2*yt/(3*xa)"', ''), file)).toThrow(/needs a key/);
  });

  it('reads attempts for practice notebooks', () => {
    const withAttempts = parseNotebook(full.replace('checking: after-submission', 'attempts: 3'), file);
    expect(withAttempts.attempts).toBe(3);
    expect(() => parseNotebook(full.replace('checking: after-submission', 'attempts: 0'), file)).toThrow(/attempts/);
  });
});
