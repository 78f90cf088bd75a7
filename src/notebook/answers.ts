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
  /** Parameter values a link set on top of the seed; part of the variant's identity. */
  overrides: z.record(z.string(), z.number()).default({}),
  parts: z.record(z.string(), partStateSchema),
  updatedAt: z.string(),
});

export type PartState = z.infer<typeof partStateSchema>;
export type AnswersRecord = z.infer<typeof answersRecordSchema>;

export function emptyRecord(notebookId: string, version: number, seed: number | null, overrides: Record<string, number> = {}): AnswersRecord {
  return { notebookId, version, seed, overrides, parts: {}, updatedAt: new Date(0).toISOString() };
}

/** One variant, one record: the seed and any link overrides, in a stable order. */
export function storageKey(notebookId: string, version: number, seed: number | null, overrides: Record<string, number> = {}): string {
  const base = seed === null ? 'original' : `seed-${seed}`;
  const extra = Object.keys(overrides)
    .sort()
    .map((k) => `&${k}=${overrides[k]}`)
    .join('');
  return `gradbook/${notebookId}/v${version}/${base}${extra}`;
}

/** Parts that count as answered: something typed, for the home page's progress. */
export function answeredCount(record: AnswersRecord | null): number {
  if (!record) return 0;
  return Object.values(record.parts).filter((p) => p.input.trim() !== '').length;
}
