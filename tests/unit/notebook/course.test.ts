import { describe, expect, it } from 'vitest';
import { loadCourse, parseCourseConfig } from '../../../src/notebook/course';
import { keysCsv, parseSeedList } from '../../../src/grading/keyTable';

const nb = (id: string, extra = '') => `---\nid: ${id}\ntitle: ${id}\n${extra}---\n\n:::answer{#1a kind=number key="2"}\nQ\n:::\n`;

describe('loadCourse', () => {
  it('orders notebooks by course.yml, then by file, and gives them the course salt unless they have their own', () => {
    const c = loadCourse({
      notebooks: { 'notebooks/a.md': nb('a'), 'notebooks/b.md': nb('b', 'variants: { perStudent: true, salt: own }\n'), 'notebooks/c.md': nb('c') },
      courseYml: 'title: DL\nterm: Fall\norder: [c]\nsalt: s1\n',
    });
    expect(c.errors).toEqual([]);
    expect(c.config).toMatchObject({ title: 'DL', term: 'Fall' });
    expect(c.notebooks.map((n) => [n.id, n.variants.salt])).toEqual([['c', 's1'], ['a', 's1'], ['b', 'own']]);
  });

  it('lists broken notebooks, clashing ids and unknown order entries, and still loads the rest', () => {
    const c = loadCourse({
      notebooks: { 'notebooks/a.md': nb('a'), 'notebooks/a2.md': nb('a'), 'notebooks/bad.md': 'no front matter' },
      courseYml: null,
    });
    expect(c.notebooks.map((n) => n.id)).toEqual(['a']);
    expect(c.errors.map((e) => e.message)).toEqual([
      'notebooks/a2.md:1: id "a" is already used by notebooks/a.md',
      'notebooks/bad.md:1: the file must start with front matter between --- lines (id, title, ...)',
    ]);
    expect(loadCourse({ notebooks: { 'notebooks/a.md': nb('a') }, courseYml: 'order: [a, zz]\n' }).errors.map((e) => e.message)).toEqual([
      'course.yml:1: order names "zz", but no notebook has that id',
    ]);
  });

  it('rejects a malformed course.yml with its line', () => {
    expect(() => parseCourseConfig('title: X\nsalt: [1, 2]\n')).toThrow('course.yml:2: salt: ');
    expect(() => parseCourseConfig('title: [\n')).toThrow(/^course\.yml:\d+: not valid YAML/);
  });
});

describe('keys', () => {
  it('reads seed lists', () => {
    expect(parseSeedList('1-3,7')).toEqual([1, 2, 3, 7]);
    expect(parseSeedList('3-1')).toMatch(/empty/);
    expect(parseSeedList('x')).toMatch(/cannot read seeds "x"/);
  });

  it('writes one spreadsheet-safe row per notebook, seed and part', () => {
    const c = loadCourse({ notebooks: { 'notebooks/a.md': `---\nid: a\ntitle: A\nparams:\n  n: { range: [1, 3] }\n---\n\n:::answer{#1a kind=expression key="-n*x+1" vars="x"}\nQ\n:::\n` } });
    const lines = keysCsv(c.notebooks, [1, 2]).trim().split('\n');
    expect(lines).toHaveLength(4);
    // A key starting with "-" that is not a number would run as a formula in a spreadsheet.
    expect(lines[1]).toBe("a,,1a,expression,'-n*x+1,n=1");
  });
});
