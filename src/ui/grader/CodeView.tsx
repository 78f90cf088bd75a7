/**
 * A student's code, read-only, highlighted with the JavaScript grammar the editor uses and with
 * line numbers (errors name lines). Static text, so all of it prints. Loaded lazily.
 */
import { classHighlighter, highlightCode } from '@lezer/highlight';
import { parser } from '@lezer/javascript';
import { useMemo } from 'react';

interface Token {
  text: string;
  cls: string;
}

export default function CodeView({ code, errorLine }: { code: string; errorLine?: number | null }) {
  const lines = useMemo(() => {
    const out: Token[][] = [[]];
    highlightCode(
      code,
      parser.parse(code),
      classHighlighter,
      (text, cls) => out[out.length - 1].push({ text, cls }),
      () => out.push([]),
    );
    // A final newline is not a line of its own.
    while (out.length > 1 && out[out.length - 1].length === 0) out.pop();
    return out;
  }, [code]);
  return (
    <pre className="review-code highlighted" data-review-code>
      <code>
        {lines.map((line, i) => (
          <span key={i} className={`code-line${errorLine === i + 1 ? ' error-line' : ''}`}>
            <span className="ln" aria-hidden>
              {i + 1}
            </span>
            <span className="lc">
              {line.map((t, j) => (t.cls ? <span key={j} className={t.cls}>{t.text}</span> : t.text))}
              {'\n'}
            </span>
          </span>
        ))}
      </code>
    </pre>
  );
}
