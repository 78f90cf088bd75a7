/** What a student has done on one notebook variant: the record that autosave writes. */
import { z } from 'zod';

/**
 * What a training cell keeps of a finished run, beside its one-line message: the numbers a grader's
 * review page shows and a submission carries.
 */
export const trainingSummarySchema = z.object({
  backend: z.string(),
  /** Held-out accuracy, 0..1. */
  testAccuracy: z.number().min(0).max(1),
  steps: z.number().int().nonnegative(),
  epochs: z.number().nonnegative(),
  seconds: z.number().nonnegative(),
  imgPerS: z.number().nonnegative(),
  stopped: z.boolean().optional(),
});

export type TrainingSummary = z.infer<typeof trainingSummarySchema>;

/**
 * The summary of a training worker's result (`TrainResult` fits), for the training cell's saved
 * state: `onChange({ input, message, checkedAt, training: trainingSummaryOf(result) })`.
 */
export function trainingSummaryOf(r: { backend: string; testAccuracy: number; steps: number; epochsDone: number; seconds: number; imgPerS: number; stopped?: boolean }): TrainingSummary {
  return { backend: r.backend, testAccuracy: r.testAccuracy, steps: r.steps, epochs: r.epochsDone, seconds: r.seconds, imgPerS: r.imgPerS, stopped: r.stopped ?? false };
}

/**
 * The numbers back from a training cell's one-line message ("Held-out accuracy 97.12% on 2,000
 * digits after 780 steps (5 epochs); ...; webgl backend, 41.3 s, 2410 images/s."), for results
 * saved before the cell stored `training`. Null when the message is not of that form.
 */
export function trainingSummaryFromMessage(message: string | undefined): TrainingSummary | null {
  const m = /Held-out accuracy ([\d.]+)% .*?after (\d+) steps \((\d+) epochs?(, stopped early)?\);.*; (\S+) backend, ([\d.]+) s, ([\d.]+) images\/s/.exec(message ?? '');
  if (!m) return null;
  const parsed = trainingSummarySchema.safeParse({
    backend: m[5],
    testAccuracy: Number(m[1]) / 100,
    steps: Number(m[2]),
    epochs: Number(m[3]),
    seconds: Number(m[6]),
    imgPerS: Number(m[7]),
    stopped: m[4] !== undefined,
  });
  return parsed.success ? parsed.data : null;
}

export const partStateSchema = z.object({
  /** Exactly what the student typed (or chose), never normalized: graders re-check this. */
  input: z.string(),
  verdict: z.enum(['correct', 'incorrect', 'invalid']).optional(),
  message: z.string().optional(),
  score: z.number().optional(),
  checkedAt: z.string().optional(),
  updatedAt: z.string(),
  /** When the part was first answered, so graders can see how long a part took (first to final answer). */
  firstAt: z.string().optional(),
  /** Training cells: the finished run's numbers (the message says the same in words). */
  training: trainingSummarySchema.optional(),
  /** Times Check was pressed, counted where the notebook limits them (`attempts:`). */
  attempts: z.number().int().nonnegative().optional(),
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
