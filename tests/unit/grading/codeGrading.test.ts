import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeJobsFor, timeoutOutcome, type CodeJob, type CodeRunOutcome } from '../../../src/grading/codeGrading';
import { collectOutcomes, gradeOneRunningCode, gradesCsv, regradeSubmission } from '../../../src/grading/regrade';
import { buildSubmission, parseSubmission, recordFromSubmission, SUBMISSION_VERSION, type Submission } from '../../../src/grading/submission';
import type { AnswersRecord, PartState } from '../../../src/notebook/answers';
import { trainingSummaryFromMessage, trainingSummaryOf } from '../../../src/notebook/answers';
import { parseNotebook } from '../../../src/notebook/parse';
import { resolveVariant, studentSeed } from '../../../src/notebook/variants';
import { handleCodeRun } from '../../../src/worker/codeRunCore';

const nbPath = 'tests/unit/grading/fixtures/grade-code-demo.md';
const nb = parseNotebook(readFileSync(nbPath, 'utf8'), nbPath);
const code = (f: string) => readFileSync(`tests/unit/grading/fixtures/code/${f}`, 'utf8');
const RIGHT_POOL = code('maxpool-right.js');
// Wrong on purpose: the gradient is spread over the window (average-pool backward).
const WRONG_POOL = RIGHT_POOL.replace(
  'dx.addAt([n, c, i * stride + bu, j * stride + bv], dout.get(n, c, i, j));',
  'for (let u = 0; u < ph; u++) for (let v = 0; v < pw; v++) dx.addAt([n, c, i * stride + u, j * stride + v], dout.get(n, c, i, j) / (ph * pw));',
);
const RIGHT_DROPOUT = code('dropout-right.js');
const LOOP = 'function dropoutForward(x, param) {\n  while (true) {}\n}\nfunction dropoutBackward(d, c) { return d; }';
const T = '2026-11-29T05:00:00.000Z';
const MESSAGE = 'Held-out accuracy 97.15% on 2,000 digits after 780 steps (5 epochs); depth 2, width 16, dropout 0, batchnorm on, adam lr 0.001, batch 64; webgl backend, 41.3 s, 2410 images/s.';

function record(studentId: string, parts: Record<string, Partial<PartState>>): AnswersRecord {
  return {
    notebookId: nb.id,
    version: nb.version,
    seed: studentSeed(nb.id, studentId, nb.variants.salt),
    overrides: {},
    parts: Object.fromEntries(Object.entries(parts).map(([id, p]) => [id, { input: '', updatedAt: T, ...p }])),
    updatedAt: T,
  };
}

const submission = (id: string, parts: Record<string, Partial<PartState>>) => buildSubmission(nb, record(id, parts), id, new Date(T));
const rightFor = (id: string) => String(9 * resolveVariant(nb, studentSeed(nb.id, id, nb.variants.salt), {}).params.cin);

/** In-process stand-in for the page's worker: the checks themselves; a loop is what the worker's timer reports. */
async function inProcess(job: CodeJob): Promise<CodeRunOutcome> {
  return job.code.includes('while (true)') ? timeoutOutcome(job.timeLimitS) : handleCodeRun(job);
}

