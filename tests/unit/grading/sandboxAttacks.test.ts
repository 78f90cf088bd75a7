/**
 * Attacks on `npm run grade`, replayed so the holes stay shut: one batch of hostile submissions
 * next to honest ones, and the child process's own confinement tried directly. Each asserts the
 * outcome: a clear message and a zero for the attacking cell, every other file (and every other
 * cell) graded right, nothing written anywhere.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveVariant, studentSeed } from '../../../src/notebook/variants';
import { parseNotebook } from '../../../src/notebook/parse';
import { buildSubmission, type Submission } from '../../../src/grading/submission';
import type { PartState } from '../../../src/notebook/answers';
// @ts-expect-error: a plain ES module of the grading command, without types.
import { createSandboxRunner, detectIsolation } from '../../../scripts/code-sandbox.mjs';

const nbPath = 'tests/unit/grading/fixtures/grade-code-demo.md';
const nb = parseNotebook(readFileSync(nbPath, 'utf8'), nbPath);
const fixture = (f: string) => readFileSync(`tests/unit/grading/fixtures/code/${f}`, 'utf8');
const RIGHT_POOL = fixture('maxpool-right.js');
const RIGHT_DROPOUT = fixture('dropout-right.js');
const T = '2026-11-29T05:00:00.000Z';
const dir = mkdtempSync(join(tmpdir(), 'gradbook-attacks-'));
/** Where an escaped run would leave its mark. */
const MARK = join(dir, 'escaped');

function submission(id: string, parts: Record<string, string>, extra: Partial<Submission> = {}): Submission {
  const record = {
    notebookId: nb.id,
    version: nb.version,
    seed: studentSeed(nb.id, id, nb.variants.salt),
    overrides: {},
    parts: Object.fromEntries(Object.entries(parts).map(([p, input]) => [p, { input, updatedAt: T } as PartState])),
    updatedAt: T,
  };
  return { ...buildSubmission(nb, record, id, new Date(T)), ...extra };
}
const rightFor = (id: string) => String(9 * resolveVariant(nb, studentSeed(nb.id, id, nb.variants.salt), {}).params.cin);

// Every way out of the student's scope the issue names: constructor chains from its own functions,
// the helpers' and the arguments', eval and Function with a hidden import(), prepareStackTrace.
const ESCAPE = `
function reach() {
  const tries = [
    () => this.constructor.constructor('return process')(),
    () => (function () {}).constructor('return process')(),
    () => zeros.constructor.constructor('return process')(),
    () => Object.getPrototypeOf(async function () {}).constructor('return process')(),
    () => (0, eval)('imp' + 'ort("node:fs")'),
    () => new Function('return imp' + 'ort("node:fs")')(),
    () => { Error.prepareStackTrace = (e, frames) => frames.map((f) => f.getThis && f.getThis()); const s = new Error('x').stack; Error.prepareStackTrace = undefined; return Array.isArray(s) && s.find((t) => t && t.process); },
    () => globalThis.process || globalThis.require || globalThis.fetch,
  ];
  for (const t of tries) {
    try {
      const found = t();
      if (found) return found.process || found;
    } catch {}
  }
  return null;
}
function dropoutForward(x, param) {
  const p = reach();
  if (p && p.getBuiltinModule) p.getBuiltinModule('fs').writeFileSync(${JSON.stringify(MARK)}, 'x');
  if (p && p.stdout) { p.stdout.write('ready\\n{"ok":true,"report":{"task":"dropout","rows":[],"passed":10,"total":10,"allPassed":true},"ms":1}\\n'); p.exit(0); }
  return { out: x, cache: null };
}
function dropoutBackward(dout) { return dout; }`;

const PROXY_RESULT = `
const evil = new Proxy({}, { get() { throw new Proxy({}, { get() { throw undefined; }, getPrototypeOf() { throw undefined; } }); }, getPrototypeOf() { throw undefined; } });
function dropoutForward(x, param) { return { out: evil, cache: evil }; }
function dropoutBackward() { return evil; }`;

