/**
 * Course exports beyond the per-student CSV: a long CSV (one row per student and part, for pandas
 * or R), the gradebook import layouts of Canvas and Moodle, and one feedback page per student.
 * Every CSV cell goes through `spreadsheetCell`, so nothing a student typed runs as a formula.
 * Pure (no DOM): grader mode downloads these, `npm run grade -- --format/--feedback` writes them.
 */
import { toHtml } from 'hast-util-to-html';
import katex from 'katex';
import type { AnswerCell, CodeCell, Notebook, ParamValues } from '../notebook/types';
import { gradedParts } from '../notebook/types';
import { proseToHast } from '../notebook/proseKatex';
import { round2 } from './codeGrading';
import { rubricTicked } from './rubric';
import type { DecidedPart } from './decisions';
import { expressionToTex, parseStudentExpression } from './expressionInput';
import { parseChoiceInput } from './checkChoice';
import { parseMatrixInput } from './matrixInput';
import { csvCell, finalPoints, overrideNeedsReason, studentKey, totalOf, type GradedSubmission, type ManualGrade, type ManualGrades, type PartGrade } from './regrade';

/**
 * One CSV cell. A cell a spreadsheet would read as a formula (starting with = + - @, a tab or a
 * carriage return) gets a leading ' (the OWASP advice for CSV injection); a plain number (-3) is
 * left as it is, since it cannot be a formula. Then standard quoting. The same rule as the CSV
 * cell escaper the sandbox branch adds to regrade.ts (`csvCell`), which this branch does not have
 * yet: once both are merged, this should call that one.
 */
/** Any value as one spreadsheet-safe CSV cell (the grade CSV's own rule, `csvCell`). */
export function spreadsheetCell(v: string | number | null | undefined): string {
  return csvCell(v === null || v === undefined ? '' : String(v));
}

export const csvLine = (cells: (string | number | null | undefined)[]) => cells.map(spreadsheetCell).join(',');
const csv = (rows: (string | number | null | undefined)[][]) => rows.map(csvLine).join('\n') + '\n';

/** What a part's row says happened: the re-check's status, or that a grader decided. */
function verdictOf(p: PartGrade, m?: ManualGrade): string {
  if (m?.points !== undefined && !overrideNeedsReason(p, m)) return p.status === 'manual' ? 'graded' : 'overridden';
  if ((p as DecidedPart).decision) return 'accepted';
  return p.status;
}

export const LONG_HEADER = ['student_id', 'seed', 'part', 'kind', 'points', 'max', 'verdict', 'answer', 'comment'];

/** One row per student and part: student, part, points, max, verdict, answer, comment. */
export function longCsv(nb: Notebook, graded: GradedSubmission[], manual: ManualGrades = {}): string {
  const rubrics = new Map(gradedParts(nb).flatMap((p) => (p.kind === 'answer' && p.rubric ? [[p.id, p.rubric] as const] : [])));
  const rows: (string | number | null)[][] = [LONG_HEADER];
  for (const g of graded) {
    const m = manual[studentKey(g)] ?? {};
    for (const p of g.parts) {
      const pts = finalPoints(p, m[p.partId]);
      const ticked = rubricTicked(rubrics.get(p.partId), m[p.partId]).map((r) => `[${r.points}] ${r.label}`);
      const comment = [...ticked, m[p.partId]?.reason, m[p.partId]?.comment, (p as DecidedPart).decision?.note].filter(Boolean).join(' — ');
      rows.push([g.studentId, g.seed, p.partId, p.kind, pts === null ? '' : round2(pts), p.max, verdictOf(p, m[p.partId]), p.input, comment]);
    }
  }
  return csv(rows);
}

/** The five columns Canvas's gradebook export starts with, which its import reads students by. */
export const CANVAS_HEADER = ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section'];

/**
 * Canvas's gradebook import layout: the five student columns, then one column for this
 * homework, and the "Points Possible" row Canvas writes under the header. Canvas matches a row by
 * ID, then SIS User ID, then SIS Login ID; GradBook knows only the student id the student typed,
 * so it goes in both SIS columns (Canvas's own ID is left empty). A column whose name Canvas does
 * not know becomes a new assignment on import; name it as in Canvas to fill an existing one.
 */
