/**
 * A checker's message after the verdict label that already says its first words: "✓ Correct" and
 * "Correct." would read "✓ Correct Correct.", "✎ To grade by hand" and "Graded by hand." likewise.
 * The checkers keep their full messages (the CSV and outside checks read them alone).
 */
const SAID_BY_LABEL = /^(correct|not correct yet|graded by hand|no answer)\s*[.:]?\s*/i;

export function messageAfterLabel(message: string | undefined): string {
  return (message ?? '').replace(SAID_BY_LABEL, '').replace(/^./, (c) => c.toUpperCase());
}
