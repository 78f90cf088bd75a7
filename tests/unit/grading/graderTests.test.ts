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
    expect(job.extra?.[0]).toMatchObject({ call: 'maxPoolForward' });
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

  describe('backward cases and extra seeds', () => {
    const CONV = readFileSync('tests/unit/grading/fixtures/code/conv-naive.js', 'utf8');
    // Wrong on purpose: db sums only the first image's upstream gradient.
    const CONV_BAD_DB = CONV.replace('db.addAt([f], d);', 'if (n === 0) db.addAt([f], d);');
    // Wrong on purpose: the gradient is spread evenly over the window (average-pool backward).
    const POOL_AVG = RIGHT_POOL.replace(
      'dx.addAt([n, c, i * stride + bu, j * stride + bv], dout.get(n, c, i, j));',
      'for (let u = 0; u < ph; u++) for (let v = 0; v < pw; v++) dx.addAt([n, c, i * stride + u, j * stride + v], dout.get(n, c, i, j) / (ph * pw));',
    );
    const DROPOUT = readFileSync('tests/unit/grading/fixtures/code/dropout-right.js', 'utf8');
    const convCase = { kind: 'backward', name: 'stride 1, pad 0, two images', against: 'reference', seed: 4, args: [{ randn: [2, 2, 5, 4] }, { randn: [3, 2, 2, 2] }, { randn: [3] }, { stride: 1, pad: 0 }], tolerance: 1e-8 } as const;
    const rowsOf = (task: string, code: string, extra: unknown[]) => {
      const r = handleCodeRun({ task, code, seed: 1, extra: extra as never });
      if (!r.ok) throw new Error(r.error);
      return r.report.rows.filter((row) => row.check.startsWith('grader-only'));
    };

    it('a conv backward checked against the float64 reference: right passes, a wrong db fails on db alone', () => {
      expect(POOL_AVG).not.toBe(RIGHT_POOL);
      expect(CONV_BAD_DB).not.toBe(CONV);
      const right = rowsOf('conv', CONV, [convCase]);
      expect(right.map((r) => [r.check, r.pass])).toEqual([
        ['grader-only: stride 1, pad 0, two images: dx vs reference', true],
        ['grader-only: stride 1, pad 0, two images: dw vs reference', true],
        ['grader-only: stride 1, pad 0, two images: db vs reference', true],
      ]);
      const wrong = rowsOf('conv', CONV_BAD_DB, [convCase]);
      expect(wrong.map((r) => r.pass)).toEqual([true, true, false]);
      expect(wrong[2].error).toBeGreaterThan(1e-3);
    });

    it('a max-pool backward checked against numerical gradients of the student\'s own forward pass', () => {
      const c = { kind: 'backward', name: '3×3, stride 1', against: 'numerical', seed: 9, args: [{ randn: [1, 2, 6, 6] }, { poolHeight: 3, poolWidth: 3, stride: 1 }], tolerance: 1e-7 };
      expect(rowsOf('maxpool', RIGHT_POOL, [c]).map((r) => [r.check, r.pass])).toEqual([['grader-only: 3×3, stride 1: dx vs numerical gradient', true]]);
      const wrong = rowsOf('maxpool', POOL_AVG, [c]);
      expect(wrong[0].pass).toBe(false);
      expect(wrong[0].error).toBeGreaterThan(1e-2);
    });

    it('dropout (its own mask) is checked numerically; the same code, other seeds of the cell\'s own checks', () => {
      const c = { kind: 'backward', name: 'p = 0.5', against: 'numerical', seed: 2, args: [{ randn: [6, 7], shift: 3 }, { p: 0.5, mode: 'train', seed: 11 }], tolerance: 1e-7 };
      const seeds = { kind: 'seeds', name: 'more draws', seeds: [5, 6] };
      const right = rowsOf('dropout', DROPOUT, [c, seeds]);
      const own = handleCodeRun({ task: 'dropout', code: DROPOUT, seed: 1 });
      const ownRows = own.ok ? own.report.rows.length : 0;
      expect(right).toHaveLength(1 + 2 * ownRows);
      expect(right.every((r) => r.pass)).toBe(true);
      expect(right[1].check).toMatch(/^grader-only: more draws, seed 5: /);
      expect(right.at(-1)!.check).toMatch(/^grader-only: more draws, seed 6: /);
      const wrong = rowsOf('dropout', DROPOUT.replace(/function dropoutBackward\([^)]*\)\s*\{/, '$& return dout;'), [c]);
      expect(wrong[0].pass).toBe(false);
    });

    it('a backward case that cannot run, or one that cannot be compared, is the grader\'s one-line error when the file is read', () => {
      const file = (c: object) => JSON.stringify({ graderTests: nb.id, parts: { '2a': [c] } });
      const pool = { kind: 'backward', name: 'big window', against: 'reference', args: [{ randn: [1, 1, 2, 2] }, { poolHeight: 3, poolWidth: 3, stride: 1 }] };
      expect(() => parseGraderTests(file(pool), 'g.json', nb)).toThrow('g.json: part 2a, "big window": maxPoolForward\'s reference cannot run on these arguments (pool: window 3×3 is larger than the 2×2 input)');
      const dout = { ...pool, args: [{ randn: [1, 1, 4, 4] }, { poolHeight: 2, poolWidth: 2, stride: 2 }], dout: [[[[1, 2, 3]]]] };
      expect(() => parseGraderTests(file(dout), 'g.json', nb)).toThrow('dout has shape [1, 1, 1, 3]; the output has shape [1, 1, 2, 2]');
      const drop = JSON.stringify({ graderTests: nb.id, parts: { '2b': [{ kind: 'backward', name: 'd', against: 'reference', args: [{ randn: [3, 3] }, { p: 0.5, mode: 'train', seed: 1 }] }] } });
      expect(() => parseGraderTests(drop, 'g.json', nb)).toThrow('use "against": "numerical"');
      expect(() => parseGraderTests(file({ kind: 'seeds', name: 's', seeds: [] }), 'g.json', nb)).toThrow('g.json: not a grader-tests file (parts.2a.0.seeds:');
      expect(() => parseGraderTests(file({ kind: 'sideways', name: 's' }), 'g.json', nb)).toThrow('g.json: not a grader-tests file (parts.2a.0.kind:');
      // A well-formed case reads, with its defaults.
      const ok = parseGraderTests(file({ ...pool, args: [{ randn: [1, 1, 4, 4] }, { poolHeight: 2, poolWidth: 2, stride: 2 }] }), 'g.json', nb);
      expect(ok['2a'][0]).toMatchObject({ kind: 'backward', seed: 0, tolerance: 1e-7 });
    });

    it("the demo course's backward cases for hw1c 5e pass the naive conv and catch a wrong db", () => {
      const demo = parseNotebook(readFileSync('notebooks/hw1c-layers.md', 'utf8'), 'notebooks/hw1c-layers.md');
      const cases = parseGraderTests(readFileSync('grader/hw1-layers.json', 'utf8'), 'grader/hw1-layers.json', demo)['5e'];
      expect(cases.map((c) => c.kind)).toEqual(['backward', 'backward']);
      expect(rowsOf('conv', CONV, cases).every((r) => r.pass)).toBe(true);
      const wrong = rowsOf('conv', CONV_BAD_DB, cases);
      expect(wrong.filter((r) => !r.pass).map((r) => r.output)).toEqual(['db', 'db']);
    });

    it('a backward case changes the grade through the grading path, as the call cases do', async () => {
      const tests = JSON.stringify({ graderTests: nb.id, parts: { '2a': [{ kind: 'backward', name: '3×3, stride 1', against: 'reference', seed: 9, args: [{ randn: [1, 2, 6, 6] }, { poolHeight: 3, poolWidth: 3, stride: 1 }] }] } });
      const graded = withGraderTests(nb, parseGraderTests(tests, 'g.json', nb));
      // The average-pool backward already fails the cell's own gradient check; the grader's case fails too.
      const run = collectOutcomes(await Promise.all([file('ann', RIGHT_POOL), file('bob', STRIDE_TWO)].map((f) => gradeOneRunningCode(graded, f, inProcess)))).graded;
      const [ann, bob] = run.map((g) => g.parts.find((p) => p.partId === '2a')!);
      expect(ann.auto).toBe(3);
      // A fixed stride of 2 gives the wrong shape on a stride-1 case: one of four checks fails.
      expect(bob.auto).toBe(2.25);
      expect(bob.message).toContain('first failure: grader-only: 3×3, stride 1: dx vs reference');
    });
  });
});
