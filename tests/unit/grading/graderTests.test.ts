// Grader-only tests: the grader's extra cases change the grade of code that passes the cell's own
// checks but not the hidden ones, through the same run request the sandboxes get.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeJobsFor, type CodeJob } from '../../../src/grading/codeGrading';
import { parseGraderTests, withGraderTests, graderTestsNotebookId } from '../../../src/grading/graderTests';
import { gradeOneRunningCode, gradesCsv, collectOutcomes } from '../../../src/grading/regrade';
import { buildSubmission } from '../../../src/grading/submission';
import { maxPoolForward, randn, type NDArray, type Nested } from '../../../src/core/reference';
import { createRng } from '../../../src/core/rng';
import { parseNotebook } from '../../../src/notebook/parse';
import { studentSeed } from '../../../src/notebook/variants';
import { handleCodeRun } from '../../../src/worker/codeRunCore';
import { gradingNotebook, isGradingFile } from '../../../src/ui/grader/notebookFile';

const nbPath = 'tests/unit/grading/fixtures/grade-code-demo.md';
const nb = parseNotebook(readFileSync(nbPath, 'utf8'), nbPath);
const RIGHT_POOL = readFileSync('tests/unit/grading/fixtures/code/maxpool-right.js', 'utf8');
// Passes the cell's checks (they pool with stride 2 only) but ignores the stride it is given.
const STRIDE_TWO = RIGHT_POOL.replaceAll('const { poolHeight: ph, poolWidth: pw, stride } = param;', 'const { poolHeight: ph, poolWidth: pw } = param; const stride = 2;');

function nested(a: NDArray): Nested {
  const at = (axis: number, offset: number): Nested =>
    axis === a.shape.length ? a.data[offset] : Array.from({ length: a.shape[axis] }, (_, i) => at(axis + 1, offset * a.shape[axis] + i));
  return at(0, 0);
}

/** A hidden case the cell's own checks never try: a 3×3 window with stride 1. */
function hiddenFile(notebookId = nb.id): string {
  const x = randn([1, 2, 5, 5], createRng(7));
  const expected = maxPoolForward(x, { pool: 3, stride: 1 }).out;
  const c = { name: '3×3 window, stride 1', call: 'maxPoolForward', args: [nested(x), { poolHeight: 3, poolWidth: 3, stride: 1 }], output: 'out', expected: nested(expected) };
  return JSON.stringify({ graderTests: notebookId, parts: { '2a': [c] } });
}

const T = '2026-11-29T05:00:00.000Z';
function file(id: string, source: string) {
  const record = { notebookId: nb.id, version: nb.version, seed: studentSeed(nb.id, id, nb.variants.salt), overrides: {}, parts: { '2a': { input: source, updatedAt: T } }, updatedAt: T };
  return { name: `${id}.json`, text: JSON.stringify(buildSubmission(nb, record, id, new Date(T))) };
}

const inProcess = async (job: CodeJob) => handleCodeRun(job);

