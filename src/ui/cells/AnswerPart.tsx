import { useMemo, useState } from 'react';
import { checkAnswer } from '../../grading';
import { answerSpecFor, KeyError } from '../../grading/partSpec';
import type { AnswerSpec } from '../../grading/types';
import type { PartState } from '../../notebook/answers';
import type { AnswerCell, ParamValues } from '../../notebook/types';
import { Markdown } from '../Markdown';
import { ChoiceInput } from './ChoiceInput';
import { ExpressionInput } from './ExpressionInput';
import { MatrixInput } from './MatrixInput';
import { editedInput, PartHeader } from './PartHeader';
import { TextInput } from './TextInput';

interface Props {
  part: AnswerCell;
  params: ParamValues;
  state: PartState | undefined;
  highlighted: boolean;
  link: string;
  onChange: (patch: Partial<PartState>) => void;
}

function useSpec(part: AnswerCell, params: ParamValues): { spec: AnswerSpec | null; error: string | null } {
  return useMemo(() => {
    try {
      return { spec: answerSpecFor(part, params), error: null };
    } catch (e) {
      return { spec: null, error: e instanceof KeyError ? e.message : String(e) };
    }
  }, [part, params]);
}

export function AnswerPart({ part, params, state, highlighted, link, onChange }: Props) {
  const { spec, error } = useSpec(part, params);
  const input = state?.input ?? '';
  const [submitted, setSubmitted] = useState(Boolean(state?.checkedAt));
  const setInput = (value: string) => onChange(editedInput(value));
  const check = () => {
    if (!spec) return;
    const r = checkAnswer(spec, input);
    onChange({ verdict: r.verdict, message: r.message, score: r.score, checkedAt: new Date().toISOString() });
  };
  const submitText = () => {
    onChange({ checkedAt: new Date().toISOString() });
    setSubmitted(true);
  };

  let field;
  switch (part.answerKind) {
    case 'choice':
      field = <ChoiceInput part={part} params={params} value={input} multiple={(spec?.key as string[] | undefined)?.length !== 1} onChange={setInput} />;
      break;
    case 'expression':
      field = <ExpressionInput value={input} variables={part.variables.map((v) => v.name)} onChange={setInput} onEnter={check} />;
      break;
    case 'matrix':
      field = <MatrixInput value={input} shape={spec?.kind === 'matrix' ? [(spec.key as number[][]).length, (spec.key as number[][])[0].length] : null} onChange={setInput} />;
      break;
    case 'text':
      field = <TextInput value={input} params={params} onChange={setInput} />;
      break;
    default:
      field = (
        <input
          className="answer-input"
          data-answer-input
          aria-label={`answer to part ${part.id}`}
          inputMode="decimal"
          autoComplete="off"
          value={input}
          placeholder="a number, e.g. 1,024 or 1.5e3"
          onChange={(e) => setInput(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && check()}
        />
      );
  }

  return (
    <section className={`part${highlighted ? ' highlighted' : ''}`} data-part={part.id} id={`part-${part.id}`} aria-label={`part ${part.id}`}>
      <PartHeader id={part.id} points={part.points} link={link} />
      <Markdown source={part.prompt} params={params} />
      {error && (
        <p className="cell-error" role="alert">
          This part cannot be checked because its key is broken ({error}). Tell your instructor.
        </p>
      )}
      <div className="answer-row">
        {field}
        {part.answerKind === 'text' ? (
          <button type="button" data-action="submit" onClick={submitText}>
            {state?.checkedAt ? 'Submitted' : 'Submit'}
          </button>
        ) : (
          <button type="button" data-action="check" onClick={check} disabled={!spec}>
            Check
          </button>
        )}
      </div>
      {state?.verdict && (
        <p className={`verdict ${state.verdict}`} data-verdict={state.verdict} role="status">
          <b>{state.verdict === 'correct' ? '✓ Correct' : state.verdict === 'incorrect' ? '✗ Not yet' : '⚠ Cannot read that'}</b>{' '}
          <span data-message>{state.message}</span>
        </p>
      )}
      {part.answerKind === 'text' && submitted && part.reference && (
        <details className="reference" open data-reference>
          <summary>A reference answer</summary>
          <Markdown source={part.reference} params={params} />
        </details>
      )}
    </section>
  );
}