describe('submissions with code cells and training results', () => {
  const sub = submission('ana', {
    '1a': { input: '27', verdict: 'correct' },
    '2a': { input: RIGHT_POOL, verdict: 'correct', message: 'All 3 checks pass.', score: 1, checkedAt: T },
    '3a': { input: '{"depth":2,"batch":64}', message: MESSAGE, checkedAt: T, training: trainingSummaryOf({ backend: 'webgl', testAccuracy: 0.9715, steps: 780, epochsDone: 5, seconds: 41.3, imgPerS: 2410, stopped: false }) },
  });

  it('carry code cells and training runs in their own sections, and restore them', () => {
    expect(sub.schemaVersion).toBe(2);
    expect(Object.keys(sub.parts)).toEqual(['1a']);
    expect(sub.partIds).toEqual(['1a', '2a', '2b']);
    expect(sub.code['2a']).toMatchObject({ source: RIGHT_POOL, verdict: 'correct', message: 'All 3 checks pass.' });
    expect(sub.training['3a']).toMatchObject({ backend: 'webgl', testAccuracy: 0.9715, steps: 780, epochs: 5, seconds: 41.3, imgPerS: 2410, settings: { depth: 2, batch: 64 } });
    const r = parseSubmission(JSON.stringify(sub), 'ana.json');
    expect(r.ok && r.submission).toEqual(sub);
    const back = recordFromSubmission(sub);
    expect(back.parts['2a'].input).toBe(RIGHT_POOL);
    expect(back.parts['3a']).toMatchObject({ input: '{"depth":2,"batch":64}', message: MESSAGE, training: { backend: 'webgl', steps: 780 } });
  });

  it('read a training result saved before the cell stored its numbers from its message', () => {
    expect(trainingSummaryFromMessage(MESSAGE)).toEqual({ backend: 'webgl', testAccuracy: 0.9715, steps: 780, epochs: 5, seconds: 41.3, imgPerS: 2410, stopped: false });
    expect(trainingSummaryFromMessage(MESSAGE.replace('(5 epochs)', '(1 epoch, stopped early)'))).toMatchObject({ epochs: 1, stopped: true });
    expect(trainingSummaryFromMessage('Training…')).toBeNull();
    const old = submission('ben', { '3a': { input: '{}', message: MESSAGE } });
    expect(old.training['3a']).toMatchObject({ testAccuracy: 0.9715, backend: 'webgl' });
  });

  it('migrate version 1 files: code from `code` or `parts`, training results out of `parts`', () => {
    const v1 = {
      ...sub,
      schemaVersion: 1,
      // The version 1 app copied every saved part into `parts`, the training cell too.
      parts: {
        '1a': { input: '27' },
        '2b': { input: RIGHT_DROPOUT, verdict: 'correct' },
        '3a': { input: '{"depth":2}', message: MESSAGE, checkedAt: T },
      },
      code: { '2a': { source: RIGHT_POOL, checks: [{ name: 'forward', passed: true }, { name: 'backward', passed: false }] } },
      training: {},
    };
    const r = parseSubmission(JSON.stringify(v1), 'old.json');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.migratedFrom).toBe(1);
    const s = r.submission;
    expect(s.schemaVersion).toBe(SUBMISSION_VERSION);
    expect(s.code['2a']).toEqual({ source: RIGHT_POOL, score: 0.5, message: '1 of 2 checks pass.', verdict: 'incorrect' });
    expect(s.parts['2b'].input).toBe(RIGHT_DROPOUT);
    expect(s.parts['3a']).toBeUndefined();
    expect(s.training['3a']).toMatchObject({ testAccuracy: 0.9715, settings: { depth: 2 }, savedAt: T });
    expect(codeJobsFor(nb, s).map((j) => j.partId)).toEqual(['2a', '2b']);
  });

  it('refuse code for a part the file does not list', () => {
    const r = parseSubmission(JSON.stringify({ ...sub, code: { ...sub.code, zz: { source: 'x' } } }), 'x.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/zz/);
  });
});

describe('re-grading code cells', () => {
  it('gives all points to right code, partial credit by checks where the notebook says so, none otherwise', async () => {
    const s = submission('cat', { '2a': { input: WRONG_POOL }, '2b': { input: RIGHT_DROPOUT } });
    const o = await gradeOneRunningCode(nb, { name: 'cat.json', text: JSON.stringify(s) }, inProcess);
    if (!('graded' in o)) throw new Error(o.error);
    const [p2a, p2b] = o.graded.parts.slice(1);
    expect([p2a.status, p2a.auto, p2a.message]).toEqual(['incorrect', 2, expect.stringMatching(/^2 of 3 checks pass; first failure: backward/)]);
    expect(p2a.report?.rows.map((r) => r.pass)).toEqual([true, true, false]);
    expect([p2b.status, p2b.auto]).toEqual(['correct', 2]);
    // Without `partial`, 9 of 10 checks give nothing.
    const noPartial = { ...nb, cells: nb.cells.map((c) => (c.kind === 'code' ? { ...c, partialCredit: false } : c)) };
    expect(regradeSubmission(noPartial, s, 'cat.json', () => ({ ok: true, ms: 1, report: { ...p2a.report!, passed: 2, total: 3, allPassed: false } })).parts[1].auto).toBe(0);
  });

  it('counts the starter or nothing as unanswered, and pending until the run ends', () => {
    const s = submission('dan', { '2a': { input: '' } });
    expect(codeJobsFor(nb, s)).toEqual([]);
    const g = regradeSubmission(nb, submission('dan', { '2b': { input: RIGHT_DROPOUT } }));
    expect(g.parts.map((p) => p.status)).toEqual(['unanswered', 'unanswered', 'pending']);
    expect(g.parts[2].auto).toBeNull();
  });

  it('uses the same inputs for the same student and part, other inputs for another student', () => {
    const a = codeJobsFor(nb, submission('eve', { '2a': { input: RIGHT_POOL } }))[0];
    const b = codeJobsFor(nb, submission('eve', { '2a': { input: RIGHT_POOL } }))[0];
    const c = codeJobsFor(nb, submission('fay', { '2a': { input: RIGHT_POOL } }))[0];
    expect(a.seed).toBe(b.seed);
    expect(a.seed).not.toBe(c.seed);
    expect(a.timeLimitS).toBe(4);
  });
});

