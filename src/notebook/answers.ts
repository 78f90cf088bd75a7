/** What a student has done on one notebook variant: the record that autosave writes. */
import { z } from 'zod';

export const partStateSchema = z.object({
  /** Exactly what the student typed (or chose), never normalized: graders re-check this. */
  input: z.string(),
  verdict: z.enum(['correct', 'incorrect', 'invalid']).optional(),
  message: z.string().optional(),
  score: z.number().optional(),
  checkedAt: z.string().optional(),
  updatedAt: z.string(),
});

export const answersRecordSchema = z.object({
  notebookId: z.string(),
  version: z.number(),
  seed: z.number().nullable(),
  parts: z.record(z.string(), partStateSchema),
  updatedAt: z.string(),
});

export type PartState = z.infer<typeof partStateSchema>;
export type AnswersRecord = z.infer<typeof answersRecordSchema>;

export function emptyRecord(notebookId: string, version: number, seed: number | null): AnswersRecord {
  return { notebookId, version, seed, parts: {}, updatedAt: new Date(0).toISOString() };
}

export function storageKey(notebookId: string, version: number, seed: number | null): string {
  return `gradbook/${notebookId}/v${version}/${seed === null ? 'original' : `seed-${seed}`}`;
}

/** Parts that count as answered: something typed, for the home page's progress. */
export function answeredCount(record: AnswersRecord | null): number {
  if (!record) return 0;
  return Object.values(record.parts).filter((p) => p.input.trim() !== '').length;
}