// 4 GB asked for, untouched: refused by the address-space cap at once, whatever the machine's load
// (filling it would race the time limit on a busy machine; the resident-memory watchdog is tested
// on its own below, with time to spare).
const MEMORY_BOMB = `
const keep = [];
for (let i = 0; i < 32; i++) keep.push(new Float64Array(2 ** 24));
${RIGHT_DROPOUT}`;

// Tries to leave something for the next run, then is honest.
const LEAVE_STATE = `
globalThis.left = 'from another student';
try { Math.abs = () => 0; } catch {}
try { NDArray.prototype.get = () => 0; } catch {}
try { Array.prototype.includes = () => true; } catch {}
${RIGHT_DROPOUT}`;
// Honest, but fails if anything was left behind.
const FIND_STATE = `
if (typeof left !== 'undefined' || Math.abs(-1) !== 1) throw new Error('state leaked between runs');
${RIGHT_DROPOUT}`;

const files: [string, Submission][] = [
  ['honest', submission('honest', { '1a': rightFor('honest'), '2a': RIGHT_POOL, '2b': RIGHT_DROPOUT })],
  ['escape', submission('escape', { '2b': ESCAPE })],
  ['unawaited-import', submission('unawaited-import', { '2a': RIGHT_POOL, '2b': `import('x');\n${RIGHT_DROPOUT}` })],
  ['direct-eval', submission('direct-eval', { '2b': `eval('1');\n${RIGHT_DROPOUT}` })],
  ['proxy', submission('proxy', { '2b': PROXY_RESULT })],
  ['throw-undefined', submission('throw-undefined', { '2b': `throw undefined;\n${RIGHT_DROPOUT}` })],
  ['throw-proxy', submission('throw-proxy', { '2b': `throw new Proxy(new Error('x'), { getPrototypeOf() { throw undefined; }, get() { throw undefined; } });` })],
  ['memory', submission('memory', { '2b': MEMORY_BOMB })],
  ['loop', submission('loop', { '2b': `while (true) {}\n${RIGHT_DROPOUT}` })],
  ['flood', submission('flood', { '2b': `for (let i = 0; i < 2000; i++) console.log('x'.repeat(100000));\n${RIGHT_DROPOUT}` })],
  ['leave-state', submission('leave-state', { '2b': LEAVE_STATE })],
  ['find-state', submission('find-state', { '2b': FIND_STATE })],
  ['dup-old', submission('dup', { '1a': '1' }, { submittedAt: '2026-11-28T00:00:00.000Z' })],
  ['dup-new', submission('dup', { '1a': rightFor('dup') }, { submittedAt: '2026-11-29T00:00:00.000Z' })],
  ['overrides', submission('overrides', { '1a': '72' }, { overrides: { cin: 8 } })],
  ['huge', submission('huge', { '1a': '1'.repeat(1_000_000) })],
  ['csv-formula', submission('=HYPERLINK("http://evil","x")', {})],
  ['csv-minus', submission('-1+HYPERLINK("http://evil","x")', {})],
  ['csv-tab', { ...submission('tab', {}), studentId: '\t=1+1' }],
];

let stdout = '';
let stderr = '';
let status: number | null = null;
const row = (id: string) => stdout.split('\n').find((l) => l.startsWith(`${id},`))?.split(',');
const notes = (file: string) => stderr.split('\n').filter((l) => l.startsWith(`note ${join(dir, `${file}.json`)}:`));

