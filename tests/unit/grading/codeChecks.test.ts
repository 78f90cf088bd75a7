import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as ref from '../../../src/core/reference';
import type { NDArray } from '../../../src/core/reference';
import { CODE_TASKS, runCodeChecks, summarize, TASK_FUNCTIONS, type StudentFunctions } from '../../../src/grading/codeChecks';
import { STARTERS } from '../../../src/grading/codeStarters';
import { compileStudentCode, STUDENT_SCOPE, StudentCodeError } from '../../../src/worker/studentCode';
import { referenceAnswers as right } from './referenceAnswers';

/** A student's conv written the obvious way, with x.get/addAt loops. */
const NAIVE_CONV = readFileSync('tests/unit/grading/fixtures/code/conv-naive.js', 'utf8');

describe('code-cell checks', () => {
  for (const task of CODE_TASKS) {
    it(`${task}: the reference passes every check`, () => {
      const r = runCodeChecks(task, right, 7);
      expect(r.rows.filter((x) => !x.pass)).toEqual([]);
      expect(r.allPassed).toBe(true);
      expect(summarize(r)).toMatch(/^All \d+ checks pass/);
    });
    it(`${task}: the starter stub compiles and fails every check, even beside a right forward pass`, () => {
      // A check the starter passes teaches nothing: zero gradients "match" a stub's zero output.
      const fns = compileStudentCode((task.includes('batchnorm-b') || task === 'spatial-batchnorm' ? STARTERS['batchnorm-forward'] : '') + STARTERS[task], TASK_FUNCTIONS[task]);
      for (const seed of [1, 7]) expect(runCodeChecks(task, fns, seed).rows.filter((x) => x.pass).map((x) => x.check)).toEqual([]);
      if (task.includes('batchnorm-b')) {
        const withRightForward = runCodeChecks(task, { ...fns, batchnormForward: right.batchnormForward }, 7);
        expect(withRightForward.rows.filter((x) => x.pass).map((x) => x.check)).toEqual([`batchnormForward (the forward pass this uses): out vs reference`]);
      }
    });
  }

  it("the starters' comment names exactly the helpers student code can call", () => {
    const listed = /In scope: ([^.]+)\./.exec(STARTERS.dropout)![1].split(/,\s*(?:\/\/\s*)?/).map((n) => n.trim());
    expect(listed.sort()).toEqual(Object.keys(STUDENT_SCOPE).sort());
  });

  it('a wrong batchnorm backward (dgamma off) is rejected with its relative error', () => {
    const wrong = { ...right, batchnormBackward: (dout: NDArray, c: ref.BatchnormCache) => {
      const g = ref.batchnormBackward(dout, c);
      return { ...g, dgamma: ref.mul(g.dgamma, 1.01) };
    } };
    const r = runCodeChecks('batchnorm-backward', wrong, 3);
    const row = r.rows.find((x) => x.output === 'dgamma')!;
    expect(row.pass).toBe(false);
    expect(row.error).toBeGreaterThan(1e-3);
    expect(r.rows.find((x) => x.output === 'dx')!.pass).toBe(true);
  });

  it('dropout with keep probability instead of drop probability fails the zero-fraction check', () => {
    const wrong = { ...right, dropoutForward: (x: NDArray, p: { p: number; mode: 'train' | 'test'; seed: number }) => ref.dropoutForward(x, { keepProb: p.p, mode: p.mode, seed: p.seed }) };
    const r = runCodeChecks('dropout', wrong, 3);
    expect(r.rows.find((x) => x.check.startsWith('p = 0.3, train: fraction'))!.pass).toBe(false);
  });

  it('a missing function and a wrong shape are named', () => {
    expect(runCodeChecks('conv', {}, 1).rows[0].note).toMatch(/does not define a function conv2dForward/);
    const r = runCodeChecks('maxpool', { ...right, maxPoolForward: () => ({ out: ref.zeros([1]), cache: null }) }, 1);
    expect(r.rows[0].note).toMatch(/shape \[1\], expected \[2, 3, 2, 2\]/);
  });

  it('compiles JavaScript with the helpers in scope, and reports runtime lines', () => {
    const fns = compileStudentCode('function f(n) {\n  return zeros([n]).size;\n}', ['f', 'g']);
    expect((fns.f as (n: number) => number)(3)).toBe(3);
    expect(fns.g).toBeUndefined();
    expect(() => compileStudentCode('function f( {', ['f'])).toThrow(StudentCodeError);
    const r = runCodeChecks('maxpool', compileStudentCode('function maxPoolForward(x, p) {\n\n  throw new Error("boom");\n}', ['maxPoolForward', 'maxPoolBackward']), 1, (e) => String((e as Error).stack));
    expect(r.rows[0].note).toMatch(/boom/);
  });

  it('a naive student conv (x.get/addAt loops) passes every check (its time: npm run bench:layers)', () => {
    const r = runCodeChecks('conv', compileStudentCode(NAIVE_CONV, TASK_FUNCTIONS.conv), 5);
    expect(r.rows.filter((x) => !x.pass)).toEqual([]);
  }, 30_000);

  it('correct code written differently from the reference passes on every seed (inputs are drawn well-conditioned)', () => {
    // Before inputs were conditioned, exact code failed batchnorm's dx < 1e-8 on about one seed in
    // four and max-pool's dx on near-ties, so a student's right answer could be marked wrong.
    const student: StudentFunctions = {
      ...right,
      batchnormBackward: ref.batchnormBackwardAlt,
      batchnormBackwardAlt: ref.batchnormBackward,
      ...compileStudentCode(readFileSync('tests/unit/grading/fixtures/code/maxpool-right.js', 'utf8'), TASK_FUNCTIONS.maxpool),
      ...compileStudentCode(NAIVE_CONV, TASK_FUNCTIONS.conv),
    };
    const seeds = (n: number) => Array.from({ length: n }, (_, i) => 1000 + 7919 * i);
    for (const [task, n] of [['batchnorm-backward', 60], ['batchnorm-backward-alt', 20], ['spatial-batchnorm', 40], ['maxpool', 8], ['conv', 8]] as const) {
      for (const seed of seeds(n)) {
        const failed = runCodeChecks(task, student, seed).rows.filter((x) => !x.pass);
        expect(failed, `${task}, seed ${seed}`).toEqual([]);
      }
    }
  }, 60_000);
});
