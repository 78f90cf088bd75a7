/**
 * A course's functions.js exports as key functions. Kept apart from keyFunctions.ts (which brings
 * every core module) so the app shell can register them without loading the key functions: those
 * load with the notebook page, after the shell has registered the course's.
 */
export type KeyFunction = (...args: never[]) => unknown;

/** What the course registered; keyFunctions.ts adds these to the built-in ones when it loads. */
export const courseFunctions: Record<string, KeyFunction> = {};

/**
 * The callable named exports of a course's functions.js. Keys reach them only by name through
 * mathjs's interpreter (a function in the scope), as they reach the built-in ones.
 */
export function courseKeyFunctions(exports: Record<string, unknown>): Record<string, KeyFunction> {
  return Object.fromEntries(
    Object.entries(exports).filter((e): e is [string, KeyFunction] => e[0] !== 'default' && typeof e[1] === 'function'),
  );
}
