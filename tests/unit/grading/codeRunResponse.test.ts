import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE, parseCodeRunResponse } from '../../../src/grading/codeRunResponse';

const row = (pass: boolean) => ({ check: 'dx vs numerical gradient', output: 'dx', error: pass ? 1e-12 : 1, threshold: 1e-8, pass });

describe('parseCodeRunResponse', () => {
  it('keeps a well-formed report and recomputes its tally from the rows', () => {
    const r = parseCodeRunResponse({ ok: true, ms: 3, report: { task: 'maxpool', rows: [row(true), row(false)], passed: 2, total: 2, allPassed: true } });
    expect(r).toMatchObject({ ok: true, report: { passed: 1, total: 2, allPassed: false } });
  });

  it('gives no pass for a report without rows', () => {
    const r = parseCodeRunResponse({ ok: true, ms: 1, report: { task: 'maxpool', rows: [], passed: 3, total: 3, allPassed: true } });
    expect(r).toMatchObject({ ok: true, report: { passed: 0, total: 0, allPassed: false } });
  });

  it('turns anything else into a setup error', () => {
    for (const bad of [null, 'all pass', { ok: true }, { ok: true, ms: 1, report: { task: 'x', rows: 'many' } }, { ok: false, error: 3, line: null, kind: 'runtime' }]) {
      expect(parseCodeRunResponse(bad)).toEqual({ ok: false, kind: 'setup', error: 'the code runner sent an answer GradBook cannot read', line: null });
    }
  });

  it('shortens an error message from the student code to a screenful', () => {
    const r = parseCodeRunResponse({ ok: false, kind: 'runtime', line: 3, error: 'x'.repeat(5_000_000) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.length).toBeLessThan(MAX_MESSAGE + 100);
  });
});
