/**
 * Grader mode's re-runs of code cells: every job (codeJobsFor) runs in a fresh Web Worker with the
 * grading time limit, two at a time, and its outcome is kept by job key for the session, so
 * editing grades or opening a review never runs the same code twice.
 */
import { useEffect, useState } from 'react';
import type { CodeJob, CodeOutcomes, CodeRunOutcome } from '../../grading/codeGrading';
import { runCodeInWorker } from '../codeRun';

const done = new Map<string, CodeRunOutcome>();
const running = new Map<string, Promise<void>>();
const PARALLEL = 2;

const outcomes: CodeOutcomes = (job) => done.get(job.key);

function start(job: CodeJob): Promise<void> {
  let p = running.get(job.key);
  if (!p) {
    p = runCodeInWorker({ task: job.task, code: job.code, seed: job.seed, extra: job.extra }, job.timeLimitS).then((o) => {
      done.set(job.key, o);
      running.delete(job.key);
    });
    running.set(job.key, p);
  }
  return p;
}

/** Outcomes so far, how many runs are left, and a counter that changes as runs finish. */
export function useCodeRuns(jobs: CodeJob[]): { outcomes: CodeOutcomes; left: number; total: number; version: number } {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    const bump = () => live && setVersion((v) => v + 1);
    const todo = [...new Map(jobs.filter((j) => !done.has(j.key)).map((j) => [j.key, j])).values()];
    let next = 0;
    const lane = async () => {
      while (live && next < todo.length) {
        await start(todo[next++]);
        bump();
      }
    };
    for (let i = 0; i < PARALLEL; i++) void lane();
    return () => {
      live = false;
    };
  }, [jobs]);
  const keys = new Set(jobs.map((j) => j.key));
  const left = [...keys].filter((k) => !done.has(k)).length;
  return { outcomes, left, total: keys.size, version };
}