export function canvasCsv(nb: Notebook, graded: GradedSubmission[], manual: ManualGrades = {}, assignment = nb.title): string {
  const max = round2(gradedParts(nb).reduce((t, p) => t + p.points, 0));
  const rows: (string | number | null)[][] = [
    [...CANVAS_HEADER, assignment],
    ['    Points Possible', '', '', '', '', max],
  ];
  for (const g of graded) rows.push([g.studentId, '', g.studentId, g.studentId, '', totalOf(g, manual[studentKey(g)] ?? {})]);
  return csv(rows);
}

/** The columns of Moodle's grade export that its import maps students by, then the grade item and its feedback. */
export const MOODLE_HEADER = ['First name', 'Last name', 'ID number', 'Email address'];

/**
 * Moodle's grade import layout (Grades → Import → CSV file): Moodle's export columns, one grade
 * item `<title> (Real)` and `<title> (Feedback)`. On import map "ID number" to the user field
 * "ID number" and the two columns to the grade item and its feedback.
 */
export function moodleCsv(nb: Notebook, graded: GradedSubmission[], manual: ManualGrades = {}, assignment = nb.title): string {
  const rows: (string | number | null)[][] = [[...MOODLE_HEADER, `${assignment} (Real)`, `${assignment} (Feedback)`]];
  for (const g of graded) {
    const m = manual[studentKey(g)] ?? {};
    const comments = g.parts.flatMap((p) => (m[p.partId]?.comment ? [`${p.partId}: ${m[p.partId]!.comment}`] : []));
    rows.push(['', '', g.studentId, '', totalOf(g, m), comments.join('; ')]);
  }
  return csv(rows);
}

export type ExportFormat = 'wide' | 'long' | 'canvas' | 'moodle';
export const EXPORT_FORMATS: ExportFormat[] = ['wide', 'long', 'canvas', 'moodle'];

// ---- feedback pages ----

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
// MathML only: a feedback file opened on its own has no KaTeX style sheet or fonts, and browsers draw MathML natively
// (prompts rendered for the page carry KaTeX's HTML too; the page's style hides it).
const tex = (t: string, display = false) => katex.renderToString(t, { output: 'mathml', throwOnError: false, displayMode: display });
const markdown = (source: string, params: ParamValues, templates = true) => toHtml(proseToHast(source, params, { templates }));
const matrixTex = (rows: readonly (readonly (number | string)[])[]) => `\\begin{bmatrix}${rows.map((r) => r.join(' & ')).join(' \\\\ ')}\\end{bmatrix}`;

function answerHtml(part: AnswerCell | CodeCell, input: string, params: ParamValues): string {
  if (!input.trim()) return '<p class="muted">No answer.</p>';
  if (part.kind === 'code') return `<pre class="code">${esc(input)}</pre>`;
  switch (part.answerKind) {
    case 'expression': {
      const e = parseStudentExpression(input, part.variables.map((v) => v.name));
      return `${e.ok ? `<div>${tex(expressionToTex(e.value), true)}</div>` : ''}<code>${esc(input)}</code>`;
    }
    case 'matrix': {
      const m = parseMatrixInput(input);
      return m.ok ? tex(matrixTex(m.value), true) : `<pre>${esc(input)}</pre>`;
    }
    case 'choice': {
      const chosen = parseChoiceInput(input);
      const items = part.options.map((o) => `<li>${chosen.includes(o.id) ? '☑' : '☐'} (${esc(o.id)}) ${markdown(o.label, params)}</li>`);
      return `<ul class="choices">${items.join('')}</ul>`;
    }
    case 'text':
      return `<div class="student-text">${markdown(input, params, false)}</div>`;
    default:
      return `<code>${esc(input)}</code>`;
  }
}

const STATUS_WORDS: Record<string, string> = {
  correct: '✓ Correct',
  incorrect: '✗ Not correct',
  invalid: '⚠ Could not be read',
  unanswered: '– No answer',
  manual: '✎ Graded by hand',
  'broken-key': '⚠ Not graded automatically',
  pending: '…',
};