describe('grader-only tests', () => {
  it('lower the grade of code that passes the cell checks but fails the hidden ones', async () => {
    const files = [file('ann', RIGHT_POOL), file('bob', STRIDE_TWO)];
    const plain = collectOutcomes(await Promise.all(files.map((f) => gradeOneRunningCode(nb, f, inProcess)))).graded;
    expect(plain.map((g) => g.parts.find((p) => p.partId === '2a')?.auto)).toEqual([3, 3]);

    const graded = withGraderTests(nb, parseGraderTests(hiddenFile(), 'grader/grade-code-demo.json', nb));
    const run = collectOutcomes(await Promise.all(files.map((f) => gradeOneRunningCode(graded, f, inProcess)))).graded;
    const [ann, bob] = run.map((g) => g.parts.find((p) => p.partId === '2a')!);
    expect(ann.auto).toBe(3);
    // Partial credit: one check of four fails.
    expect(bob.auto).toBe(2.25);
    expect(bob.message).toContain('first failure: grader-only: 3×3 window, stride 1');
    const csv = gradesCsv(graded, run);
    expect(csv.split('\n').find((l) => l.startsWith('bob,'))).toContain(',2.25,');
  });

  it('travel in the run request, and change the job key so no cached outcome is reused', () => {
    const graded = withGraderTests(nb, parseGraderTests(hiddenFile(), 'g.json', nb));
    const sub = JSON.parse(file('ann', RIGHT_POOL).text);
    const [plainJob] = codeJobsFor(nb, sub);
    const [job] = codeJobsFor(graded, sub);
    expect(plainJob.extra).toBeUndefined();
    expect(job.extra?.[0].call).toBe('maxPoolForward');
    expect(job.key).not.toBe(plainJob.key);
  });

  it('refuse a file for another notebook, an unknown part or a function the cell does not define', () => {
    expect(graderTestsNotebookId(hiddenFile())).toBe(nb.id);
    expect(graderTestsNotebookId(file('ann', RIGHT_POOL).text)).toBeNull();
    expect(() => parseGraderTests(hiddenFile('hw9'), 'g.json', nb)).toThrow('g.json: these grader tests are for notebook "hw9", not "grade-code-demo"');
    expect(() => parseGraderTests(hiddenFile().replace('"2a"', '"1a"'), 'g.json', nb)).toThrow('g.json: part 1a is not a code cell of grade-code-demo');
    expect(() => parseGraderTests(hiddenFile().replace('"call":"maxPoolForward"', '"call":"process"'), 'g.json', nb)).toThrow('calls process; the cell\'s code defines maxPoolForward, maxPoolBackward');
    expect(() => parseGraderTests('{"graderTests":"x"}', 'g.json', nb)).toThrow('g.json: not a grader-tests file (parts:');
  });

  it('run in the grading command\'s sandbox with --grader-tests, in both grading threads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradbook-grader-tests-'));
    const paths = [file('ann', RIGHT_POOL), file('bob', STRIDE_TWO)].map((f) => {
      writeFileSync(join(dir, f.name), f.text);
      return join(dir, f.name);
    });
    const tests = join(dir, 'grade-code-demo.json');
    writeFileSync(tests, hiddenFile());
    const run = spawnSync('node', ['scripts/grade.mjs', '--notebook', nbPath, '--workers', '2', '--grader-tests', tests, ...paths], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const rows = run.stdout.trim().split('\n').slice(1).map((l) => l.split(',').slice(0, 4).join(','));
    expect(rows).toEqual([expect.stringMatching(/^ann,\d+,0,3$/), expect.stringMatching(/^bob,\d+,0,2\.25$/)]);
    const bad = spawnSync('node', ['scripts/grade.mjs', '--notebook', nbPath, '--grader-tests', join(dir, 'missing.json'), ...paths], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.split('\n')[0]).toBe(`grade: cannot read the grader tests ${join(dir, 'missing.json')} (ENOENT)`);
  }, 180_000);

  it('the demo course\'s grader/hw1-layers.json holds for right code and catches a fixed stride', () => {
    const demo = parseNotebook(readFileSync('notebooks/hw1c-layers.md', 'utf8'), 'notebooks/hw1c-layers.md');
    const [c] = parseGraderTests(readFileSync('grader/hw1-layers.json', 'utf8'), 'grader/hw1-layers.json', demo)['5f'];
    const run = (code: string) => handleCodeRun({ task: 'maxpool', code, seed: 1, extra: [c] });
    const right = run(RIGHT_POOL);
    const wrong = run(STRIDE_TWO);
    expect(right.ok && right.report.rows.at(-1)).toMatchObject({ check: 'grader-only: 3×3 window, stride 1, one image', pass: true });
    expect(right.ok && right.report.allPassed).toBe(true);
    expect(wrong.ok && wrong.report.rows.filter((r) => !r.pass).map((r) => r.check)).toEqual(['grader-only: 3×3 window, stride 1, one image']);
  });

  it('a grader-tests file dropped on the grade page arms the code cells and is not taken for a submission', () => {
    const files = [file('ann', RIGHT_POOL), { name: 'grade-code-demo.json', text: hiddenFile() }, { name: 'other.json', text: hiddenFile('hw9') }];
    expect(files.map(isGradingFile)).toEqual([false, true, true]);
    const g = gradingNotebook(nb, files);
    expect(g.graderTests).toBe('grade-code-demo.json');
    expect(g.problems).toEqual([]);
    expect(codeJobsFor(g.nb, JSON.parse(files[0].text))[0].extra).toHaveLength(1);
    const broken = gradingNotebook(nb, [{ name: 'g.json', text: hiddenFile().replace('"2a"', '"1a"') }]);
    expect(broken.problems).toEqual([{ file: 'g.json', message: 'g.json: part 1a is not a code cell of grade-code-demo' }]);
  });
});