describe('npm run grade with code cells', () => {
  it('runs the code again in a sandbox: right passes, wrong fails, a loop times out with a message, a claimed pass is ignored; same CSV as grader mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradbook-grade-code-'));
    const subs: [string, Submission][] = [
      // Gil's code also uses what the page's worker offers besides the helpers: console and performance.
      ['gil', submission('gil', { '1a': { input: rightFor('gil') }, '2a': { input: RIGHT_POOL }, '2b': { input: `const started = performance.now();\nconsole.info('student code loaded');\n${RIGHT_DROPOUT}` } })],
      ['hal', submission('hal', { '1a': { input: '1' }, '2a': { input: WRONG_POOL } })],
      ['ida', submission('ida', { '1a': { input: rightFor('ida') }, '2b': { input: LOOP } })],
      // Tampered: wrong code whose stored result claims every check passed.
      ['jon', submission('jon', { '2a': { input: WRONG_POOL, verdict: 'correct', message: 'All 3 checks pass.', score: 1 } })],
      // Sneaky: code that reaches for Node's process object.
      ['kai', submission('kai', { '2b': { input: 'function dropoutForward(x) { process.exit(0); }\nfunction dropoutBackward(d) { return d; }' } })],
    ];
    const files = subs.map(([id, s]) => ({ name: join(dir, `${id}.json`), text: JSON.stringify(s) }));
    for (const f of files) writeFileSync(f.name, f.text);
    const expected = gradesCsv(nb, collectOutcomes(await Promise.all(files.map((f) => gradeOneRunningCode(nb, f, inProcess)))).graded);
    const lines = expected.trim().split('\n');
    expect(lines[0]).toBe('student_id,seed,1a,2a,2b,total,flags');
    expect(lines.slice(1).map((l) => l.split(',').slice(2).join(','))).toEqual(['1,3,2,6,0', '0,2,0,2,0', '1,0,0,1,0', '0,2,0,2,1', '0,0,0,0,0']);

    // Cheating: code that changes how results are measured. The checks' built-ins are frozen in
    // the sandbox (as in the page's worker), so it fails there; in this test process it would not.
    const cheat = submission('lee', { '2b': { input: 'Math.abs = () => 0;\nfunction dropoutForward(x) { return { out: x, cache: null }; }\nfunction dropoutBackward(d) { return d; }' } });
    files.push({ name: join(dir, 'lee.json'), text: JSON.stringify(cheat) });
    writeFileSync(files[5].name, files[5].text);
    const withCheat = `${expected}lee,${cheat.seed},0,0,0,0,0\n`;

    const run = spawnSync('node', ['scripts/grade.mjs', '--notebook', nbPath, ...files.map((f) => f.name)], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(withCheat);
    expect(run.stderr).toMatch(/note .*ida\.json: part 2b: stopped: took longer than 2 s \(infinite loop\?\)/);
    expect(run.stderr).toMatch(/note .*jon\.json: The file's stored verdicts disagree with the re-check on 2a/);
    expect(run.stderr).toMatch(/graded 6 of 6 files \(0 skipped\)/);
    // One thread gives the same CSV.
    expect(execFileSync('node', ['scripts/grade.mjs', '--notebook', nbPath, '--workers', '1', ...files.map((f) => f.name)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })).toBe(withCheat);
  }, 120_000);
});
