import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { courseReports } from '../../../src/grading/courseReports';
import { applyDecisions } from '../../../src/grading/decisions';
import { canvasCsv, feedbackFiles, feedbackHtml, longCsv, moodleCsv, spreadsheetCell, LONG_HEADER } from '../../../src/grading/exports';
import { gradeFiles } from '../../../src/grading/regrade';
import { toggleRubricItem } from '../../../src/grading/rubric';
import { parseNotebook } from '../../../src/notebook/parse';
import { submissionFor } from './helpers';

const path = 'tests/unit/grading/fixtures/analytics-demo.md';
const nb = parseNotebook(readFileSync(path, 'utf8'), path);
const RIGHT = { '1a': '81', '1b': '0.5', '1c': '2n^2-2n', '1d': '1 0\n0 1', '1e': 'b', '1f': 'Channels are *not* mixed: $K^2$.' };
const files = [
  { name: 'ann.json', text: JSON.stringify(submissionFor(nb, 'ann', RIGHT, null)) },
  { name: 'bo.json', text: JSON.stringify(submissionFor(nb, '=HYPERLINK("x")', { ...RIGHT, '1a': '-3', '1b': '0.8' }, null)) },
];
const run = gradeFiles(nb, files);
const manual = { ann: { '1f': { points: 3, rubric: [0, 1], comment: 'Good, and "clear".' } } };
const fixture = (name: string) => readFileSync(`tests/unit/grading/fixtures/lms/${name}`, 'utf8').trim();
const lines = (csv: string) => csv.trimEnd().split('\n');

describe('rubrics', () => {
  it('are read from a :::rubric list inside a part, with clear errors', () => {
    expect(nb.cells.find((c) => c.kind === 'answer' && c.id === '1f')).toMatchObject({ rubric: [{ points: 2 }, { points: 1, label: 'Says the pointwise $1\\times1$ step mixes them' }, { points: -1 }] });
    const src = readFileSync(path, 'utf8');
    expect(() => parseNotebook(src.replace('- (1) Says', '- Says'), path)).toThrow(/analytics-demo.md:\d+: part 1f: each rubric item must start with its points/);
    expect(() => parseNotebook(src.replace(':::rubric\n', ':::rubric\nNo list here.\n\n'), path)).toThrow(/a :::rubric block holds one list/);
  });
});

describe('ticking rubric items', () => {
  it('sums the ticked points within 0 and the part points, and gives none when nothing is ticked', () => {
    const items = [{ points: 2, label: 'a' }, { points: 2, label: 'b' }, { points: -1, label: 'c' }];
    let m = toggleRubricItem(items, 3, { comment: 'kept' }, 0);
    expect(m).toEqual({ comment: 'kept', rubric: [0], points: 2 });
    m = toggleRubricItem(items, 3, m, 1);
    expect(m.points).toBe(3); // 4, capped at the part's 3
    m = toggleRubricItem(items, 3, toggleRubricItem(items, 3, toggleRubricItem(items, 3, m, 0), 1), 2);
    expect(m).toMatchObject({ rubric: [2], points: 0 }); // -1, floored at 0
    expect(toggleRubricItem(items, 3, m, 2)).toEqual({ comment: 'kept', rubric: [], points: undefined });
  });
});

describe('spreadsheet-safe cells', () => {
  it("prefixes formula starters with ' and quotes commas, quotes and line breaks", () => {
    expect(['=1+1', '+1', '-1+A1', '@SUM(A1)', '\tx', '\rx', 'ok', '1.5', '-3', '-2.5'].map(spreadsheetCell)).toEqual(["'=1+1", "'+1", "'-1+A1", "'@SUM(A1)", "'\tx", `"'\rx"`, 'ok', '1.5', '-3', '-2.5']);
    expect(spreadsheetCell('a,"b"\nc')).toBe('"a,""b""\nc"');
    expect(spreadsheetCell(null)).toBe('');
  });
});

