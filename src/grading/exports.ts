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
import { messageAfterLabel } from './verdictWords';
import type { DecidedPart } from './decisions';
import { expressionToTex, parseStudentExpression } from './expressionInput';
import { parseChoiceInput } from './checkChoice';
import { parseMatrixInput } from './matrixInput';
import { csvCell, finalPoints, overrideNeedsReason, studentKey, totalOf, type GradedSubmission, type ManualGrade, type ManualGrades, type PartGrade } from './regrade';

/**
 * Any value as one spreadsheet-safe CSV cell, by the grade CSV's own rule (`csvCell`): a cell a
 * spreadsheet would read as a formula (= + - @, a tab or a carriage return first) gets a leading ',
 * a plain number (-3) does not; then standard quoting.
 */
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

/**
 * The rows an LMS import can place: a row without a student id would be matched to nobody (Canvas)
 * or, worse, to the student of the row above (Moodle keeps the last matched user when a row's
 * identifier is blank, load_data.php prepare_import_grade_data). Such rows are left out; the
 * command says how many (courseReports.ts).
 */
export const lmsRows = (graded: GradedSubmission[]) => graded.filter((g) => g.studentId.trim() !== '');

/** What an LMS file leaves out, in a sentence (the command's note and the grade page's export menu); null when nothing is. */
export function lmsLeftOut(graded: GradedSubmission[], format: 'canvas' | 'moodle'): string | null {
  const left = graded.length - lmsRows(graded).length;
  if (!left) return null;
  return `${left} ${left === 1 ? 'submission has' : 'submissions have'} no student id and ${left === 1 ? 'is' : 'are'} left out of the ${format} file (the LMS could not place ${left === 1 ? 'it' : 'them'})`;
}

/** The five columns Canvas's gradebook export starts with, which its import reads students by. */
export const CANVAS_HEADER = ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section'];

/**
 * Canvas's gradebook import layout, as Canvas's own export writes it (canvas-lms
 * lib/gradebook_exporter.rb, checked against the source): a header `Student, ID, SIS User ID,
 * SIS Login ID, Section`, then one column per assignment titled `<name> (<assignment id>)`
 * (`title_with_id`); a second row whose first cell is "    Points Possible" (four spaces), the
 * identity cells empty and each assignment's points; then one row per student. On import Canvas
 * matches a row to a student by its ID, SIS User ID or SIS Login ID columns, and the Section
 * column must be present even when empty (PrairieLearn/PrairieLearn#4547, where staff tested an
 * import). An assignment column is matched by the id in its parentheses, else by its exact name;
 * an unknown one becomes a new assignment. GradBook knows only the id the student typed, so it goes
 * in both SIS columns (Canvas's numeric ID is left empty) and in Student. Pass `assignment` as
 * Canvas shows it, e.g. "HW 1 (4757)" (the id is in the assignment's Canvas address), to fill
 * that assignment; the default, the notebook's title, creates a new one.
 */
export function canvasCsv(nb: Notebook, graded: GradedSubmission[], manual: ManualGrades = {}, assignment = nb.title): string {
  const max = round2(gradedParts(nb).reduce((t, p) => t + p.points, 0));
  const rows: (string | number | null)[][] = [
    [...CANVAS_HEADER, assignment],
    ['    Points Possible', '', '', '', '', max],
  ];
  for (const g of lmsRows(graded)) rows.push([g.studentId, '', g.studentId, g.studentId, '', totalOf(g, manual[studentKey(g)] ?? {})]);
  return csv(rows);
}

/**
 * The user columns of Moodle's plain-text grade export (grade/export/txt): "First name",
 * "Last name", then the site's identity fields ("ID number", "Email address"), which its CSV
 * import maps students by.
 */
export const MOODLE_HEADER = ['First name', 'Last name', 'ID number', 'Email address'];

/**
 * Moodle's grade import layout (Grades → Import → CSV file). Checked against MoodleDocs "Grade
 * import" (docs.moodle.org/311/en/Grade_import) and Moodle's importer (grade/import/csv/classes/
 * load_data.php):
 * - "The import file format is the same as the corresponding export format": the user columns
 *   above, then a grade item column named as Moodle's export names it, `<item> (Real)`, and its
 *   feedback column `<item> (Feedback)` (grade_export::format_column_name, "{name} ({extra})").
 *   No "Last downloaded from this course" column: when present, Moodle checks its time stamp.
 * - On the preview page, "Identify user by": "Map from" a column of the file, "Map to" one of
 *   userid, username, useridnumber or useremail (the default, First name → userid, matches nobody).
 *   GradBook puts the id the student typed under "ID number", and under "Email address" too when it
 *   is an email address; map from the column that holds what your students typed.
 * - "Grade item mappings": map `(Real)` to the grade item and `(Feedback)` to its feedback
 *   ("Feedback for ..."). MoodleDocs: map both, since importing feedback alone clears the grades.
 * - One unknown user aborts the whole import (usermappingerror), and email matching is
 *   case-sensitive; grades above 100 are refused unless the site allows them (gradepointmax).
 * The feedback cell holds, per part, the ticked rubric items and the grader's comment.
 */
export function moodleCsv(nb: Notebook, graded: GradedSubmission[], manual: ManualGrades = {}, assignment = nb.title): string {
  const rubrics = new Map(gradedParts(nb).flatMap((p) => (p.kind === 'answer' && p.rubric ? [[p.id, p.rubric] as const] : [])));
  const rows: (string | number | null)[][] = [[...MOODLE_HEADER, `${assignment} (Real)`, `${assignment} (Feedback)`]];
  for (const g of lmsRows(graded)) {
    const m = manual[studentKey(g)] ?? {};
    const comments = g.parts.flatMap((p) => {
      const said = [...rubricTicked(rubrics.get(p.partId), m[p.partId]).map((r) => `[${r.points}] ${r.label}`), m[p.partId]?.comment].filter(Boolean);
      return said.length ? [`${p.partId}: ${said.join(' — ')}`] : [];
    });
    const id = g.studentId.trim();
    rows.push(['', '', id, id.includes('@') ? id : '', totalOf(g, m), comments.join('; ')]);
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
.katex-html{display:none}span.katex{display:inline-block;max-width:100%;overflow-x:auto;overflow-y:hidden;vertical-align:middle}`;

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
      `<p class="verdict ${esc(status)}">${STATUS_WORDS[status] ?? esc(status)}${part.kind === 'code' || p.status !== 'manual' ? ` <span class="muted">${esc(messageAfterLabel(p.message))}</span>` : ''}</p>`,
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