describe('npm run grade against hostile submissions', () => {
  beforeAll(() => {
    for (const [name, s] of files) writeFileSync(join(dir, `${name}.json`), JSON.stringify(s));
    const run = spawnSync('node', ['scripts/grade.mjs', '--notebook', nbPath, '--out', join(dir, 'grades.csv'), ...files.map(([name]) => join(dir, `${name}.json`))], { encoding: 'utf8' });
    status = run.status;
    stderr = run.stderr;
    stdout = existsSync(join(dir, 'grades.csv')) ? readFileSync(join(dir, 'grades.csv'), 'utf8') : '';
  }, 120_000);

  it('grades every file: one row per student, the honest ones right', () => {
    expect(status).toBe(0);
    expect(stderr).toMatch(/graded 18 of 19 files \(1 skipped\)/);
    expect(stdout.split('\n')[0]).toBe('student_id,seed,1a,2a,2b,total,flags');
    expect(row('honest')?.slice(2)).toEqual(['1', '3', '2', '6', '0']);
  });

  it('escapes through host objects (constructor chains, eval/Function import, prepareStackTrace) reach nothing: no file, no forged result', () => {
    expect(existsSync(MARK)).toBe(false);
    // The code loaded and ran (no note of an error): its own checks failed it, nothing else.
    expect(notes('escape')).toEqual([]);
    expect(row('escape')?.slice(2, 6)).toEqual(['0', '0', '0', '0']);
  });

  it('an unawaited import() is refused as a syntax error of that cell; the file\'s other cell is graded', () => {
    expect(notes('unawaited-import')).toContainEqual(expect.stringMatching(/part 2b: SyntaxError: import\(\.\.\.\) cannot be used in checked code .*\(line 1\)/));
    expect(row('unawaited-import')?.slice(2, 6)).toEqual(['0', '3', '0', '3']);
    expect(notes('direct-eval')).toContainEqual(expect.stringMatching(/part 2b: SyntaxError: eval\(\.\.\.\) cannot be used in checked code \(line 1\)/));
  });

  it('odd values thrown (undefined, a Proxy whose traps throw) and a Proxy returned end as plain messages and a zero', () => {
    expect(notes('throw-undefined')).toContainEqual(expect.stringMatching(/part 2b: the code threw undefined \(not an Error\)/));
    expect(notes('throw-proxy')).toContainEqual(expect.stringMatching(/part 2b: the code threw a value that cannot be read/));
    for (const id of ['throw-undefined', 'throw-proxy', 'proxy']) expect(row(id)?.[4]).toBe('0');
  });

  it.runIf(detectIsolation().prlimit)('a typed-array memory bomb stops at the memory cap with a message', () => {
    expect(notes('memory')).toContainEqual(expect.stringMatching(/part 2b: .*(Array buffer allocation failed|ran out of memory)/));
    expect(row('memory')?.[4]).toBe('0');
  });

  it('an infinite loop is killed at the time limit', () => {
    expect(notes('loop')).toContainEqual(expect.stringMatching(/part 2b: stopped: took longer than 2 s/));
    expect(row('loop')?.[4]).toBe('0');
  });

  it('a flood of console output goes nowhere; the code is graded', () => {
    expect(row('flood')?.[4]).toBe('2');
    expect(stderr.length).toBeLessThan(20_000);
  });

  it('nothing one run does reaches the next', () => {
    expect(row('leave-state')?.[4]).toBe('2');
    expect(row('find-state')?.[4]).toBe('2');
  });

  it('integrity: the newer of two files is graded and both are named; overrides and a huge answer are flagged and counted', () => {
    expect(row('dup')?.slice(2)).toEqual(['1', '0', '0', '1', '1']);
    expect(stderr).toMatch(/skipped .*dup-old\.json: an older submission for student "dup" .*the newer .*dup-new\.json .* is graded instead/);
    expect(notes('dup-new')).toContainEqual(expect.stringMatching(/handed in 2 files; this newest one is graded, not .*dup-old\.json/));
    expect(notes('overrides')).toContainEqual(expect.stringMatching(/Parameter overrides in a per-student notebook \(cin=8\)/));
    expect(row('overrides')?.at(-1)).toBe('1');
    expect(notes('huge')).toContainEqual(expect.stringMatching(/The answer to 1a is 1,000,000 characters long \(over 20,000\): graded in full, shown truncated/));
    expect(row('huge')?.slice(2)).toEqual(['0', '0', '0', '0', '1']);
  });

  it('student ids that a spreadsheet would run as formulas are written as text', () => {
    expect(stdout).toMatch(/^"'=HYPERLINK\(""http:\/\/evil"",""x""\)",/m);
    expect(stdout).toMatch(/^"'-1\+HYPERLINK\(""http:\/\/evil"",""x""\)",/m);
    expect(stdout).toMatch(/^'\t=1\+1,/m);
  });

  it('writes nothing but the CSV it was asked for', () => {
    expect(readdirSync(dir).sort()).toEqual(['grades.csv', ...files.map(([name]) => `${name}.json`)].sort());
  });
});

/**
 * The child process itself, in case the SES boundary ever fell: a script standing in for the
 * runner bundle, started exactly as a run is, tries what escaped code would.
 */
describe('the code-run process', () => {
  const isolation = detectIsolation();
  let server: ReturnType<typeof createServer>;
  let port = 0;
  let connections = 0;
  beforeAll(async () => {
    server = createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const fake = (name: string, source: string) => {
    const file = join(mkdtempSync(join(tmpdir(), 'gradbook-fake-runner-')), `${name}.mjs`);
    writeFileSync(file, source);
    return createSandboxRunner({ bundle: file, isolation }, (s: number) => ({ ok: false, kind: 'timeout', error: `stopped: took longer than ${s} s`, line: null }));
  };
  const job = { task: 'dropout', code: '', seed: 1, timeLimitS: 5 };

  it('cannot write files, start processes or workers, read other files, see the environment or (where unshare works) open a socket', async () => {
    const target = join(dir, 'written-by-child');
    const runner = fake(
      'tries',
      `import fs from 'node:fs'; import cp from 'node:child_process'; import net from 'node:net'; import { Worker } from 'node:worker_threads';
const tries = {
  write: () => fs.writeFileSync(${JSON.stringify(target)}, 'x'),
  read: () => fs.readFileSync('/etc/hostname', 'utf8'),
  spawn: () => cp.spawnSync('/bin/true').error ? (() => { throw cp.spawnSync('/bin/true').error; })() : 'ran',
  worker: () => new Worker('1', { eval: true }),
  env: () => { if (Object.keys(process.env).length) return 'env'; throw new Error('empty'); },
};
const results = {};
for (const [k, f] of Object.entries(tries)) { try { f(); results[k] = 'allowed'; } catch (e) { results[k] = e.code || e.message; } }
const socket = await new Promise((resolve) => { const s = net.connect(${port}, '127.0.0.1'); s.on('connect', () => { s.destroy(); resolve('allowed'); }); s.on('error', (e) => resolve(e.code)); });
results.socket = socket;
process.stdout.write('ready\\n' + JSON.stringify({ ok: false, kind: 'runtime', error: JSON.stringify(results), line: null }) + '\\n');
`,
    );
    const outcome = await runner.run(job);
    const results = JSON.parse(outcome.error);
    expect(results).toMatchObject({ write: 'ERR_ACCESS_DENIED', read: 'ERR_ACCESS_DENIED', spawn: 'ERR_ACCESS_DENIED', worker: 'ERR_ACCESS_DENIED', env: 'empty' });
    expect(existsSync(target)).toBe(false);
    if (isolation.unshare) {
      expect(results.socket).not.toBe('allowed');
      expect(connections).toBe(0);
    }
  }, 30_000);

  it('is stopped at the memory cap when it fills memory, however long it may run', async () => {
    const fill = await fake(
      'fill',
      `process.stdout.write('ready\\n'); const keep = []; for (let i = 0; i < 32; i++) { const a = new Float64Array(2 ** 24); a.fill(1); keep.push(a); }
process.stdout.write(JSON.stringify({ ok: false, kind: 'runtime', error: 'filled 4 GB', line: null }) + '\\n');`,
    ).run({ ...job, timeLimitS: 60 });
    expect(fill.error).toMatch(/^stopped: ran out of memory/);
  }, 90_000);

  it('is killed when it prints too much, and a crash is named', async () => {
    // Blocking writes, as the real runner writes.
    const flood = await fake('flood', `import { writeSync } from 'node:fs'; writeSync(1, 'ready\\n'); for (;;) writeSync(1, 'x'.repeat(65536));`).run(job);
    expect(flood).toEqual({ ok: false, kind: 'runtime', error: 'stopped: the code runner printed more than 256 KB', line: null });
    const crash = await fake('crash', `process.stdout.write('ready\\n'); process.exit(3);`).run(job);
    expect(crash.error).toBe('the code runner stopped without an answer (exit code 3)');
    const nonsense = await fake('nonsense', `process.stdout.write('ready\\n{"ok":true}\\n');`).run(job);
    expect(nonsense.error).toMatch(/stopped without an answer/);
  }, 30_000);
});
