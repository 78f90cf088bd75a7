// The main script of one code run's child process (scripts/code-sandbox.mjs starts it, bundled
// with src/worker/codeSandboxEntry.ts into one file). Protocol on stdout, written by this trusted
// code only: "ready" once SES has locked the realm down (the parent's time limit starts there),
// then one line of JSON, the run's answer. It exits at once after that, inside the same
// synchronous turn, so no promise job the student's code queued ever runs.
import { readFileSync, writeSync } from 'node:fs';
import { lockdownRealm, runIsolated } from '../src/worker/codeSandboxEntry';

function send(text) {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; ) at += writeSync(1, bytes, at);
}

lockdownRealm();
send('ready\n');
let answer;
try {
  answer = runIsolated(readFileSync(0, 'utf8'));
} catch (e) {
  // runIsolated catches the student's exceptions itself; this is the runner failing.
  answer = JSON.stringify({ ok: false, kind: 'setup', error: `the code runner failed: ${e instanceof Error ? e.message : 'unknown error'}`, line: null });
}
send(`${answer}\n`);
process.exit(0);
