// `gradbook check`'s live-cell runner for real: cells run in a worker thread, with a course's
// functions.js in scope, and an endless loop is stopped by terminating the thread at its limit.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLint, lintCourse } from '../../../src/grading/lint';
import { openLiveChecker } from '../../../scripts/gradbook/liveCheck.mjs';

type Checker = Awaited<ReturnType<typeof openLiveChecker>>;

const notebook = [
  '---',
  'id: t',
  'title: T',
  'params:',
  '  n: { range: [2, 9], default: 4 }',
  '---',
  ':::live{#ok}',
  '```js',
  'const k = slider("k", { min: 1, max: 9, value: params.n });',
  'if (twice(k) !== 8 || SCALE !== 10) throw new Error(`twice(${k}) = ${twice(k)}`);',
  'display(twice(k) * SCALE);',
  '```',
  ':::',
  '',
  ':::live{#boom}',
  '```js',
  'const a = 1;',
  'a.nothing.here;',
  '```',
  ':::',
  '',
  ':::live{#spin timeout=0.3}',
  '```js',
  'let i = 0;',
  'while (true) i++;',
  '```',
  ':::',
  '',
].join('\n');

let tmp: string;
let functionsPath: string;
const open: Checker[] = [];

async function checker(withFunctions: boolean): Promise<Checker> {
  const c = await openLiveChecker({ functionsPath: withFunctions ? functionsPath : null });
  open.push(c);
  return c;
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'gradbook-live-'));
  functionsPath = join(tmp, 'functions.js');
  writeFileSync(functionsPath, 'export function twice(x) { return 2 * x; }\nexport const SCALE = 10;\nexport default { ignored: true };\n');
});
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  rmSync(tmp, { recursive: true, force: true });
});

describe('gradbook check runs live cells', () => {
  it('names a throw at its line and an endless loop at its block; functions.js exports are in scope', async () => {
    const live = await checker(true);
    const messages = lintCourse({ notebooks: { 'notebooks/t.md': notebook }, functions: {}, runLive: live.run }).map(formatLint);
    expect(messages).toEqual([
      "notebooks/t.md:18: live cell boom: TypeError: Cannot read properties of undefined (reading 'here') (at the default variant)",
      'notebooks/t.md:22: live cell spin: still running after its time limit of 0.3 s at the default variant (make it faster or raise timeout=)',
    ]);
    // The looping thread was stopped and replaced: the next cell runs.
    expect(live.run({ kind: 'live', id: 'x', code: 'display(twice(1))', codeLine: 1, timeLimit: 5, caption: '', line: 1 }, {})).toBeNull();
  }, 120_000);

  it('without functions.js a cell calling its export fails', async () => {
    const live = await checker(false);
    const messages = lintCourse({ notebooks: { 'notebooks/t.md': notebook.split(':::live{#boom}')[0] }, runLive: live.run }).map(formatLint);
    expect(messages).toEqual(['notebooks/t.md:10: live cell ok: ReferenceError: twice is not defined (at the default variant)']);
  }, 120_000);

  it('finds nothing in the demo course, every live cell run', async () => {
    const live = await checker(false);
    const notebooks = Object.fromEntries(readdirSync('notebooks').map((f) => [`notebooks/${f}`, readFileSync(`notebooks/${f}`, 'utf8')]));
    const ran: string[] = [];
    const runLive: typeof live.run = (cell, params) => {
      ran.push(cell.id);
      return live.run(cell, params);
    };
    expect(lintCourse({ notebooks, assets: null, runLive }).map(formatLint)).toEqual([]);
    expect(ran.length).toBeGreaterThanOrEqual(6);
  }, 300_000);
});
