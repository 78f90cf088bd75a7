// Functions the keys of your notebooks can call by name, e.g. key="ringSends(n)".
// Every named export that is a function becomes a key function, next to GradBook's built-in ones;
// live cells can use every named export (functions and constants) by name too.
// Keys are read by mathjs (never eval), so they can only call what is exported here or built in.

/** Messages each of n workers sends in a ring all-reduce: n - 1 to reduce-scatter, n - 1 to all-gather. */
export function ringSends(n) {
  return 2 * (n - 1);
}

/** The ring's "sends to" matrix: entry (i, j) is 1 when worker i sends to worker j = i + 1 (mod n). */
export function ringNext(n) {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j === (i + 1) % n ? 1 : 0)));
}
