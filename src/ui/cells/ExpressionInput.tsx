import { useMemo } from 'react';
import { useEngine } from '../engine';
import { Tex } from '../Tex';

interface Props {
  value: string;
  variables: string[];
  placeholder: string;
  onChange: (v: string) => void;
  onEnter: () => void;
}

/** A one-line expression with a live KaTeX preview of how it was read. */
export function ExpressionInput({ value, variables, placeholder, onChange, onEnter }: Props) {
  const engine = useEngine();
  const preview = useMemo(() => (value.trim() && engine ? engine.parseStudentExpression(value, variables) : null), [value, variables, engine]);
  return (
    <div className="expression-input">
      <input
        className="answer-input"
        data-answer-input
        autoComplete="off"
        spellCheck={false}
        value={value}
        placeholder={placeholder}
        aria-label={`an expression in ${variables.join(', ') || 'numbers'}`}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && onEnter()}
      />
      <div className="preview" data-preview aria-live="polite">
        {preview === null ? (
          <span className="muted">{value.trim() ? 'Loading the preview…' : 'Preview appears here as you type.'}</span>
        ) : preview.ok ? (
          <Tex tex={engine!.expressionToTex(preview.value)} />
        ) : (
          <span className="preview-error">{preview.message}</span>
        )}
      </div>
    </div>
  );
}
