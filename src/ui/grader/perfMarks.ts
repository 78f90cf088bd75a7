/**
 * performance.measure entries named "grade:<step>" around grader mode's steps (reading, parsing,
 * grading, statistics, grouping, React's render and the paint after it), so the DevTools timeline
 * and scripts/bench-grade-page.mjs can say where the time of showing a class goes. A measure costs
 * microseconds; a browser without User Timing level 3 simply records nothing.
 */
const STEPS = ['read', 'parse', 'grade', 'decisions', 'points', 'statistics', 'groups', 'render', 'paint'];
let recorded = 0;

/** Records `grade:<name>` from `start` until now. */
export function measureSince(name: string, start: number): void {
  try {
    // The browser keeps every measure: a long grading session (a render per keystroke) starts over now and then.
    if (++recorded > 5000) {
      recorded = 0;
      for (const step of STEPS) performance.clearMeasures(`grade:${step}`);
    }
    performance.measure(`grade:${name}`, { start, end: performance.now() });
  } catch {
    // Older User Timing: no breakdown, nothing else changes.
  }
}

/** `fn()`, measured as `grade:<name>`. */
export function timed<T>(name: string, fn: () => T): T {
  const start = performance.now();
  try {
    return fn();
  } finally {
    measureSince(name, start);
  }
}

/** A promise, measured from now until it settles. */
export function timedAsync<T>(name: string, p: Promise<T>): Promise<T> {
  const start = performance.now();
  return p.finally(() => measureSince(name, start));
}

/** Ends `grade:paint` once the frame after a commit has been drawn (a task after the next animation frame). */
export function measurePaint(start: number): void {
  requestAnimationFrame(() => setTimeout(() => measureSince('paint', start), 0));
}

