import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvCell, finalPoints, gradeFiles, gradesCsv, LONG_ANSWER, overrideNeedsReason, regradeSubmission, totalOf } from '../../../src/grading/regrade';
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

  it('flags a different notebook copy and grades it, naming the parts it lacks or that this copy does not have', () => {
    const sub = { ...submissionFor(demo, 'gina', { '1a': '5' }), contentHash: 'deadbeef' };
    const g = regradeSubmission(demo, sub, 'gina.json');
    expect(g.hashMismatch).toBe(true);
    expect(g.flags[0]).toMatch(/different copy.*the parts match/);
    const run = gradeFiles(demo, [{ name: 'h.json', text: JSON.stringify({ ...sub, partIds: ['1a', 'old', '1a'] }) }]);
    expect(run.errors).toEqual([]);
    expect(run.graded[0].flags[0]).toBe('Made with a different copy of the notebook (hash deadbeef, this copy ' + demo.contentHash + '): the file lacks parts 1b, 1c, 1d, 1e (graded as unanswered); it has part old that this copy does not (ignored).');
    expect(run.graded[0].parts.slice(1).map((p) => p.status)).toEqual(['unanswered', 'unanswered', 'unanswered', 'unanswered']);
    // The same parts listed twice are the same parts: never "parts differ ()".
    const twice = regradeSubmission(demo, { ...sub, partIds: [...sub.partIds, '1a'] }, 'twice.json');
    expect(twice.flags[0]).toMatch(/the parts match/);
  });

  it('flags a newer notebook version, overrides in a per-student notebook, a seed that is not the id\'s, and a huge answer', () => {
    const sub = submissionFor(demo, 'hana', { '1a': '5', '1e': 'x'.repeat(LONG_ANSWER + 1) });
    const g = regradeSubmission(demo, { ...sub, notebookVersion: 99 }, 'hana.json');
    expect(g.flags).toContain(`Made with a newer notebook version 99; this copy is ${demo.version}.`);
    expect(g.flags).toContain(`The answer to 1e is 20,001 characters long (over 20,000): graded in full, shown truncated.`);
    expect(g.parts[4]).toMatchObject({ status: 'manual', input: 'x'.repeat(LONG_ANSWER + 1) });
    const [name] = Object.keys(demo.params);
    const chosen = regradeSubmission(demo, { ...sub, overrides: { [name]: 1 } }, 'hana.json');
    expect(chosen.flags.join('\n')).toMatch(new RegExp(`Parameter overrides in a per-student notebook \\(${name}=1\\)`));
    const other = regradeSubmission(demo, { ...sub, seed: (sub.seed ?? 0) + 1 }, 'hana.json');
    expect(other.flags.join('\n')).toMatch(/Seed \d+ is not the variant of student id "hana"/);
    expect(regradeSubmission(demo, sub).flags).toEqual([`The answer to 1e is 20,001 characters long (over 20,000): graded in full, shown truncated.`]);
  });

  it('reports a submission for another notebook; of two files for one student grades the newer and names both', () => {
    const newer = { ...submissionFor(demo, 'ivan', { '1a': '5' }), submittedAt: '2026-11-30T10:00:00.000Z' };
    const older = { ...newer, parts: {}, submittedAt: '2026-11-29T10:00:00.000Z' };
    const other = JSON.stringify({ ...submissionFor(demo, 'jo', {}), notebookId: 'hw9' });
    const run = gradeFiles(demo, [
      { name: 'a.json', text: JSON.stringify(newer) },
      { name: 'b.json', text: JSON.stringify(older) },
      { name: 'c.json', text: other },
    ]);
    expect(run.graded).toHaveLength(1);
    expect(run.graded[0].file).toBe('a.json');
    expect(run.graded[0].flags).toContain('Student "ivan" handed in 2 files; this newest one is graded, not b.json (submitted 2026-11-29T10:00:00.000Z).');
    expect(run.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/c\.json: this submission is for notebook "hw9"/),
      'b.json: an older submission for student "ivan" (submitted 2026-11-29T10:00:00.000Z); the newer a.json (submitted 2026-11-30T10:00:00.000Z) is graded instead.',
    ]);
    // Whatever the order of the files.
    expect(gradeFiles(demo, [{ name: 'b.json', text: JSON.stringify(older) }, { name: 'a.json', text: JSON.stringify(newer) }]).graded[0].file).toBe('a.json');
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
    expect(lines[0]).toBe('student_id,seed,1a,1b,1c,1d,1e,total,flags');
    expect(lines[1]).toBe(`kim,${seedOf('kim')},1,4,1,1,3,10,0`);
    expect(lines[2]).toBe(`"lee, jr",${seedOf('lee, jr')},2,4,1,1,,8,0`);
  });

  it('makes every cell that a spreadsheet would run as a formula plain text (OWASP), in the one CSV function', () => {
    for (const [id, cell] of [
      ['=1+1', "'=1+1"],
      ['+1', "'+1"],
      ['-1+HYPERLINK("http://x","y")', '"\'-1+HYPERLINK(""http://x"",""y"")"'],
      ['@SUM(A1)', "'@SUM(A1)"],
      ['\t=cmd', "'\t=cmd"],
      ['\r=cmd', '"\'\r=cmd"'],
      ['ana', 'ana'],
    ]) {
      expect(csvCell(id)).toBe(cell);
      // As the file has it (the page trims ids; a hand-made file need not).
      const g = regradeSubmission(demo, { ...submissionFor(demo, 'x', {}), studentId: id });
      expect(gradesCsv(demo, [g]).split('\n')[1].startsWith(`${cell},`)).toBe(true);
    }
    // A number, negative too, stays a number.
    expect(csvCell('-1.5')).toBe('-1.5');
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
