/** What a caught value says: an Error's message, anything else as text (code can throw a string or a number). */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
