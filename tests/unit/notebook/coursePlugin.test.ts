import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gradbookCourse } from '../../../scripts/gradbook/course';
import { loadCourse } from '../../../src/notebook/course';
import { stripExamKeys } from '../../../src/notebook/exam';
import { fillPlainTemplates } from '../../../src/notebook/plainTemplates';
import { fillTemplate } from '../../../src/notebook/templates';

const dirs: string[] = [];
afterEach(() => {
  delete process.env.GRADBOOK_COURSE;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The virtual module's text as a build of `files` (a course folder) would get it, evaluated. */
async function courseModule(files: Record<string, string>, command: 'build' | 'serve' = 'build') {
  const dir = mkdtempSync(join(tmpdir(), 'gradbook-plugin-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'notebooks'));
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  process.env.GRADBOOK_COURSE = dir;
  const plugin = gradbookCourse(process.cwd(), { studentCopy: stripExamKeys, parse: loadCourse });
  (plugin.config as (c: object, env: { command: string }) => unknown)({}, { command });
  const code = (plugin.load as (id: string) => string)('\0virtual:gradbook-course');
  // Each export is one line holding a JSON literal.
  const out = Object.fromEntries(code.split('\n').map((l) => /^export const (\w+) = (.*);$/.exec(l)!).map((m) => [m[1], JSON.parse(m[2])]));
  return out as { loaded: ReturnType<typeof loadCourse>; notebooks: Record<string, string> };
}

const good = '---\nid: a\ntitle: A\n---\n\nSome *prose*.\n\n:::answer{#1a kind=number key="2"}\nQ\n:::\n';

describe('the course plugin parses at build time', () => {
  it('gives the page parsed notebooks and no Markdown, and a broken file as an error with file and line', async () => {
    const m = await courseModule({ 'notebooks/a.md': good, 'notebooks/b.md': '---\nid: b\ntitle: B\n---\n\n:::answer{#1a kind=nope}\nQ\n:::\n' });
    expect(m.loaded.notebooks.map((n) => n.id)).toEqual(['a']);
    expect(m.loaded.notebooks[0].cells.map((c) => c.kind)).toEqual(['prose', 'answer']);
    expect(m.loaded.errors).toHaveLength(1);
    expect(m.loaded.errors[0]).toMatchObject({ file: 'notebooks/b.md', line: 6 });
    expect(m.notebooks).toEqual({});
  });

  it("parses an exam's students' copy: no key reaches the page", async () => {
    const exam = '---\nid: e\ntitle: E\nchecking: after-submission\n---\n\n:::answer{#1a kind=number key="7*6"}\nQ\n:::\n';
    const m = await courseModule({ 'notebooks/e.md': exam });
    expect(JSON.stringify(m.loaded)).not.toContain('7*6');
    expect(m.loaded.notebooks[0].cells.find((c) => c.kind === 'answer')).not.toHaveProperty('key');
  });
});

describe('templates before the expression library has loaded', () => {
  it('fills whole-number parameters exactly as the full filler does, and marks every other template as pending', () => {
    const params = { cin: 3, p: 0.25 };
    expect(fillPlainTemplates('C={{cin}}, {{ cin }}', params)).toBe(fillTemplate('C={{cin}}, {{ cin }}', params));
    expect(fillPlainTemplates('{{p}} {{cin*2}} {{nope}} {{constructor}}', params)).toBe('… … … …');
  });
});
