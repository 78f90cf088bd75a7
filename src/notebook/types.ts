export type ParamSpec =
  | { choose: number[]; default: number; label?: string }
  | { range: [number, number]; default: number; label?: string };

export type ParamValues = Record<string, number>;

export type PartKind = 'number' | 'choice' | 'expression' | 'matrix' | 'text';

/**
 * How a matrix part gives partial credit (`partial=...` on the part): by the fraction of right
 * entries, by the fraction of rows right in every entry, all or nothing, or by entries but only
 * once at least `fraction` of them are right.
 */
export type MatrixCredit = { by: 'entries' } | { by: 'rows' } | { by: 'all' } | { by: 'threshold'; fraction: number };

export interface ChoiceOption {
  id: string;
  /** The option's label as Markdown source (it may hold math and {{params}}). */
  label: string;
}

export interface VariableSpec {
  name: string;
  min: number;
  max: number;
  integer: boolean;
}

interface CellBase {
  /** 1-based line in the notebook file, for error messages and the editor. */
  line: number;
}

export interface ProseCell extends CellBase {
  kind: 'prose';
  /** Markdown source; `{{expr}}` templates are filled per variant before it is rendered. */
  source: string;
}

export interface AnswerCell extends CellBase {
  kind: 'answer';
  id: string;
  answerKind: PartKind;
  /** Source text of the key: an expression over params (number), ids (choice), an expression in
   * `variables` (expression), or an expression giving a matrix (matrix). Absent for text. */
  key?: string;
  points: number;
  tolerance?: { rel?: number; abs?: number };
  variables: VariableSpec[];
  options: ChoiceOption[];
  prompt: string;
  /** A model answer shown after the student has submitted (text parts). */
  reference?: string;
  /** Criteria a grader ticks (`:::rubric` inside the part); the ticked points sum to the part's points. */
  rubric?: RubricItem[];
  /** Matrix parts: grant partial credit, by `matrixCredit`'s rule. */
  partialCredit: boolean;
  /** Matrix parts with `partial`: the rule (bare `partial` is by entries). */
  matrixCredit?: MatrixCredit;
  /** Attributes the notebook gave, for widgets attached to a part. */
  attributes: Record<string, string>;
}

export interface RubricItem {
  points: number;
  /** Markdown. */
  label: string;
}

export interface WidgetCell extends CellBase {
  kind: 'widget';
  name: string;
  /** Attribute values; each is a number, a param name or an expression over params. */
  props: Record<string, string>;
  /** Optional Markdown caption inside the block. */
  caption: string;
  /** Part id this widget sits beside, if any (shown in links). */
  id?: string;
}

/** A part where the student writes code (`:::code{#5a task=... points=2 uses="5a"}`), checked in a worker. */
export interface CodeCell extends CellBase {
  kind: 'code';
  id: string;
  /** Which checks to run: a task name from src/grading/codeChecks.ts. */
  task: string;
  points: number;
  /** Markdown prompt. */
  prompt: string;
  /** Parts whose code is loaded before this one (a backward pass reuses the student's forward). */
  uses: string[];
  /** Seconds before a run is stopped. */
  timeLimit: number;
  /** `partial`: points in proportion to the checks passed (else all of them or nothing). */
  partialCredit: boolean;
  /**
   * Grader-only checks (src/grading/graderTests.ts): never written in the notebook, so never in a
   * student's build; set only when grading, from the course's grader/<notebook-id>.json.
   */
  graderCases?: GraderCase[];
}

/**
 * A grader-only check (src/grading/graderTests.ts): a call of one of the student's functions on
 * fixed data, a check of the cell's backward pass, or the cell's own checks under more seeds.
 */
export type GraderCase = GraderCallCase | GraderBackwardCase | GraderSeedsCase;

/** Call one of the student's functions on fixed data and compare one output with the expected array. */
export interface GraderCallCase {
  kind?: 'call';
  name: string;
  /** The function called, one the cell's task asks for. */
  call: string;
  /** Nested number arrays become NDArrays; anything else (an options object, a number) is passed as is. */
  args: unknown[];
  /** The field of the result compared (e.g. "out"); none: the result itself. */
  output?: string;
  expected: unknown;
  /** Passes when the relative error is below this. */
  tolerance: number;
}

/**
 * The cell's backward pass on the grader's inputs: the student's forward, then backward with `dout`;
 * each gradient compared with the float64 reference's (src/core/reference) or with centered
 * differences of the student's own forward pass.
 */
export interface GraderBackwardCase {
  kind: 'backward';
  name: string;
  /** The forward pass's arguments: nested arrays, `{ "randn": [shape], "scale"?, "shift"? }` drawn from `seed`, or options as they are. */
  args: unknown[];
  /** The upstream gradient; none: standard normal of the output's shape, drawn from `seed`. */
  dout?: unknown;
  against: 'reference' | 'numerical';
  /** Seeds the case's random inputs: the same for every student. */
  seed: number;
  tolerance: number;
}

/** The cell's own checks run again with these seeds (fresh random inputs, the same thresholds). */
export interface GraderSeedsCase {
  kind: 'seeds';
  name: string;
  seeds: number[];
}

/** Trains a CNN on MNIST in the browser (`:::training{#4a epochs=3 ...}`); attributes set the defaults of its controls. */
export interface TrainingCell extends CellBase {
  kind: 'training';
  id: string;
  /** Control defaults (depth, width, dropout, batchnorm, optimizer, lr, batch, epochs, backend), unchecked strings. */
  defaults: Record<string, string>;
  /** Markdown prompt. */
  prompt: string;
}

/** Instructor code run in a worker (`:::live{#id}` around a ```js block): controls and outputs, re-run as they change. */
export interface LiveCell extends CellBase {
  kind: 'live';
  id: string;
  /** JavaScript or TypeScript, as written in the notebook. */
  code: string;
  /** The file's line of the code's first line, so an error's line can name the notebook line too. */
  codeLine: number;
  /** Seconds before a run is stopped. */
  timeLimit: number;
  /** Markdown written around the code block. */
  caption: string;
}

export type Cell = ProseCell | AnswerCell | WidgetCell | CodeCell | TrainingCell | LiveCell;

export interface VariantSettings {
  /** Each student gets parameters drawn from a seed derived from their id. */
  perStudent: boolean;
  /** Instructor's secret-ish salt mixed into the seed, so ids alone do not predict variants. */
  salt: string;
}

export interface Notebook {
  id: string;
  title: string;
  course?: string;
  version: number;
  /** The source file, for messages. */
  file: string;
  params: Record<string, ParamSpec>;
  variants: VariantSettings;
  /** `after-submission`: an exam, graded only by the grader; the students' copy has no keys. */
  checking: 'live' | 'after-submission';
  /** Practice notebooks: Check presses allowed per part (unlimited when absent). */
  attempts?: number;
  /** `feedback: { solutions: true }`: students' feedback files show the keys and reference answers. */
  feedback?: { solutions: boolean };
  cells: Cell[];
  /** A hash of the file's text, so a grader can tell which copy a submission was made with. */
  contentHash: string;
}

export function answerParts(nb: Notebook): AnswerCell[] {
  return nb.cells.filter((c): c is AnswerCell => c.kind === 'answer');
}

export function codeCells(nb: Notebook): CodeCell[] {
  return nb.cells.filter((c): c is CodeCell => c.kind === 'code');
}

/** Every part that gives points, in notebook order: answers and code cells. */
export function gradedParts(nb: Notebook): (AnswerCell | CodeCell)[] {
  return nb.cells.filter((c): c is AnswerCell | CodeCell => c.kind === 'answer' || c.kind === 'code');
}