describe('LMS layouts', () => {
  it("Canvas: Student, ID, SIS User ID, SIS Login ID, Section, then the assignment, and Canvas's Points Possible row", () => {
    const rows = lines(canvasCsv(nb, run.graded, manual));
    expect(rows[0]).toBe(fixture('canvas-header.csv'));
    expect(rows[1]).toBe('    Points Possible,,,,,11');
    expect(rows[2]).toBe('ann,,ann,ann,,11');
    expect(rows[3]).toBe(`"'=HYPERLINK(""x"")",,"'=HYPERLINK(""x"")","'=HYPERLINK(""x"")",,5`);
  });

  it('Canvas: an existing assignment is named as Canvas exports it, "<name> (<id>)"; rows without a student id are left out', () => {
    const anon = { ...run.graded[0], studentId: '  ' };
    const rows = lines(canvasCsv(nb, [...run.graded, anon], manual, 'HW 1 (4757)'));
    expect(rows[0]).toBe('Student,ID,SIS User ID,SIS Login ID,Section,HW 1 (4757)');
    expect(rows).toHaveLength(4);
  });

  it('Moodle: the export columns it maps users by, the grade item (Real) and its feedback', () => {
    const rows = lines(moodleCsv(nb, run.graded, manual));
    expect(rows[0]).toBe(fixture('moodle-header.csv'));
    // The feedback cell carries the ticked rubric items, then the comment.
    expect(rows[1]).toBe(',,ann,,11,"1f: [2] Says the depthwise step filters each channel on its own — [1] Says the pointwise $1\\times1$ step mixes them — Good, and ""clear""."');
    expect(rows).toHaveLength(3);
  });

  it('Moodle: an id that is an email address also fills "Email address" (Map to: useremail); a blank id never reaches the file', () => {
    // Moodle keeps the last matched user for a row whose identifier is blank: such a row would grade the student above it.
    const mail = { ...run.graded[0], studentId: 'Ann.Lee@uni.example' };
    const rows = lines(moodleCsv(nb, [mail, { ...run.graded[1], studentId: '' }], {}, 'Homework 1'));
    expect(rows[0]).toBe('First name,Last name,ID number,Email address,Homework 1 (Real),Homework 1 (Feedback)');
    expect(rows.slice(1)).toEqual([',,Ann.Lee@uni.example,Ann.Lee@uni.example,8,']); // 1f is not graded by hand here
  });

  it('the command names what an LMS file leaves out or may refuse, and takes the assignment name', () => {
    const anon = { ...run.graded[0], studentId: '' };
    const r = courseReports(nb, [...run.graded, anon], { format: 'canvas', assignment: 'HW 1 (4757)' });
    expect(lines(r.csv)[0]).toBe('Student,ID,SIS User ID,SIS Login ID,Section,HW 1 (4757)');
    expect(r.notes).toEqual(['note: 1 submission has no student id and is left out of the canvas file (the LMS could not place it)']);
    const big = { ...nb, cells: nb.cells.map((c) => (c.kind === 'answer' && c.id === '1f' ? { ...c, points: 100 } : c)) };
    expect(courseReports(big, run.graded, { format: 'moodle' }).notes).toEqual([
      'note: totals go up to 108; Moodle refuses grades above 100 unless the site\'s "Unlimited grades" and "Grade point maximum" allow them',
    ]);
    expect(courseReports(nb, run.graded, { format: 'wide' }).notes).toEqual([]);
  });

  it('long CSV: one row per student and part, with verdicts, answers and comments', () => {
    const rows = lines(longCsv(nb, run.graded, manual));
    expect(rows[0]).toBe(LONG_HEADER.join(','));
    // The matrix answers' line breaks stay inside their quoted cells: 12 records start a line.
    expect(rows.filter((r) => r.startsWith('ann,') || r.startsWith('"\'='))).toHaveLength(2 * 6);
    expect(rows).toContain('ann,,1d,matrix,2,2,correct,"1 0');
    expect(rows).toContain('ann,,1f,text,3,3,graded,Channels are *not* mixed: $K^2$.,"[2] Says the depthwise step filters each channel on its own — [1] Says the pointwise $1\\times1$ step mixes them — Good, and ""clear""."');
    expect(rows).toContain(`"'=HYPERLINK(""x"")",,1a,number,0,2,incorrect,-3,`);
    const accepted = lines(longCsv(nb, applyDecisions(nb, run.graded, [{ partId: '1b', answer: '0.8', points: 1, note: 'key typo' }])));
    expect(accepted).toContain(`"'=HYPERLINK(""x"")",,1b,number,1,1,accepted,0.8,key typo`);
  });
});

