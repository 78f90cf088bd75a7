// The `gradbook` command end to end, in Node: one course folder made by `new`, linted, keyed, graded
// and built once (the build is the slow step, so there is one).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
    // npm_lifecycle_event cleared: paths are read from this process's cwd, as when run as a bin.
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, npm_lifecycle_event: '' }, maxBuffer: 1 << 24 }, (err, stdout, stderr) =>
      res({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let tmp: string;
let course: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'gradbook-cli-'));
  course = join(tmp, 'course');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('gradbook', () => {
  it('new writes a course that check finds clean, and refuses a non-empty folder', async () => {
    const made = await gradbook('new', course);
    expect(made.code).toBe(0);
    for (const f of ['course.yml', 'functions.js', 'notebooks/week1.md', 'public/img/ring.svg', '.gitignore']) expect(existsSync(join(course, f))).toBe(true);
    const again = await gradbook('new', course);
    expect(again.code).toBe(2);
    expect(again.stderr.trim().split('\n')).toEqual([`gradbook: new: ${course} is not empty; give a new or empty folder`]);
    const checked = await gradbook('check', course);
    expect(checked.stdout).toBe('');
    expect(checked.code).toBe(0);
  }, 60_000);

  it('check names a planted mistake by file and line and exits 1', async () => {
    const file = join(course, 'notebooks/week1.md');
    const clean = readFileSync(file, 'utf8');
    const line = clean.split('\n').findIndex((l) => l.includes('key="ringSends(n)"')) + 1;
    try {
      writeFileSync(file, clean.replace('key="ringSends(n)"', 'key="ringSend(n)"').replace('img/ring.svg', 'img/rings.svg'));
      const r = await gradbook('check', course);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`notebooks/week1.md:${line}: part 2a: the key calls an unknown function "ringSend"\n`);
      expect(r.stdout).toMatch(/^notebooks\/week1\.md:\d+: image "img\/rings\.svg" is not a file in public\//m);
    } finally {
      writeFileSync(file, clean);
    }
  }, 60_000);

  it('check runs live cells: a throw and an endless loop are named by file and line', async () => {
    const file = join(course, 'notebooks/week1.md');
    const clean = readFileSync(file, 'utf8');
    const planted = `${clean}\n:::live{#boom}\n\`\`\`js\ndisplay(ringSends(params.n));\nthrow new Error('planted');\n\`\`\`\n:::\n\n:::live{#spin timeout=0.3}\n\`\`\`js\nwhile (true) {}\n\`\`\`\n:::\n`;
    const lines = planted.split('\n');
    const throwLine = lines.indexOf("throw new Error('planted');") + 1;
    const spinLine = lines.indexOf(':::live{#spin timeout=0.3}') + 1;
    try {
      writeFileSync(file, planted);
      const r = await gradbook('check', course);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe(
        `notebooks/week1.md:${throwLine}: live cell boom: Error: planted (at the default variant)\n` +
          `notebooks/week1.md:${spinLine}: live cell spin: still running after its time limit of 0.3 s at the default variant (make it faster or raise timeout=)\n`,
      );
    } finally {
      writeFileSync(file, clean);
    }
  }, 120_000);

  it('ends a bad command line or folder in one line, without a stack trace', async () => {
    for (const args of [['frob'], ['check'], ['check', join(tmp, 'missing')], ['check', tmp], ['keys', course, '--seeds', 'x'], ['build', course],
      ['grade', course, 'a.json', '--frob'], ['grade', course, 'a.json', '--format', 'xls'], ['grade', course, 'a.json', '--decisions', join(tmp, 'missing.json')]]) {
      const r = await gradbook(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^gradbook: /);
    }
  }, 120_000);

  it('keys prints every part per seed, with functions.js exports as key functions', async () => {
    const r = await gradbook('keys', course, '--seeds', '1-3');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('notebook,seed,part,kind,key,params');
    expect(lines).toHaveLength(1 + 4 * 6); // default + 3 seeds, 6 keyed parts each
    const n = drawParams({ n: { range: [3, 12], default: 4 } }, 2).n;
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^week1,2,2a,number,${2 * (n - 1)},`)));
    expect(lines).toContain('week1,,2b,matrix,"[[0,1,0,0],[0,0,1,0],[0,0,0,1],[1,0,0,0]]",cin=3 cout=8 n=4');
  }, 60_000);

  it('grade picks the notebook by id and grades with the course salt and functions', async () => {
    const nb = parseNotebook(readFileSync(join(course, 'notebooks/week1.md'), 'utf8'), 'notebooks/week1.md');
    const salt = (parseYaml(readFileSync(join(course, 'course.yml'), 'utf8')) as { salt: string }).salt;
    const seed = studentSeed('week1', 's1', salt);
    const n = drawParams(nb.params, seed).n;
    const record = emptyRecord('week1', 1, seed);
    record.parts['2a'] = { input: String(2 * (n - 1)), updatedAt: new Date().toISOString() };
    const sub = join(tmp, 'sub.json');
    writeFileSync(sub, JSON.stringify(buildSubmission(nb, record, 's1')));
    const other = join(tmp, 'other.json');
    writeFileSync(other, JSON.stringify({ ...buildSubmission(nb, record, 's2'), notebookId: 'hw9' }));
    const r = await gradbook('grade', course, sub, other);
    expect(r.code).toBe(0);
    const [header, row] = r.stdout.trim().split('\n');
    expect(header).toBe('student_id,seed,1a,1b,1c,1d,2a,2b,2c,total,flags');
    expect(row).toBe(`s1,${seed},0,0,0,0,1,0,,1,0`);
    expect(r.stderr).toContain('notebook "hw9" is not in this course');
    // The seed matches the student's id under the course's salt: no note says otherwise.
    expect(r.stderr).not.toMatch(/^note /m);

    // The report options of `npm run grade` reach the grader the same way.
    const feedback = join(tmp, 'feedback');
    const long = await gradbook('grade', course, sub, '--format', 'long', '--stats', '--feedback', feedback);
    expect(long.code, long.stderr).toBe(0);
    expect(long.stdout.split('\n')[0]).toBe('student_id,seed,part,kind,points,max,verdict,answer,comment');
    expect(long.stdout).toContain(`s1,${seed},2a,number,1,1,correct,`);
    expect(long.stderr).toMatch(/2a/); // the per-part statistics
    expect(long.stderr).toContain(`wrote 1 feedback pages to ${feedback}`);
    expect(readdirSync(feedback)).toHaveLength(1);

    // The course's grader/<notebook-id>.json is read for that notebook (here it names a part that is no code cell).
    mkdirSync(join(course, 'grader'));
    writeFileSync(join(course, 'grader/week1.json'), JSON.stringify({ graderTests: 'week1', parts: { '2a': [] } }));
    try {
      const hidden = await gradbook('grade', course, sub);
      expect(hidden.code).toBe(1);
      expect(hidden.stderr).toMatch(/^grade: .*grader\/week1\.json: part 2a is not a code cell of week1$/m);
    } finally {
      rmSync(join(course, 'grader'), { recursive: true });
    }
  }, 180_000);

  it('build writes the static site with the course assets and no author preview', async () => {
    const out = join(tmp, 'site');
    const r = await gradbook('build', course, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    expect(existsSync(join(out, 'img/ring.svg'))).toBe(true);
    const js = readdirSync(join(out, 'assets')).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(out, 'assets', f), 'utf8'));
    expect(js.some((t) => t.includes('ringNext'))).toBe(true);
    expect(js.some((t) => t.includes('data-author-preview'))).toBe(false);
    // Live cells call functions.js in their own worker, bundled apart from the page.
    const workerJs = readdirSync(join(out, 'assets')).filter((f) => /^liveCell\.worker.*\.js$/.test(f)).map((f) => readFileSync(join(out, 'assets', f), 'utf8'));
    expect(workerJs.some((t) => t.includes('ringSends') && t.includes('ringNext'))).toBe(true);
  }, 300_000);
});
