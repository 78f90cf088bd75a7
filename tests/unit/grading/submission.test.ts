import { describe, expect, it } from 'vitest';
import { migrations, parseSubmission, recordFromSubmission, SUBMISSION_VERSION } from '../../../src/grading/submission';
import { correctInputs, demo, submissionFor } from './helpers';

const good = submissionFor(demo, 'alice', { '1a': '12' });
const text = JSON.stringify(good, null, 2);

describe('submission files', () => {
  it('round-trips a downloaded submission', () => {
    const r = parseSubmission(text, 'alice.json');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.submission).toEqual(good);
      expect(r.submission.schemaVersion).toBe(SUBMISSION_VERSION);
      expect(r.submission.partIds).toEqual(['1a', '1b', '1c', '1d', '1e']);
    }
  });
  it('restores the record the student had', () => {
    const rec = recordFromSubmission(submissionFor(demo, 'bob', correctInputs(demo, 7), 7));
    expect(rec.seed).toBe(7);
    expect(rec.parts['1e'].input).toMatch(/depthwise/);
  });
  it('names a truncated file', () => {
    const r = parseSubmission(text.slice(0, Math.floor(text.length / 2)), 'cut.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^cut\.json: the file is truncated/);
  });
  it('says what is wrong with broken JSON, empty files and other JSON', () => {
    const bad = (t: string) => {
      const r = parseSubmission(t, 'x.json');
      return r.ok ? '' : r.message;
    };
    expect(bad('')).toMatch(/empty/);
    expect(bad('{"a": 1,, }')).toMatch(/not valid JSON/);
    expect(bad('[1,2]')).toMatch(/not a GradBook submission/);
    expect(bad('{"hello": 1}')).toMatch(/not a GradBook submission/);
  });
  it('rejects wrong fields with their paths', () => {
    const r = parseSubmission(JSON.stringify({ ...good, seed: 'abc' }), 'x.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/seed/);
  });
  it('rejects answers for parts the file does not list (hand-edited)', () => {
    const r = parseSubmission(JSON.stringify({ ...good, parts: { ...good.parts, zz: { input: '1' } } }), 'x.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/zz/);
  });
  it('refuses a newer schema version with a clear message', () => {
    const r = parseSubmission(JSON.stringify({ ...good, schemaVersion: 99 }), 'new.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/newer GradBook \(schema version 99/);
  });
  it('migrates an older version forward through the hook', () => {
    // Pretend the app is at version 3 and version 2 files are migrated by renaming a field.
    const v2 = { ...good };
    const step = (old: Record<string, unknown>) => ({ ...old, schemaVersion: 2, studentId: `${String(old.studentId)}-migrated` });
    const r = parseSubmission(JSON.stringify(v2), 'old.json', { currentVersion: 3, migrations: { ...migrations, 2: step } });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.migratedFrom).toBe(2);
      expect(r.submission.studentId).toBe('alice-migrated');
    }
    // A version 1 file goes through both steps.
    const r1 = parseSubmission(JSON.stringify({ ...v2, schemaVersion: 1 }), 'older.json', { currentVersion: 3, migrations: { ...migrations, 2: step } });
    expect(r1.ok && r1.migratedFrom).toBe(1);
    const missing = parseSubmission(JSON.stringify(v2), 'old.json', { currentVersion: 3, migrations: {} });
    expect(missing.ok).toBe(false);
  });
});
