import { useDeferredValue } from 'react';
import type { ParamValues } from '../../notebook/types';
import { Markdown } from '../Markdown';

/** Free text with Markdown and LaTeX, previewed as the grader will see it. */
export function TextInput({ value, params, placeholder, onChange }: { value: string; params: ParamValues; placeholder: string; onChange: (v: string) => void }) {
  const deferred = useDeferredValue(value);
  return (
    <div className="text-input">
      <textarea
        data-answer-input
        rows={6}
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
      />
      <div className="preview" data-preview>
        {deferred.trim() ? <Markdown source={deferred} params={params} templates={false} /> : <span className="muted">Preview appears here as you type.</span>}
      </div>
    </div>
  );
}
