import { useState } from 'react';
import type { AnswerDecision } from '../../grading/decisions';
import { canvasCsv, lmsLeftOut, longCsv, moodleCsv, type ExportFormat } from '../../grading/exports';
import { gradesCsv, type GradedSubmission, type ManualGrades } from '../../grading/regrade';
import type { Notebook } from '../../notebook/types';
import { downloadText } from '../SubmissionControls';

const LABELS: Record<ExportFormat, string> = {
  wide: 'CSV: one row per student',
  long: 'CSV: one row per student and part',
  canvas: 'Canvas gradebook import',
  moodle: 'Moodle grade import',
};

interface Props {
  nb: Notebook;
  graded: GradedSubmission[];
  manual: ManualGrades;
  decisions: AnswerDecision[];
  disabled: boolean;
}

/** The grades in the layout the course needs, and the accepted answers for `npm run grade -- --decisions`. */
export function ExportMenu({ nb, graded, manual, decisions, disabled }: Props) {
  const [format, setFormat] = useState<ExportFormat>('wide');
  // The assignment as the LMS names it (Canvas: "HW 1 (4757)"); empty: the notebook's title.
  const [assignment, setAssignment] = useState('');
  const lms = format === 'canvas' || format === 'moodle';
  const leftOut = lms ? lmsLeftOut(graded, format) : null;
  const exportGrades = () => {
    const name = assignment.trim() || nb.title;
    const csv = format === 'canvas' ? canvasCsv(nb, graded, manual, name) : format === 'moodle' ? moodleCsv(nb, graded, manual, name) : { wide: gradesCsv, long: longCsv }[format](nb, graded, manual);
    downloadText(`${nb.id}-${format === 'wide' ? 'grades' : format}.csv`, csv, 'text/csv');
  };
  return (
    <span className="export-menu">
      <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} aria-label="export layout" data-export-format>
        {(Object.keys(LABELS) as ExportFormat[]).map((f) => (
          <option key={f} value={f}>
            {LABELS[f]}
          </option>
        ))}
      </select>
      {lms && (
        <input
          value={assignment}
          onChange={(e) => setAssignment(e.target.value)}
          placeholder={format === 'canvas' ? 'Canvas column, e.g. HW 1 (4757)' : 'Moodle grade item'}
          title={format === 'canvas' ? "The assignment's column as Canvas's own export names it, <name> (<id>); empty: the notebook's title, which Canvas makes a new assignment" : "The grade item's name; empty: the notebook's title"}
          aria-label={`assignment name in ${format === 'canvas' ? 'Canvas' : 'Moodle'}`}
          data-export-assignment
        />
      )}
      <button type="button" data-action="export-csv" onClick={exportGrades} disabled={disabled} title={disabled ? 'Wait until every code cell has been run again' : undefined}>
        Export CSV
      </button>
      {leftOut && (
        <span className="muted" role="note" data-export-left-out>
          {leftOut}
        </span>
      )}
      {decisions.length > 0 && (
        <button type="button" className="link-button" data-action="export-decisions" onClick={() => downloadText(`${nb.id}-decisions.json`, JSON.stringify({ notebookId: nb.id, decisions }, null, 2))}>
          Export accepted answers ({decisions.length})
        </button>
      )}
    </span>
  );
}
