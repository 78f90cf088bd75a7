/** What a caught value says: an Error's message, anything else as text (code can throw a string or a number). */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Longest description of a thrown value kept: a student's message can be megabytes. */
const MAX_DESCRIPTION = 500;

/**
 * What a value thrown by the student's code says, as "Name: message". Never throws and never
 * trusts the value: a Proxy whose traps throw, a getter on `message`, `throw undefined` or an
 * object whose toString throws all end as a plain sentence.
 */
export function describeThrown(e: unknown): string {
  let text: string;
  try {
    if (e === undefined || e === null) text = `the code threw ${String(e)} (not an Error)`;
    else if (typeof e !== 'object' && typeof e !== 'function') text = `the code threw ${typeof e === 'string' ? JSON.stringify(e) : String(e)} (not an Error)`;
    else if (e instanceof Error) {
      const name: unknown = e.name;
      const message: unknown = e.message;
      text = `${typeof name === 'string' ? name : 'Error'}: ${typeof message === 'string' ? message : '(no message)'}`;
    } else text = 'the code threw an object that is not an Error';
  } catch {
    text = 'the code threw a value that cannot be read (its traps or getters throw)';
  }
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION)}… (${text.length} characters)` : text;
}
