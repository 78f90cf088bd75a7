/**
 * The grader's work (the submission files dropped in and every manual grade), autosaved in
 * IndexedDB per notebook like a student's answers; in memory when the browser allows no storage.
 */
import { createStore, get, set, type UseStore } from 'idb-keyval';
import { z } from 'zod';
import { answerDecisionSchema, type AnswerDecision, type PointsTable } from '../../grading/decisions';
import type { FileInput, ManualGrades } from '../../grading/regrade';

const manualSchema = z.object({ points: z.number().optional(), comment: z.string().optional(), reason: z.string().optional(), rubric: z.array(z.number().int().nonnegative()).optional() });

export const graderWorkSchema = z.object({
  notebookId: z.string(),
  files: z.array(z.object({ name: z.string(), text: z.string() })),
  manual: z.record(z.string(), z.record(z.string(), manualSchema)),
  /** Accepted answer groups, applied to every submission (src/grading/decisions.ts). */
  decisions: z.array(answerDecisionSchema).default([]),
  /** The points the grader last saw for this copy of the notebook, to show what a changed notebook changes. */
  accepted: z.object({ contentHash: z.string(), points: z.record(z.string(), z.record(z.string(), z.number().nullable())) }).optional(),
  updatedAt: z.string(),
});

export interface GraderWork {
  notebookId: string;
  files: FileInput[];
  manual: ManualGrades;
  decisions: AnswerDecision[];
  accepted?: { contentHash: string; points: PointsTable };
  updatedAt: string;
}

export function emptyWork(notebookId: string): GraderWork {
  return { notebookId, files: [], manual: {}, decisions: [], updatedAt: new Date(0).toISOString() };
}

let idb: UseStore | null | undefined;
const memory = new Map<string, GraderWork>();

function store(): UseStore | null {
  if (idb === undefined) {
    try {
      idb = typeof indexedDB === 'undefined' ? null : createStore('gradbook-grader', 'work');
    } catch {
      idb = null;
    }
  }
  return idb;
}

const keyOf = (notebookId: string) => `grader/${notebookId}`;

export async function loadWork(notebookId: string): Promise<{ work: GraderWork; warning?: string }> {
  const mem = memory.get(notebookId);
  if (mem) return { work: mem };
  const s = store();
  if (!s) return { work: emptyWork(notebookId), warning: 'This browser does not allow saving: grading work lasts until the tab is closed.' };
  try {
    const raw = await get(keyOf(notebookId), s);
    if (raw === undefined) return { work: emptyWork(notebookId) };
    const parsed = graderWorkSchema.safeParse(raw);
    if (parsed.success) return { work: parsed.data };
    await set(`${keyOf(notebookId)}/corrupted-${Date.now()}`, raw, s).catch(() => undefined);
    return { work: emptyWork(notebookId), warning: 'The saved grading work was damaged; a copy was kept and you start from an empty page.' };
  } catch (e) {
    return { work: emptyWork(notebookId), warning: `Saved grading work could not be read (${(e as Error).message}).` };
  }
}

let queue: Promise<unknown> = Promise.resolve();

/** Serialized writes, so an older save never lands after a newer one. */
export function saveWork(work: GraderWork): Promise<string | undefined> {
  const s = store();
  const p = queue.then(async () => {
    if (!s) {
      memory.set(work.notebookId, work);
      return undefined;
    }
    try {
      await set(keyOf(work.notebookId), work, s);
      memory.delete(work.notebookId);
      return undefined;
    } catch (e) {
      memory.set(work.notebookId, work);
      return `Saving the grading work failed (${(e as Error).message}); it is kept until the tab is closed. Export the CSV to be safe.`;
    }
  });
  queue = p;
  return p;
}
