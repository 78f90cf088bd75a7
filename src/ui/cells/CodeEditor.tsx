/** CodeMirror 6 with JavaScript highlighting; loaded lazily so the first page never ships it. */
import { javascript } from '@codemirror/lang-javascript';
import { syntaxHighlighting } from '@codemirror/language';
import { classHighlighter } from '@lezer/highlight';
import { EditorView, basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';

interface Props {
  initial: string;
  onChange: (code: string) => void;
  /** Bumped to replace the document (e.g. "reset to starter"). */
  resetKey: number;
  label: string;
}

export default function CodeEditor({ initial, onChange, resetKey, label }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const changed = useRef(onChange);
  changed.current = onChange;
  useEffect(() => {
    const view = new EditorView({
      doc: initial,
      parent: host.current!,
      extensions: [
        basicSetup,
        javascript({ typescript: true }),
        // tok-* classes, coloured in styles.css from theme variables, so the code reads in light and dark.
        syntaxHighlighting(classHighlighter),
        // An explicit tabindex lets checkers (axe) see that the scrolling editor holds a focusable element.
        EditorView.contentAttributes.of({ 'aria-label': label, 'data-answer-input': '', tabindex: '0' }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) changed.current(u.state.doc.toString());
        }),
      ],
    });
    return () => view.destroy();
    // The editor owns the text after creation; only a reset replaces it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resetKey]);
  return <div className="code-editor" ref={host} />;
}
