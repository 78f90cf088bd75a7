// Runs students' code cells for the batch grading command: each run in a fresh child process,
// never reused, that can do nothing but compute and answer. Threat model: src/grading/README.md.
//
// - The child runs one bundled script (scripts/code-sandbox-child.mjs with the checks and SES):
//   the student's code is evaluated in an SES Compartment, where no host object exists; the
//   trusted checks call its functions and alone write the answer.
// - Node's permission model: reading only that script; no file writes, child processes, workers,
//   addons or WASI. An empty environment.
// - A new network namespace (`unshare -rn`, no interfaces) where the OS allows it.
// - Memory: V8's heap capped by --max-old-space-size, and the whole address space (ArrayBuffers
//   live outside the heap) by `prlimit --as`; a watchdog here kills a child whose resident memory
//   passes the cap all the same (and is the cap where prlimit is missing).
// - Time and output: this process kills the child (SIGKILL) at the time limit, counted from when
//   the child says it is ready, and when it prints more than a few KB. Where /proc exists the
//   limit is the child's CPU time, so that a grader's busy machine does not fail honest code
//   (a blocked child still meets a wall-clock limit of three times that, plus 5 s).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** V8's heap for one run (the student's data, the checks' inputs). */
export const HEAP_MB = 1024;
/** Address space of one run: Node itself reserves about 0.8 GB; the rest is the heap and ArrayBuffers. */
const ADDRESS_SPACE_MB = 2048;
/** Resident memory past which the watchdog kills a run. */
export const RSS_LIMIT_MB = 1536;
const WATCH_MS = 100;
/** Starting Node and locking the realm down takes about 0.1 s; a busy machine may take far longer. */
const STARTUP_LIMIT_MS = 30_000;
/** The answer is a few KB of JSON; more than this is not an answer. */
const MAX_STDOUT = 256 * 1024;
const MAX_STDERR = 16 * 1024;
const READY = 'ready';

/** Bundles the child's script with the checks and SES into one self-contained ES module; returns its path. */
export async function buildSandbox(root, outDir) {
  const { build } = await import('vite');
  await build({
    root,
    configFile: false,
    logLevel: 'error',
    publicDir: false,
    ssr: { noExternal: true, target: 'node' },
    build: {
      ssr: join(root, 'scripts/code-sandbox-child.mjs'),
      outDir,
      emptyOutDir: false,
      minify: false,
      copyPublicDir: false,
      rollupOptions: { output: { entryFileNames: 'code-sandbox.mjs' } },
    },
  });
  return join(outDir, 'code-sandbox.mjs');
}

const which = (name) => ['/usr/bin', '/bin', '/usr/sbin', '/sbin'].map((d) => join(d, name)).find((p) => existsSync(p)) ?? null;
const works = (cmd, args) => spawnSync(cmd, args, { stdio: 'ignore', env: {}, timeout: 20_000 }).status === 0;

/**
 * What this machine offers, found once: the permission flag this Node accepts (`--permission`
 * from Node 22.13, `--experimental-permission` before), and whether `unshare -rn` and `prlimit`
 * work here. `notes` says what could not be isolated; grading goes on without it.
 */
export function detectIsolation() {
  const node = process.execPath;
  const permission = ['--permission', '--experimental-permission'].find((flag) => works(node, [flag, '-e', '0']));
  if (!permission) throw new Error(`this Node (${process.version}) has no permission model; grading code needs Node 20 or newer`);
  const notes = [];
  const unshareBin = which('unshare');
  const unshare = unshareBin && works(unshareBin, ['-rn', node, '-e', '0']) ? unshareBin : null;
  if (!unshare) notes.push('the network is not isolated for students\' code (`unshare -rn` does not work on this machine); Node\'s permission model still denies files, processes and workers');
  const prlimitBin = which('prlimit');
  const prlimit = prlimitBin && works(prlimitBin, [`--as=${ADDRESS_SPACE_MB * 2 ** 20}`, node, '-e', '0']) ? prlimitBin : null;
  if (!prlimit) notes.push(`memory is capped by a watchdog only (no working \`prlimit\`): a run is killed once it holds ${RSS_LIMIT_MB} MB`);
  return { node, permission, unshare, prlimit, notes };
}

/** The command line of one run. */
function commandLine(isolation, bundle) {
  const nodeArgs = [isolation.permission, `--allow-fs-read=${bundle}`, `--max-old-space-size=${HEAP_MB}`, '--no-warnings', bundle];
  let argv = [isolation.node, ...nodeArgs];
  if (isolation.prlimit) argv = [isolation.prlimit, `--as=${ADDRESS_SPACE_MB * 2 ** 20}`, ...argv];
  if (isolation.unshare) argv = [isolation.unshare, '-rn', ...argv];
  return argv;
}

const stopped = (error) => ({ ok: false, kind: 'runtime', error, line: null });
const OUT_OF_MEMORY = `stopped: ran out of memory (a run may use ${HEAP_MB.toLocaleString('en-US')} MB)`;

function residentMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Clock ticks a second in /proc/<pid>/stat (100 on every Linux build that matters). */
const TICKS = 100;

/** CPU seconds the process has used (user + system), or null without /proc. */
function cpuSeconds(pid) {
  try {
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return null;
  }
}

const KINDS = new Set(['syntax', 'runtime', 'setup']);

/** The child's answer, if it is one: trusted code wrote it, but a child cut short writes half a line. */
function parseAnswer(line) {
  let a;
  try {
    a = JSON.parse(line);
  } catch {
    return null;
  }
  if (a?.ok === true && Array.isArray(a.report?.rows) && typeof a.report.passed === 'number' && typeof a.report.total === 'number') return a;
  if (a?.ok === false && typeof a.error === 'string' && KINDS.has(a.kind) && (a.line === null || Number.isInteger(a.line))) return a;
  return null;
}

/** One run in a fresh child; resolves with its outcome, whatever the child does. */
function runOnce(sandbox, job, timeoutOutcome) {
  return new Promise((resolve) => {
    const [cmd, ...args] = commandLine(sandbox.isolation, sandbox.bundle);
    const child = spawn(cmd, args, { env: {}, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let verdict = null;
    let timer = null;
    let watchdog = null;
    const finish = (outcome) => {
      verdict ??= outcome;
    };
    const kill = (outcome) => {
      finish(outcome);
      child.kill('SIGKILL');
    };
    const arm = (ms, outcome) => {
      clearTimeout(timer);
      timer = setTimeout(() => kill(outcome), ms);
    };
    arm(STARTUP_LIMIT_MS, stopped(`the code runner did not start within ${STARTUP_LIMIT_MS / 1000} s`));
    const hasProc = Boolean(child.pid) && existsSync(`/proc/${child.pid}`);
    let cpuAtReady = null;
    if (hasProc) {
      watchdog = setInterval(() => {
        if (residentMb(child.pid) > RSS_LIMIT_MB) return kill(OUT_OF_MEMORY_OUTCOME);
        const cpu = cpuAtReady === null ? null : cpuSeconds(child.pid);
        if (cpu !== null && cpu - cpuAtReady > job.timeLimitS) kill(timeoutOutcome(job.timeLimitS));
      }, WATCH_MS);
    }
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      if (verdict) return;
      stdout += chunk;
      if (stdout.length > MAX_STDOUT) return kill(stopped(`stopped: the code runner printed more than ${MAX_STDOUT / 1024} KB`));
      // The time limit counts the student's run, not the start of Node.
      if (stdout.startsWith(`${READY}\n`) && timer && !child.started) {
        child.started = true;
        cpuAtReady = hasProc ? cpuSeconds(child.pid) : null;
        arm(cpuAtReady === null ? job.timeLimitS * 1000 : job.timeLimitS * 3000 + 5000, timeoutOutcome(job.timeLimitS));
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      if (verdict) return;
      stderr += chunk;
      if (stderr.length > MAX_STDERR) kill(stopped(`stopped: the code runner printed more than ${MAX_STDERR / 1024} KB of errors`));
    });
    child.stdin.on('error', () => {}); // a child that died early closes its stdin; the exit says why
    child.stdin.end(JSON.stringify({ task: job.task, code: job.code, seed: job.seed, extra: job.extra }));
    child.on('error', (e) => kill(stopped(`the code runner could not be started (${e.message})`)));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearInterval(watchdog);
      const lines = stdout.split('\n');
      const answer = code === 0 && lines[0] === READY && lines.length === 3 && lines[2] === '' ? parseAnswer(lines[1]) : null;
      if (answer && !verdict) return resolve(answer);
      if (verdict) return resolve(verdict);
      if (/out of memory|allocation failed/i.test(stderr)) return resolve(OUT_OF_MEMORY_OUTCOME);
      const why = signal ? `signal ${signal}` : `exit code ${code}`;
      const first = stderr.split('\n').find((l) => l.trim())?.slice(0, 200);
      resolve(stopped(`the code runner stopped without an answer (${why})${first ? `: ${first}` : ''}`));
    });
  });
}

const OUT_OF_MEMORY_OUTCOME = stopped(OUT_OF_MEMORY);

/**
 * A runner: `run(job)` resolves with the outcome the page's worker would give, or
 * `timeoutOutcome(job.timeLimitS)` past the time limit, or a message saying why the run was
 * stopped. One run at a time per runner (each in its own process).
 */
export function createSandboxRunner(sandbox, timeoutOutcome) {
  let queue = Promise.resolve();
  return {
    run(job) {
      const p = queue.then(() => runOnce(sandbox, job, timeoutOutcome));
      queue = p;
      return p;
    },
    /** Waits for the run in progress; nothing outlives a run. */
    async close() {
      await queue;
    },
  };
}
