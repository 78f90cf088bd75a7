/**
 * What an empty answer box says. A notebook can set it per part (`placeholder="..."`); otherwise it
 * is derived from the part, so that a derivation, an explanation and a number each ask for what the
 * part wants instead of every text box asking for "your derivation".
 */
import type { AnswerCell } from './types';

const TEXT_WANTS: [RegExp, string][] = [
  [/\b(derive|derivation|prove|show that|show how|compute|calculate|work out)\b/i, 'Your derivation, step by step'],
  [/\b(sketch|draw|plot)\b/i, 'Describe what your sketch shows'],
  [/\b(compare|contrast|difference between)\b/i, 'Your comparison, point by point'],
  [/\b(explain|why|describe|interpret|discuss|justify|what happens|what do you (see|observe)|in your own words)\b/i, 'Your explanation, in a few sentences'],
  [/\b(list|name|which)\b/i, 'Your answer, with a sentence on why'],
];

/** The first prompt sentence's request, without Markdown and maths, for the fallback wording. */
function promptText(prompt: string): string {
  return prompt.replace(/\$\$[\s\S]*?\$\$|\$[^$]*\$/g, ' ').replace(/[*_`#>]/g, ' ');
}

export function placeholderFor(part: AnswerCell): string {
  const own = part.attributes.placeholder?.trim();
  if (own) return own;
  switch (part.answerKind) {
    case 'number':
      return 'a number, e.g. 1,024';
    case 'expression': {
      const v = part.variables[0]?.name;
      return v ? `e.g. sqrt(${v})/2` : 'e.g. 2*pi/3';
    }
    case 'matrix':
      return 'or paste rows here, one per line';
    case 'choice':
      return '';
    case 'text': {
      const text = promptText(part.prompt);
      // The request that comes first in the prompt is what it asks for ("Explain why ... compute").
      let want = 'Your answer';
      let at = Infinity;
      for (const [re, words] of TEXT_WANTS) {
        const i = text.search(re);
        if (i >= 0 && i < at) [want, at] = [words, i];
      }
      return `${want}. Markdown and $math$ work.`;
    }
  }
}