const FEEDBACK_STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
section{border-top:1px solid #ddd;padding:.5rem 0 1rem}h2{font-size:1.1rem;margin:.5rem 0}.muted{color:#666}
.verdict{font-weight:600}.correct{color:#176a2c}.incorrect,.invalid{color:#a11}.points{float:right;font-weight:600}
.comment{background:#fff8db;border-left:3px solid #e5c100;padding:.3rem .6rem}.solution{background:#eef6ff;padding:.3rem .6rem}
pre{background:#f6f6f6;padding:.5rem;overflow:auto}ul.choices{list-style:none;padding-left:0}ul.choices p{display:inline}
.checks td,.checks th{padding:0 .5rem;text-align:left}.fail{color:#a11}
.katex-html{display:none}`;

/**
 * One student's feedback page: each part's prompt, their answer rendered, the verdict, points,
 * the grader's comment, an accepted-answer note, code checks, and, when the notebook's front
 * matter says `feedback: { solutions: true }`, the key and reference answer. Self-contained HTML.
 */
export function feedbackHtml(nb: Notebook, g: GradedSubmission, manual: Record<string, ManualGrade> = {}): string {
  const byId = new Map(g.parts.map((p) => [p.partId, p as DecidedPart]));
  const solutions = nb.feedback?.solutions === true;
  const sections = gradedParts(nb).flatMap((part) => {
    const p = byId.get(part.id);
    if (!p) return [];
    const m = manual[part.id];
    const pts = finalPoints(p, m);
    const status = m?.points !== undefined && !overrideNeedsReason(p, m) ? 'manual' : p.status;
    const out = [
      `<section data-part="${esc(part.id)}">`,
      `<h2>(${esc(part.id)}) <span class="points">${pts === null ? 'not graded yet' : round2(pts)} / ${part.points}</span></h2>`,
      markdown(part.prompt, g.params),
      `<p class="muted">Your answer:</p>`,
      answerHtml(part, p.input, g.params),
      `<p class="verdict ${esc(status)}">${STATUS_WORDS[status] ?? esc(status)}${part.kind === 'code' || p.status !== 'manual' ? ` <span class="muted">${esc(p.message)}</span>` : ''}</p>`,
    ];
    if (p.report) {
      const rows = p.report.rows.map((r) => `<tr class="${r.pass ? '' : 'fail'}"><td>${r.pass ? '✓' : '✗'}</td><td>${esc(r.check)}</td><td>${esc(r.output)}</td></tr>`);
      out.push(`<table class="checks"><tbody>${rows.join('')}</tbody></table>`);
    }
    if (part.kind === 'answer' && part.rubric && m?.rubric) {
      const items = part.rubric.map((r, i) => `<li>${m.rubric!.includes(i) ? '☑' : '☐'} <b>${r.points > 0 ? '+' : ''}${r.points}</b> ${markdown(r.label, g.params)}</li>`);
      out.push(`<ul class="choices rubric">${items.join('')}</ul>`);
    }
    if (m?.reason && m.points !== undefined) out.push(`<p class="comment">Points changed by the grader: ${esc(m.reason)}</p>`);
    if (m?.comment) out.push(`<div class="comment">${markdown(m.comment, {}, false)}</div>`);
    if (solutions && part.kind === 'answer') {
      if (p.key !== undefined) {
        const key = part.answerKind === 'matrix' ? tex(matrixTex(p.key.split('\n').map((r) => r.split(' '))), true) : `<code>${esc(p.key)}</code>`;
        out.push(`<div class="solution">Expected answer: ${key}</div>`);
      }
      if (part.reference) out.push(`<div class="solution"><p>Reference answer:</p>${markdown(part.reference, g.params)}</div>`);
    }
    out.push('</section>');
    return [out.join('\n')];
  });
  const title = `${nb.title} — feedback for ${g.studentId || '(no id)'}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${FEEDBACK_STYLE}</style></head>
<body>
<h1>${esc(nb.title)}</h1>
<p>Student <b>${esc(g.studentId || '(no id)')}</b> · ${g.seed === null ? 'original values' : `variant ${g.seed}`} · submitted ${esc(g.submittedAt.replace('T', ' ').slice(0, 16))}</p>
<p class="total"><b>Total ${totalOf(g, manual)} / ${g.max}</b></p>
${sections.join('\n')}
</body></html>
`;
}

/** A file name for a student's feedback page that is safe on every system and unique per student. */
export function feedbackFileName(g: GradedSubmission): string {
  return `${(g.studentId || g.file).replace(/[^A-Za-z0-9_-]+/g, '_') || 'anonymous'}.html`;
}

/** Every student's feedback page with a file name; names that would clash after cleaning get -2, -3, ... */
export function feedbackFiles(nb: Notebook, graded: GradedSubmission[], manual: ManualGrades = {}): { name: string; html: string }[] {
  const used = new Set<string>();
  return graded.map((g) => {
    const base = feedbackFileName(g).replace(/\.html$/, '');
    let name = `${base}.html`;
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base}-${i}.html`;
    used.add(name.toLowerCase());
    return { name, html: feedbackHtml(nb, g, manual[studentKey(g)] ?? {}) };
  });
}
