#!/usr/bin/env node
// Benchmark, not a test (npm run bench:grade-page): how long grader mode takes to show a class.
// Builds the app into a fresh temp folder, generates a class with scripts/make-class.mjs (realistic
// mistakes), and in headless Chromium gives the files to `#/grade?nb=hw1` N times, each in a fresh
// browser context, timing from giving the files to
//   (a) table:  the grade table has a row per student,
//   (b) stats:  the statistics table has a row per part and its "most common" column names 4a's top wrong answer,
//   (c) groups: 4a's wrong-answer groups are shown after clicking 4a (clicked the frame (b) is seen).
// The page's own performance.measure entries named "grade:*" (src/ui/grader/perfMarks.ts) give the
// breakdown: reading, parsing, grading, analytics, grouping, React's render and commit.
// Then one JSON line: {"bench":"grade-page","students":200,...,"median_ms":...}.
// Usage: node scripts/bench-grade-page.mjs [--runs 3] [--count 200] [--profile]
//          [--dist dirA,dirB]   prebuilt folders (npx vite build --outDir ...) timed in alternation
//                               instead of a fresh build, to compare two versions in one run.
// --profile records a CPU profile (Chrome DevTools Protocol) of each run and prints the functions
// with the most self time.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumLaunch } from '../tests/browser/chromium.mjs';
import { startPreview } from './preview-server.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const runs = Number(opt('runs', '3'));
const count = Number(opt('count', '200'));
const profile = args.includes('--profile');
const notebook = opt('notebook', 'notebooks/hw1-conv-dropout-graphs.md');
const nbId = opt('nb', 'hw1');
const part = opt('part', '4a');
const temps = [];
process.on('exit', () => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));
const temp = (prefix) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
};

let dists = opt('dist', null)?.split(',');
if (!dists) {
  const outDir = temp('gradbook-bench-build-');
  console.error(`building the app into ${outDir} ...`);
  execFileSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], { stdio: 'inherit' });
  dists = [outDir];
}
const classDir = temp('gradbook-class-');
execFileSync('node', ['scripts/make-class.mjs', '--notebook', notebook, '--count', String(count), '--out', classDir], { stdio: 'inherit' });
const files = readdirSync(classDir).map((f) => join(classDir, f));

const servers = [];
for (const outDir of dists) servers.push({ outDir, ...(await startPreview({ outDir })) });
const browser = await chromium.launch({ ...chromiumLaunch, headless: true });
const loadBefore = loadavg()[0];

