/**
 * What a live cell's worker and the page say to each other. The worker runs the instructor's code
 * and answers with plain data only (controls declared, outputs produced); the page draws them and
 * sends back the controls' new values for the next run.
 */

/** A control's current value as the page keeps it (a number input keeps its raw text). */
export type LiveValue = number | string | boolean;

export type LiveTone = 'good' | 'bad' | 'muted';

/** Highlights of a table cell: green fill, orange border, blue border (they combine). */
export type LiveMark = 'good' | 'warn' | 'accent';

interface ControlBase {
  name: string;
  label: string;
}

export type LiveControl =
  | (ControlBase & { kind: 'slider'; min: number; max: number; step: number; value: number; /** ms per step of its ▶ Play button */ play?: number })
  | (ControlBase & { kind: 'select'; options: { value: string | number; label: string }[]; value: string | number })
  | (ControlBase & { kind: 'checkbox'; value: boolean })
  | (ControlBase & { kind: 'number'; text: string; value: number })
  | (ControlBase & { kind: 'button'; value: number });

/** Rich pieces that may also sit inside a table cell. */
export type LiveInline =
  | { kind: 'text'; text: string; id?: string; tone?: LiveTone }
  | { kind: 'md'; source: string; id?: string; tone?: LiveTone }
  | { kind: 'tex'; tex: string; display: boolean; id?: string };

type LivePlain = number | string | boolean | null | LiveInline;

/** A table cell with marks and a small second line (`cell(value, { marks, sub })`). */
export interface LiveRichCell {
  kind: 'cell';
  value: LivePlain;
  sub?: string;
  marks?: LiveMark[];
}

export type LiveCellValue = LivePlain | LiveRichCell;

export type LiveOutput =
  | LiveInline
  | { kind: 'value'; value: number | boolean | null; id?: string }
  | {
      kind: 'table';
      id?: string;
      header?: string[];
      rows: LiveCellValue[][];
      footer?: LiveCellValue[];
      /** Row indices drawn in bold. */
      highlight?: number[];
      /** Per column; without it numbers go right and text left. */
      align?: ('left' | 'right')[];
      /** Shown folded, under this line, until the reader opens it. */
      summary?: string;
      /** Each cell a box (for grids of states, e.g. workers × chunks) rather than ruled rows. */
      grid?: boolean;
    }
  // Plotly traces and layout: plain data the instructor built (not checked here, Plotly reads it).
  | { kind: 'plot'; id?: string; traces: unknown[]; layout: Record<string, unknown>; height: number }
  /** Where the code declared a control: controls show in the flow, next to what they change. */
  | { kind: 'control'; name: string };

export interface LiveRunRequest {
  code: string;
  params: Record<string, number>;
  /** The student's raw answers by part id. */
  answers: Record<string, string>;
  controls: Record<string, LiveValue>;
}

export interface LiveRunResult {
  ok: boolean;
  outputs: LiveOutput[];
  controls: LiveControl[];
  /** Part ids of the answers the code read (`'*'`: it listed them all), so only those re-run it. */
  answersRead: string[] | '*';
  /** Set when the code threw (outputs before the error are kept). `line` is in the cell's code. */
  error?: { message: string; line: number | null };
}

/**
 * The worker says when it starts a run (the time limit counts from there, not from a fresh worker's
 * loading) and then answers; both name the request (the page drops stale ones).
 */
export type LiveWorkerMessage = { runId: number; started: true } | (LiveRunResult & { runId: number; started?: undefined });

/**
 * How a number shows in a live cell: whole numbers with thousands separators (212,992), others to
 * 6 significant digits, an exponent only for very large or small values.
 */
export function formatNumber(v: number, digits = 6): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return v.toLocaleString('en-US');
  if (v !== 0 && (Math.abs(v) >= 1e15 || Math.abs(v) < 1e-4)) return v.toExponential(digits - 1);
  return Number(v.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 20 });
}
