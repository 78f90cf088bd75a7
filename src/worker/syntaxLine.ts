/** Where code fails to parse, for messages that name a line (code cells and live cells). */
import { parser } from '@lezer/javascript';

const tsParser = parser.configure({ dialect: 'ts' });

/** First line with a parse error, from the same grammar (TypeScript dialect) the editor highlights with. */
export function syntaxErrorLine(code: string): number | null {
  let at = -1;
  tsParser.parse(code).iterate({
    enter(node) {
      if (at < 0 && node.type.isError) at = node.from;
      return at < 0;
    },
  });
  return at < 0 ? null : code.slice(0, at).split('\n').length;
}