/** In the page: watches every frame for (a), (b) and (c), and clicks the part the frame (b) is seen. */
function watch({ count, parts, part }) {
  const w = (window.__gradeBench = { t0: null, table: null, stats: null, clicked: null, groups: null });
  const input = document.querySelector('[data-grader-files]');
  // Capture phase: runs before React's handler, so t0 is the moment the files are given.
  input.addEventListener('change', () => (w.t0 = performance.now()), { capture: true });
  const tick = () => {
    const now = performance.now();
    if (w.t0 !== null) {
      if (w.table === null && document.querySelectorAll('[data-grade-table] tbody tr').length === count) w.table = now;
      if (w.stats === null && document.querySelectorAll('[data-stats-row]').length === parts) {
        const note = document.querySelector(`[data-stats-row="${part}"] [data-stat-note]`)?.textContent ?? '';
        if (note.startsWith('wrong:')) {
          w.stats = now;
          w.clicked = performance.now();
          document.querySelector(`[data-stats-row="${part}"] [data-action="show-part-stats"]`).click();
        }
      }
      if (w.clicked !== null && w.groups === null && document.querySelector(`[data-part-stats="${part}"] [data-wrong-group]`)) w.groups = now;
    }
    if (w.groups === null) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

async function once(server, i) {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${server.base}#/grade?nb=${nbId}`);
    await page.locator('[data-grader]').waitFor({ timeout: 60_000 });
    const parts = await page.evaluate(() => Number(/(\d+) parts/.exec(document.querySelector('.grader-bar .muted')?.textContent ?? '')?.[1]));
    await page.evaluate(watch, { count, parts, part });
    let cdp = null;
    if (profile) {
      cdp = await context.newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    await page.locator('[data-grader-files]').setInputFiles(files);
    await page.waitForFunction(() => window.__gradeBench.groups !== null, null, { timeout: 120_000, polling: 100 });
    const w = await page.evaluate(() => window.__gradeBench);
    const measures = await page.evaluate(() =>
      performance.getEntriesByType('measure').filter((m) => m.name.startsWith('grade:') && m.startTime >= window.__gradeBench.t0).map((m) => ({ name: m.name.slice(6), start: m.startTime - window.__gradeBench.t0, ms: m.duration })),
    );
    let top = null;
    if (cdp) top = topFunctions((await cdp.send('Profiler.stop')).profile);
    return { run: i, build: server.outDir, table: w.table - w.t0, stats: w.stats - w.t0, groups: w.groups - w.t0, clickToGroups: w.groups - w.clicked, measures, top };
  } finally {
    await context.close();
  }
}

/** Self time per function (name, file:line) from a CPU profile, most first. */
function topFunctions(p, n = 15) {
  const self = new Map();
  const dt = new Map(p.nodes.map((x) => [x.id, 0]));
  for (let k = 0; k < p.samples.length; k++) dt.set(p.samples[k], dt.get(p.samples[k]) + (p.timeDeltas[k] ?? 0) / 1000);
  for (const node of p.nodes) {
    const f = node.callFrame;
    const label = `${f.functionName || '(anonymous)'} ${f.url ? `${f.url.split('/').pop()}:${f.lineNumber + 1}` : ''}`.trim();
    self.set(label, (self.get(label) ?? 0) + dt.get(node.id));
  }
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, n);
}

const results = [];
try {
  for (let i = 0; i < runs; i++) {
    for (const server of servers) {
      const r = await once(server, i + 1);
      results.push(r);
      const sum = (name) => r.measures.filter((m) => m.name === name).reduce((t, m) => t + m.ms, 0);
      const names = [...new Set(r.measures.map((m) => m.name))];
      console.log(
        `run ${r.run}${servers.length > 1 ? ` [${server.outDir}]` : ''}: table ${r.table.toFixed(0)} ms, stats ${r.stats.toFixed(0)} ms, groups ${r.groups.toFixed(0)} ms (click to groups ${r.clickToGroups.toFixed(0)} ms)`,
      );
      if (names.length) console.log(`  in the page: ${names.map((n) => `${n} ${sum(n).toFixed(0)}${r.measures.filter((m) => m.name === n).length > 1 ? `×${r.measures.filter((m) => m.name === n).length}` : ''}`).join(', ')} (ms, ×count when repeated)`);
      if (r.top) for (const [label, ms] of r.top) console.log(`    ${ms.toFixed(0).padStart(6)} ms  ${label}`);
    }
  }
} finally {
  await browser.close();
  for (const s of servers) s.stop();
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const loadAfter = loadavg()[0];
console.log(`\n${count} submissions of ${nbId}, ${runs} runs each; ${cpus().length} cores; load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`);
for (const s of servers) {
  const mine = results.filter((r) => r.build === s.outDir);
  const med = (k) => Math.round(median(mine.map((r) => r[k])));
  const line = { bench: 'grade-page', students: count, runs: mine.length, table_ms: med('table'), stats_ms: med('stats'), groups_ms: med('groups'), click_to_groups_ms: med('clickToGroups'), median_ms: med('groups'), load: [Number(loadBefore.toFixed(2)), Number(loadAfter.toFixed(2))] };
  if (servers.length > 1) line.build = s.outDir;
  console.log(JSON.stringify(line));
}
