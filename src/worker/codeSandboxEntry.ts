/**
 * The batch grading command's code runner, bundled as one plain script (no imports) and run inside
 * a bare Node vm context in a worker thread (scripts/code-sandbox.mjs): only JSON text goes in and
 * comes out, so the student's code sees no `process`, `require` or host object.
 */
import { handleCodeRun } from './codeRunCore';

export function run(requestJson: string): string {
  return JSON.stringify(handleCodeRun(JSON.parse(requestJson), { lockdown: true }));
}
