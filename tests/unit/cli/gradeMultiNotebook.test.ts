// `gradbook grade <course> <submissions…>` over submissions for two notebooks of one course (a
// question notebook and a code notebook with the course's grader/<id>.json), with bad files among
// them: each notebook gets its own CSV, the bad files are named and skipped, the batch goes on.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { buildSubmission } from '../../../src/grading/submission';
import { emptyRecord } from '../../../src/notebook/answers';
import { parseNotebook } from '../../../src/notebook/parse';
import { drawParams, studentSeed } from '../../../src/notebook/variants';

const bin = resolve(__dirname, '../../../scripts/gradbook.mjs');

function gradbook(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, npm_lifecycle_event: '' }, maxBuffer: 1 << 24 }, (err, stdout, stderr) =>
      res({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const RIGHT_POOL = readFileSync('tests/unit/grading/fixtures/code/maxpool-right.js', 'utf8');
// Passes the cell's own checks (stride 2 only) but ignores the stride it is given.
const STRIDE_TWO = RIGHT_POOL.replaceAll('const { poolHeight: ph, poolWidth: pw, stride } = param;', 'const { poolHeight: ph, poolWidth: pw } = param; const stride = 2;');

let tmp: string;
let course: string;
const sub: Record<string, string> = {};
let week1Seed = 0;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gradbook-multi-'));
  course = join(tmp, 'course');
  const made = await gradbook('new', course);
  expect(made.code, made.stderr).toBe(0);
  // A second notebook, with code cells, and the course's grader-only checks for it.
  copyFileSync('tests/unit/grading/fixtures/grade-code-demo.md', join(course, 'notebooks/code.md'));
  mkdirSync(join(course, 'grader'));
  writeFileSync(
    join(course, 'grader/grade-code-demo.json'),
    JSON.stringify({ graderTests: 'grade-code-demo', parts: { '2a': [{ kind: 'backward', name: '3×3, stride 1', against: 'reference', seed: 9, args: [{ randn: [1, 2, 6, 6] }, { poolHeight: 3, poolWidth: 3, stride: 1 }] }] } }),
  );

  const week1 = parseNotebook(readFileSync(join(course, 'notebooks/week1.md'), 'utf8'), 'notebooks/week1.md');
  const salt = (parseYaml(readFileSync(join(course, 'course.yml'), 'utf8')) as { salt: string }).salt;
  week1Seed = studentSeed('week1', 's1', salt);
  const record = emptyRecord('week1', 1, week1Seed);
  record.parts['2a'] = { input: String(2 * (drawParams(week1.params, week1Seed).n - 1)), updatedAt: new Date().toISOString() };
  const code = parseNotebook(readFileSync('tests/unit/grading/fixtures/grade-code-demo.md', 'utf8'), 'code.md');
  const T = '2026-12-01T10:00:00.000Z';
  const codeSub = (id: string, source: string) =>
    JSON.stringify(buildSubmission(code, { notebookId: code.id, version: code.version, seed: studentSeed(code.id, id, code.variants.salt), overrides: {}, parts: { '2a': { input: source, updatedAt: T } }, updatedAt: T }, id, new Date(T)));
  const files: Record<string, string> = {
    's1.json': JSON.stringify(buildSubmission(week1, record, 's1')),
    'ann.json': codeSub('ann', RIGHT_POOL),
    'bob.json': codeSub('bob', STRIDE_TWO),
    'corrupt.json': '{"notebookId": "week1", "parts": {',
    'other-course.json': JSON.stringify({ ...buildSubmission(week1, record, 's2'), notebookId: 'hw9' }),
    // Names a notebook of the course but is no submission: the grader says so, for that notebook.
    'broken.json': JSON.stringify({ notebookId: 'grade-code-demo', studentId: 'eve' }),
  };
  for (const [name, text] of Object.entries(files)) {
    sub[name] = join(tmp, name);
    writeFileSync(sub[name], text);
  }
}, 60_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('gradbook grade over several notebooks', () => {
  it('grades each notebook into its own CSV, with its grader-only checks, and names every bad file without stopping', async () => {
    const feedback = join(tmp, 'feedback');
    const r = await gradbook('grade', course, ...Object.values(sub), '--feedback', feedback);
    expect(r.code, r.stderr).toBe(0);
    const [first, second, ...rest] = r.stdout.split('\n\n');
    expect(rest).toEqual([]);
    const csvs = [first, second].map((c) => c.trim().split('\n'));
    const week1 = csvs.find((c) => c[0].startsWith('student_id,seed,1a,1b'))!;
    const code = csvs.find((c) => c[0].startsWith('student_id,seed,1a,2a,2b'))!;
    expect(week1).toEqual(['student_id,seed,1a,1b,1c,1d,2a,2b,2c,total,flags', `s1,${week1Seed},0,0,0,0,1,0,,1,0`]);
    // The backward case from grader/grade-code-demo.json: a fixed stride fails it (one check of four).
    expect(code.slice(1).map((l) => l.split(',').slice(0, 1).concat(l.split(',').slice(3, 4)).join(','))).toEqual(['ann,3', 'bob,2.25']);
    const skipped = r.stderr.split('\n').filter((l) => l.startsWith('skipped '));
    expect(skipped).toHaveLength(3);
    expect(skipped.find((l) => l.includes('corrupt.json'))).toMatch(/corrupt\.json: not valid JSON \(/);
    expect(skipped.find((l) => l.includes('other-course.json'))).toContain('notebook "hw9" is not in this course');
    expect(skipped.find((l) => l.includes('broken.json'))).toBeTruthy();
    // Each notebook's lines on stderr come under its name.
    expect(r.stderr).toMatch(/^notebook week1: 1 file\n(.*\n)*?graded 1 of 1 files \(0 skipped\)$/m);
    expect(r.stderr).toMatch(/^notebook grade-code-demo: 3 files\n(.*\n)*?graded 2 of 3 files \(1 skipped\)$/m);
    // One feedback folder per notebook.
    expect(readdirSync(feedback).sort()).toEqual(['grade-code-demo', 'week1']);
    expect(readdirSync(join(feedback, 'grade-code-demo')).sort()).toEqual(['ann.html', 'bob.html']);
    expect(readFileSync(join(feedback, 'grade-code-demo', 'bob.html'), 'utf8')).toContain('grader-only: 3×3, stride 1: dx vs reference');
  }, 240_000);

  it('an LMS layout per notebook; one --assignment name for several notebooks is refused in one line; only bad files: exit 1', async () => {
    const r = await gradbook('grade', course, sub['s1.json'], sub['corrupt.json'], sub['other-course.json'], '--format', 'moodle', '--assignment', 'Week 1');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['First name,Last name,ID number,Email address,Week 1 (Real),Week 1 (Feedback)', ',,s1,,1,']);
    const two = await gradbook('grade', course, sub['s1.json'], sub['ann.json'], '--format', 'canvas', '--assignment', 'HW (1)');
    expect(two.code).toBe(2);
    expect(two.stderr.trim().split('\n')).toEqual(['gradbook: grade: --assignment names one LMS assignment; these submissions are for several notebooks, so grade each notebook on its own']);
    const none = await gradbook('grade', course, sub['corrupt.json'], sub['other-course.json']);
    expect(none.code).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr.split('\n').filter((l) => l.startsWith('skipped '))).toHaveLength(2);
  }, 240_000);
});
