import { parseChoiceInput } from '../../grading/checkChoice';
import type { AnswerCell, ParamValues } from '../../notebook/types';
import { Markdown } from '../Markdown';

interface Props {
  part: AnswerCell;
  params: ParamValues;
  value: string;
  multiple: boolean;
  onChange: (v: string) => void;
}

/** Radio buttons for one answer, checkboxes for several; the stored input is the ids, e.g. "a,c". */
export function ChoiceInput({ part, params, value, multiple, onChange }: Props) {
  const chosen = new Set(parseChoiceInput(value));
  const toggle = (id: string) => {
    if (!multiple) return onChange(id);
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onChange(part.options.map((o) => o.id).filter((o) => next.has(o)).join(','));
  };
  return (
    <fieldset className="choices" data-answer-input>
      <legend className="muted">{multiple ? 'Choose all that apply' : 'Choose one'}</legend>
      {part.options.map((o) => (
        <label key={o.id} className="choice">
          <input type={multiple ? 'checkbox' : 'radio'} name={`choice-${part.id}`} value={o.id} checked={chosen.has(o.id)} onChange={() => toggle(o.id)} />
          <span className="choice-id">({o.id})</span>
          <Markdown source={o.label} params={params} className="choice-label" />
        </label>
      ))}
    </fieldset>
  );
}
