/**
 * Words for inputs that cannot be read. A message quotes at most a short excerpt of what was typed,
 * so a pasted page is not echoed back, and never passes a parser's own error text on to a student.
 */

const EXCERPT = 30;

/** What the student typed, in quotes, cut to a short excerpt (with its length) when it is long. */
export function quote(raw: string): string {
  const t = raw.trim().replace(/\s+/g, ' ');
  if (t.length <= EXCERPT) return `"${t}"`;
  return `"${t.slice(0, EXCERPT - 6)}…" (${t.length.toLocaleString('en-US')} characters)`;
}

/** Why mathjs could not parse `text`, as the end of a sentence ("... is not a number: <this>."). */
export function syntaxProblem(error: unknown, text: string): string {
  if (/[{}]/.test(text)) return 'curly braces { } are not used in answers (was something pasted by mistake?)';
  const message = error instanceof Error ? error.message : '';
  const at = /\(char (\d+)\)/.exec(message);
  // mathjs counts characters from 1; one past the end means the text stopped early.
  const position = at ? Number(at[1]) : null;
  if (position === null) return 'it is not written the way this page reads maths';
  if (position > text.length) return 'it stops too early: a number or a closing bracket is missing at the end';
  const shown = text.slice(position - 1, position + 7);
  return `it cannot be read from character ${position} on (${quote(shown)})`;
}