describe('feedback pages', () => {
  it('render answers, verdicts, points, comments and (when the notebook allows) solutions', () => {
    const html = feedbackHtml(nb, run.graded[0], manual.ann);
    expect(html).toContain('<section data-part="1c">');
    expect(html).toMatch(/<math[^>]*>.*<\/math>/s); // the expression and matrix typeset as MathML
    expect(html).toContain('<em>not</em>'); // the student's Markdown rendered
    expect(html).toContain('Good, and &quot;clear&quot;.'.replace(/&quot;/g, '"'));
    expect(html).toContain('Total 11 / 11');
    // The verdict's label is not said again by the checker's message ("✓ Correct Correct.").
    expect(html).toContain('✓ Correct');
    expect(html).not.toMatch(/Correct <span class="muted">Correct/);
    expect(html).toContain('Reference answer');
    expect(html).toMatch(/☑ <b>\+2<\/b> <p>Says the depthwise step filters/);
    expect(html).toMatch(/☐ <b>-1<\/b> <p>Claims/);
    const hidden = feedbackHtml({ ...nb, feedback: undefined }, run.graded[0], manual.ann);
    expect(hidden).not.toContain('Reference answer');
    expect(hidden).not.toContain('Expected answer');
  });

  it('escape what students typed and give each student their own file', () => {
    const evil = gradeFiles(nb, [{ name: 'x.json', text: JSON.stringify(submissionFor(nb, '<b>x</b>', { ...RIGHT, '1a': '<script>alert(1)</script>', '1f': '<img src=x onerror=alert(1)>' }, null)) }]);
    const [page] = feedbackFiles(nb, evil.graded);
    expect(page.name).toBe('_b_x_b_.html');
    expect(page.html).not.toContain('<script>alert');
    expect(page.html).not.toContain('onerror');
    const twins = feedbackFiles(nb, [run.graded[0], { ...run.graded[0], studentId: 'ann?' }]).map((f) => f.name);
    expect(twins).toEqual(['ann.html', 'ann_.html']);
  });
});

describe('npm run grade with --format, --decisions, --stats and --feedback', () => {
  it('writes the chosen layout, applies decisions, prints statistics and feedback pages', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradbook-exports-'));
    const paths = files.map((f) => {
      writeFileSync(join(dir, f.name), f.text);
      return join(dir, f.name);
    });
    const decisions = join(dir, 'decisions.json');
    writeFileSync(decisions, JSON.stringify({ notebookId: nb.id, decisions: [{ partId: '1b', answer: '0.8', points: 1 }] }));
    const fb = join(dir, 'feedback');
    // The copy before a key fix: 1a's key was 80, so only the second student (who wrote -3) keeps their points.
    const old = join(dir, 'old.md');
    writeFileSync(old, readFileSync(path, 'utf8').replace('key="27*cin"', 'key="80"'));
    const r = spawnSync('node', ['scripts/grade.mjs', '--notebook', path, '--format', 'canvas', '--decisions', decisions, '--stats', '--feedback', fb, '--compare', old, ...paths], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(lines(r.stdout)[0]).toBe(fixture('canvas-header.csv'));
    expect(lines(r.stdout)[3]).toMatch(/,6$/); // 5 + the accepted 0.8
    expect(r.stderr).toContain('raised 1 student');
    expect(r.stderr).toContain('wrong: "-3" × 1');
    expect(r.stderr).toContain('1 student change\nchanged ann: 6 → 8 (+2); 1a 0 → 2\n');
    expect(readdirSync(fb).sort()).toEqual(['_HYPERLINK_x_.html', 'ann.html']);
    const bad = spawnSync('node', ['scripts/grade.mjs', '--notebook', path, '--format', 'excel', ...paths], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--format must be wide, long, canvas or moodle');
  }, 120_000);
});
