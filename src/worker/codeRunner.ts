/**
 * Web Worker entry for code cells: compiles the student's code, runs the task's checks and posts
 * back the report. The page terminates this worker when it runs past its time limit.
 */
import { parser } from '@lezer/javascript';
import { runCodeChecks, TASK_FUNCTIONS, isCodeTask, type CheckReport } from '../grading/codeChecks';
import { compileStudentCode, StudentCodeError, studentLine } from './studentCode';

export interface CodeRunRequest {
  task: string;
  code: string;
  seed: number;
}

export type CodeRunResponse =
  | { ok: true; report: CheckReport; ms: number }
  | { ok: false; error: string; line: number | null; kind: 'syntax' | 'runtime' | 'setup' };

/** First line with a parse error, from the same JavaScript grammar the editor highlights with. */
function syntaxErrorLine(code: string): number | null {
  let at = -1;
  parser.parse(code).iterate({
    enter(node) {
      if (at < 0 && node.type.isError) at = node.from;
      return at < 0;
    },
  });
  return at < 0 ? null : code.slice(0, at).split('\n').length;
}

self.onmessage = (event: MessageEvent<CodeRunRequest>) => {
  const { task, code, seed } = event.data;
  let response: CodeRunResponse;
  const start = performance.now();
  try {
    if (!isCodeTask(task)) throw new Error(`unknown task "${task}"`);
    const fns = compileStudentCode(code, TASK_FUNCTIONS[task], syntaxErrorLine);
    // Rows whose exception came from the student's code name its line.
    const report = runCodeChecks(task, fns, seed, (err) => {
      const line = studentLine(err);
      const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      return line === null ? text : `${text} (line ${line})`;
    });
    response = { ok: true, report, ms: performance.now() - start };
  } catch (e) {
    if (e instanceof StudentCodeError) response = { ok: false, error: e.message, line: e.line, kind: e.kind };
    else response = { ok: false, error: e instanceof Error ? e.message : String(e), line: studentLine(e), kind: 'setup' };
  }
  self.postMessage(response);
};
