import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allWrongAnswerGroups, minutesToFinal, partStatistics, statsText, wrongAnswerGroups } from '../../../src/grading/analytics';
import { buildSubmission } from '../../../src/grading/submission';
import { applyDecisions, parseDecisionsFile, pointsTable, regradeDiff } from '../../../src/grading/decisions';
import { gradeFiles, totalOf, type GradedSubmission } from '../../../src/grading/regrade';
import { parseNotebook } from '../../../src/notebook/parse';
import { answerParts, type AnswerCell, type Notebook } from '../../../src/notebook/types';
import { submissionFor } from './helpers';

const path = 'tests/unit/grading/fixtures/analytics-demo.md';
const text = readFileSync(path, 'utf8');
const nb = parseNotebook(text, path);
const part = (id: string) => answerParts(nb).find((p) => p.id === id) as AnswerCell;

const RIGHT = { '1a': '81', '1b': '0.5', '1c': '2n^2-2n', '1d': '1 0\n0 1', '1e': 'b', '1f': 'Channels are not mixed.' };

/** A class: each student's answers over the right ones, as files (the way graders load them). */
function classOf(answers: Record<string, Partial<typeof RIGHT>>, book: Notebook = nb, times?: Record<string, [string, string]>) {
  const files = Object.entries(answers).map(([id, a]) => {
    const s = submissionFor(book, id, { ...RIGHT, ...a }, null);
    for (const [pid, [first, last]] of Object.entries(times ?? {})) s.parts[pid] = { ...s.parts[pid], firstAt: first, updatedAt: last };
    return { name: `${id}.json`, text: JSON.stringify(s) };
  });
  return { files, run: gradeFiles(book, files) };
}

const totals = (gs: GradedSubmission[]) => Object.fromEntries(gs.map((g) => [g.studentId, totalOf(g)]));

describe('per-part statistics', () => {
  it('gives mean, share fully right, the points, and the median time from first to final answer', () => {
    const { files, run } = classOf(
      { s1: {}, s2: { '1a': '80' }, s3: { '1a': '' }, s4: { '1d': '1 0\n0 2' } },
      nb,
      { '1a': ['2026-11-29T05:00:00.000Z', '2026-11-29T05:12:00.000Z'] },
    );
    const subs = new Map(files.map((f) => [f.name, JSON.parse(f.text)]));
    const stats = partStatistics(nb, run.graded, {}, subs);
    const a = stats.find((s) => s.partId === '1a')!;
    expect(a).toMatchObject({ students: 4, answered: 3, scored: 4, mean: 1, fullShare: 0.5, medianMinutes: 12, timed: 4 });
    expect(a.points.sort()).toEqual([0, 0, 2, 2]);
    // Text parts wait for a grader: no points known, so no mean yet; a grader's points count.
    const f = stats.find((s) => s.partId === '1f')!;
    expect(f.mean).toBeNull();
    const graded = partStatistics(nb, run.graded, { s1: { '1f': { points: 3 } }, s2: { '1f': { points: 1 } } }).find((s) => s.partId === '1f')!;
    expect(graded).toMatchObject({ scored: 2, mean: 2, fullShare: 0.5 });
  });

  it("keeps each part's first-answer time in the submission, for answers and code alike", () => {
    const t = (m: number) => `2026-11-29T05:${String(m).padStart(2, '0')}:00.000Z`;
    const record = { notebookId: nb.id, version: 1, seed: null, overrides: {}, updatedAt: t(30), parts: { '1a': { input: '81', firstAt: t(1), updatedAt: t(9) } } };
    const s = buildSubmission(nb, record, 'ann', new Date(t(31)));
    expect(s.parts['1a']).toMatchObject({ firstAt: t(1), updatedAt: t(9) });
    expect(minutesToFinal(s, '1a')).toBe(8);
    const code = parseNotebook(readFileSync('tests/unit/grading/fixtures/grade-code-demo.md', 'utf8'), 'code.md');
    const cell = code.cells.find((c) => c.kind === 'code')!;
    const cs = buildSubmission(code, { ...record, notebookId: code.id, parts: { [cell.id]: { input: 'x', firstAt: t(2), updatedAt: t(5) } } }, 'ann');
    expect(minutesToFinal(cs, (cell as { id: string }).id)).toBe(3);
  });

  it('counts which code checks fail most', () => {
    const g = classOf({ s1: {} }).run.graded[0];
    const fake = (rows: [string, boolean][]) => ({
      ...g,
      parts: [{ partId: '5a', kind: 'code' as const, max: 1, auto: 0, status: 'incorrect' as const, message: '', input: 'x', report: { task: 'dropout', rows: rows.map(([check, pass]) => ({ check, output: 'out', error: 1, threshold: 0.1, pass })), passed: 0, total: rows.length, allPassed: false } }],
    });
    const book = { ...nb, cells: [{ kind: 'code' as const, id: '5a', task: 'dropout', points: 1, prompt: '', uses: [], timeLimit: 5, partialCredit: false, line: 1 }] };
    const [s] = partStatistics(book, [fake([['mean', false], ['shape', true]]), fake([['mean', false], ['shape', false]]), fake([['mean', true], ['shape', true]])]);
    expect(s.failingChecks).toEqual([
      { label: 'mean (out)', failed: 2 },
      { label: 'shape (out)', failed: 1 },
    ]);
  });
});

