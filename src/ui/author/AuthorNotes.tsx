import { assets } from 'virtual:gradbook-course';
import { formatLint, lintNotebook, type LintMessage } from '../../grading/lint';
import { keyRows, keyText } from '../../grading/keyTable';
import type { AnswerCell, Notebook, ParamValues } from '../../notebook/types';
import { notebookSource } from '../notebookSources';
import { widgets } from '../widgets/registry';

const SAMPLE_SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

// A notebook's lint runs once per page load (the page reloads when the file changes).
const lintCache = new Map<string, LintMessage[]>();

function lintOf(nb: Notebook): LintMessage[] {
  let messages = lintCache.get(nb.file);
  if (!messages) {
    messages = lintNotebook(notebookSource(nb.file) ?? '', nb.file, { assets, widgetNames: Object.keys(widgets) });
    lintCache.set(nb.file, messages);
  }
  return messages;
}

/** The messages about cell `index`: from its first line up to the next cell's (front matter goes to the first cell). */
function messagesAt(nb: Notebook, index: number): LintMessage[] {
  const from = index === 0 ? 0 : nb.cells[index].line;
  const to = nb.cells[index + 1]?.line ?? Infinity;
  return lintOf(nb).filter((m) => m.line >= from && m.line < to);
}

function describeParams(params: ParamValues): string {
  return Object.entries(params).map(([k, v]) => `${k}=${v}`).join(', ') || '(no parameters)';
}

function KeyPreview({ notebook: nb, part, params }: { notebook: Notebook; part: AnswerCell; params: ParamValues }) {
  const rows = keyRows(nb, SAMPLE_SEEDS);
  return (
    <details className="author-key" data-author-key={part.id}>
      <summary>
        Key for this variant: <code data-author-key-value>{keyText(part, params)}</code>
      </summary>
      <p>
        Expression <code>{part.key}</code> at {describeParams(params)}
      </p>
      <table className="author-seeds">
        <caption>Sample seeds</caption>
        <thead>
          <tr>
            <th>seed</th>
            <th>parameters</th>
            <th>key</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.seed ?? 'default'}>
              <td>{r.seed ?? 'default'}</td>
              <td>{describeParams(r.params)}</td>
              <td>
                <code>{r.keys.find((k) => k.part === part.id)?.key}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

export default function AuthorNotes({ notebook: nb, index, params }: { notebook: Notebook; index: number; params: ParamValues }) {
  const cell = nb.cells[index];
  const messages = messagesAt(nb, index);
  const part = cell.kind === 'answer' && cell.answerKind !== 'text' ? cell : null;
  if (!part && messages.length === 0) return null;
  return (
    <aside className="author-notes" data-author-preview={cell.kind === 'prose' ? '' : cell.id ?? ''}>
      <span className="author-label">author only</span>
      {messages.length > 0 && (
        <ul className="author-lint" data-author-lint>
          {messages.map((m) => (
            <li key={`${m.line}:${m.message}`}>{formatLint(m)}</li>
          ))}
        </ul>
      )}
      {part && <KeyPreview notebook={nb} part={part} params={params} />}
    </aside>
  );
}
