import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finalPoints, gradeFiles, gradesCsv, overrideNeedsReason, regradeSubmission, totalOf } from '../../../src/grading/regrade';
import { answerSpecFor } from '../../../src/grading/partSpec';
import { answerParts } from '../../../src/notebook/types';
import { resolveVariant, studentSeed } from '../../../src/notebook/variants';
import { correctInputs, demo, demoPath, submissionFor } from './helpers';

const seedOf = (id: string) => studentSeed(demo.id, id, demo.variants.salt);

describe('re-grading', () => {
  it('gives two students different seeds, params and keys', () => {
    const a = seedOf('alice');
    const b = seedOf('bob');
    expect(a).not.toBe(b);
    const pa = resolveVariant(demo, a, {}).params;
    const pb = resolveVariant(demo, b, {}).params;
    expect(pa).not.toEqual(pb);
    const keyA = answerSpecFor(answerParts(demo)[0], pa)?.key;
    const keyB = answerSpecFor(answerParts(demo)[0], pb)?.key;
    expect(keyA).not.toEqual(keyB);
    // Alice's correct answers are not Bob's.
    const g = regradeSubmission(demo, submissionFor(demo, 'bob', correctInputs(demo, a)));
    expect(g.parts.find((p) => p.partId === '1a')?.status).toBe('incorrect');
  });

  it('recomputes every auto part with points and partial credit', () => {
    const s = seedOf('carol');
    const inputs = correctInputs(demo, s);
    const full = regradeSubmission(demo, submissionFor(demo, 'carol', inputs));
    expect(full.parts.map((p) => [p.partId, p.auto])).toEqual([['1a', 2], ['1b', 4], ['1c', 1], ['1d', 1], ['1e', null]]);
    expect(full.autoTotal).toBe(8);
    expect(full.max).toBe(11);
    expect(totalOf(full, { '1e': { points: 2, comment: 'ok' } })).toBe(10);
    // One diagonal entry wrong out of four: three quarters of 4 points.
    const rows = inputs['1b'].split('\n');
    rows[0] = `999 0`;
    const partial = regradeSubmission(demo, submissionFor(demo, 'carol', { ...inputs, '1b': rows.join('\n') }));
    expect(partial.parts[1].auto).toBe(3);
    expect(partial.parts[1].status).toBe('incorrect');
  });

  it('grades a hand-edited "correct" verdict on a wrong answer as wrong, and flags it', () => {
    const sub = submissionFor(demo, 'dave', { '1a': '1' });
    const text = JSON.stringify(sub).replace('"input":"1"', '"input":"1","verdict":"correct","score":1,"message":"Correct"');
    const run = gradeFiles(demo, [{ name: 'dave.json', text }]);
    expect(run.errors).toEqual([]);
    const g = run.graded[0];
    expect(g.parts[0].status).toBe('incorrect');
    expect(g.parts[0].auto).toBe(0);
    expect(g.parts[0].claimed).toBe('correct');
    expect(g.flags.join(' ')).toMatch(/disagree with the re-check on 1a/);
  });

  it('names a truncated file, skips it and grades the rest', () => {
    const ok = JSON.stringify(submissionFor(demo, 'erin', { '1a': '5' }));
    const run = gradeFiles(demo, [
      { name: 'erin.json', text: ok },
      { name: 'frank.json', text: ok.replace('erin', 'frank').slice(0, 120) },
    ]);
    expect(run.graded.map((g) => g.studentId)).toEqual(['erin']);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0].message).toMatch(/^frank\.json: the file is truncated/);
  });

  it('flags a different notebook copy but grades it when the parts match; refuses when they differ', () => {
    const sub = { ...submissionFor(demo, 'gina', { '1a': '5' }), contentHash: 'deadbeef' };
    const g = regradeSubmission(demo, sub, 'gina.json');
    expect(g.hashMismatch).toBe(true);
    expect(g.flags[0]).toMatch(/different copy/);
    const run = gradeFiles(demo, [{ name: 'h.json', text: JSON.stringify({ ...sub, partIds: ['1a', 'old'] }) }]);
    expect(run.errors[0].message).toMatch(/parts differ \(missing 1b, 1c, 1d, 1e; extra old\)/);
  });

  it('reports a submission for another notebook and a second file for the same student', () => {
    const a = JSON.stringify(submissionFor(demo, 'ivan', { '1a': '5' }));
    const other = JSON.stringify({ ...submissionFor(demo, 'jo', {}), notebookId: 'hw9' });
    const run = gradeFiles(demo, [
      { name: 'a.json', text: a },
      { name: 'b.json', text: a },
      { name: 'c.json', text: other },
    ]);
    expect(run.graded).toHaveLength(1);
    expect(run.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/b\.json: a second submission for student "ivan"/),
      expect.stringMatching(/c\.json: this submission is for notebook "hw9"/),
    ]);
  });

  it('counts an override of an auto part only with a reason; text points need none', () => {
    const g = regradeSubmission(demo, submissionFor(demo, 'pat', { '1a': '1', '1e': 'words' }));
    expect(overrideNeedsReason(g.parts[0], { points: 2 })).toBe(true);
    expect(finalPoints(g.parts[0], { points: 2 })).toBe(0);
    expect(finalPoints(g.parts[0], { points: 2, reason: 'accepted the other convention' })).toBe(2);
    expect(finalPoints(g.parts[4], { points: 1.5 })).toBe(1.5);
    expect(finalPoints(g.parts[4], { comment: 'see me' })).toBe(null);
  });

  it('writes CSV with one row per student, a column per part and the total', () => {
    const files = ['kim', 'lee, jr'].map((id) => ({ name: `${id}.json`, text: JSON.stringify(submissionFor(demo, id, correctInputs(demo, seedOf(id)))) }));
    const run = gradeFiles(demo, files);
    const csv = gradesCsv(demo, run.graded, { kim: { '1e': { points: 3 }, '1a': { points: 1, reason: 'units missing' } } });
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('student_id,seed,1a,1b,1c,1d,1e,total');
    expect(lines[1]).toBe(`kim,${seedOf('kim')},1,4,1,1,3,10`);
    expect(lines[2]).toBe(`"lee, jr",${seedOf('lee, jr')},2,4,1,1,,8`);
  });
});

describe('batch command', () => {
  it('prints the same CSV as grader mode for the same files, and reports the bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradbook-grade-'));
    const files = ['mia', 'ned', 'ola'].map((id, i) => {
      const inputs = correctInputs(demo, seedOf(id));
      if (i === 1) inputs['1a'] = '3';
      return { name: join(dir, `${id}.json`), text: JSON.stringify(submissionFor(demo, id, inputs)) };
    });
    files.push({ name: join(dir, 'broken.json'), text: files[0].text.slice(0, 50) });
    for (const f of files) writeFileSync(f.name, f.text);
    const expected = gradesCsv(demo, gradeFiles(demo, files).graded);
    for (const workers of ['1', '2']) {
      const out = execFileSync('node', ['scripts/grade.mjs', '--notebook', demoPath, '--workers', workers, ...files.map((f) => f.name)], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(out).toBe(expected);
    }
    const run = spawnSync('node', ['scripts/grade.mjs', '--notebook', demoPath, ...files.map((f) => f.name)], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/skipped .*broken\.json: the file is truncated/);
    expect(run.stderr).toMatch(/graded 3 of 4 files \(1 skipped\)/);
  }, 60_000);
});