describe('wrong-answer groups', () => {
  it('groups numbers within the part tolerance, most frequent first', () => {
    const { run } = classOf({ s1: { '1b': '0.2' }, s2: { '1b': '0.8' }, s3: { '1b': '0.801' }, s4: { '1b': '0.799' }, s5: { '1b': '0.5' }, s6: { '1b': '0.9' } });
    const groups = wrongAnswerGroups(part('1b'), run.graded);
    expect(groups.map((g) => [g.answer, g.count, g.students])).toEqual([
      ['0.8', 3, ['s2', 's3', 's4']],
      ['0.2', 1, ['s1']],
      ['0.9', 1, ['s6']],
    ]);
    // Exact keys (integers) group exact values only, the way they are graded.
    const ints = wrongAnswerGroups(part('1a'), classOf({ s1: { '1a': '80' }, s2: { '1a': '80.0' }, s3: { '1a': '79' } }).run.graded);
    expect(ints.map((g) => [g.answer, g.count])).toEqual([['80', 2], ['79', 1]]);
  });

  it('groups expressions by equivalence and matrices entry-wise', () => {
    const { run } = classOf({ s1: { '1c': 'n^2' }, s2: { '1c': 'n*n' }, s3: { '1c': '2n^2' }, s4: { '1c': 'n n' }, s5: { '1d': '1 0\n0 2' }, s6: { '1d': '[[1, 0], [0, 2.0000001]]' }, s7: { '1d': '0 1\n1 0' } });
    const groups = allWrongAnswerGroups(nb, run.graded);
    expect(groups.get('1c')!.map((g) => [g.count, g.students])).toEqual([
      [3, ['s1', 's2', 's4']],
      [1, ['s3']],
    ]);
    expect(groups.get('1d')!.map((g) => [g.count, g.spellings.length])).toEqual([
      [2, 2],
      [1, 1],
    ]);
    expect(groups.has('1f')).toBe(false);
  });
});

describe('accepted answers', () => {
  it('changes exactly the totals of the students who gave that answer', () => {
    const { run } = classOf({ s1: { '1b': '0.8' }, s2: { '1b': '0.801' }, s3: { '1b': '0.2' }, s4: {}, s5: { '1c': 'n^2' } });
    const before = totals(run.graded);
    const after = totals(applyDecisions(nb, run.graded, [{ partId: '1b', answer: '0.8', points: 0.5 }]));
    expect(after).toEqual({ ...before, s1: before.s1 + 0.5, s2: before.s2 + 0.5 });
    // Full points for an equivalent expression reach every spelling of it, and no one else.
    const exp = totals(applyDecisions(nb, run.graded, [{ partId: '1c', answer: 'n*n', points: 2 }]));
    expect(exp).toEqual({ ...before, s5: before.s5 + 2 });
  });

  it('never lowers points and reads its file strictly', () => {
    const { run } = classOf({ s1: { '1d': '1 0\n0 2' } });
    expect(applyDecisions(nb, run.graded, [{ partId: '1a', answer: '81', points: 0 }])).toEqual(run.graded);
    const ok = JSON.stringify({ notebookId: nb.id, decisions: [{ partId: '1b', answer: '0.8', points: 1 }] });
    expect(parseDecisionsFile(ok, 'd.json', nb)).toHaveLength(1);
    expect(() => parseDecisionsFile(ok.replace('"points":1', '"points":5'), 'd.json', nb)).toThrow(/worth 1 points/);
    expect(() => parseDecisionsFile('{', 'd.json', nb)).toThrow(/d.json: not valid JSON/);
    expect(() => parseDecisionsFile(ok.replace(nb.id, 'other'), 'd.json', nb)).toThrow(/for notebook "other"/);
  });
});

describe('regrade after a key fix', () => {
  it('lists the students whose totals change, and by how much', () => {
    const answers = { s1: { '1a': '80' }, s2: {}, s3: { '1a': '80', '1b': '0.2' } };
    const { files, run } = classOf(answers);
    // The key was wrong: the right count is 80. Same files, corrected notebook.
    const fixed = parseNotebook(text.replace('key="27*cin"', 'key="27*cin - 1"'), path);
    const after = gradeFiles(fixed, files.map((f) => ({ ...f, text: f.text.replace(nb.contentHash, fixed.contentHash) })));
    const diff = regradeDiff(pointsTable(run.graded), pointsTable(after.graded));
    expect(diff).toEqual([
      { student: 's1', before: 6, after: 8, delta: 2, parts: ['1a 0 → 2'] },
      { student: 's2', before: 8, after: 6, delta: -2, parts: ['1a 2 → 0'] },
      { student: 's3', before: 5, after: 7, delta: 2, parts: ['1a 0 → 2'] },
    ]);
    expect(regradeDiff(pointsTable(run.graded), pointsTable(run.graded))).toEqual([]);
  });
});

describe('stats text', () => {
  it('names each part with its mean and top wrong answers', () => {
    const { run } = classOf({ s1: { '1a': '80' }, s2: { '1a': '80' } });
    const t = statsText(nb, partStatistics(nb, run.graded), allWrongAnswerGroups(nb, run.graded));
    expect(t).toContain('1a     0 / 2  full 0%  answered 2/2');
    expect(t).toContain('wrong: "80" × 2');
  });
});
