import { useMemo, useState } from 'react';
import { checkAnswer } from '../../grading';
import { answerFormError } from '../../grading/answerForm';
import { describeCredit } from '../../grading/checkMatrix';
import { answerSpecFor, KeyError } from '../../grading/partSpec';
import type { AnswerSpec } from '../../grading/types';
import type { PartState } from '../../notebook/answers';
import { placeholderFor } from '../../notebook/placeholder';
import type { AnswerCell, Notebook, ParamValues } from '../../notebook/types';
import { Markdown } from '../Markdown';
import { messageAfterLabel } from '../verdictWords';
import { ChoiceInput } from './ChoiceInput';
import { ExpressionInput } from './ExpressionInput';
import { MatrixInput } from './MatrixInput';
import { editedInput, PartHeader } from './PartHeader';
import { TextInput } from './TextInput';
import { VerdictRegion } from '../a11y/VerdictRegion';

interface Props {
  part: AnswerCell;
  params: ParamValues;
  state: PartState | undefined;
  highlighted: boolean;
  link: string;
  onChange: (patch: Partial<PartState>) => void;
  /** `after-submission` (an exam): answers are checked for form and saved, never against a key. */
  checking?: Notebook['checking'];
  /** Check presses allowed for this part (unlimited when absent). */
  attempts?: number;
}

function useSpec(part: AnswerCell, params: ParamValues, exam: boolean): { spec: AnswerSpec | null; error: string | null } {
  return useMemo(() => {
    if (exam) return { spec: null, error: null };
    try {
      return { spec: answerSpecFor(part, params), error: null };
    } catch (e) {
      return { spec: null, error: e instanceof KeyError ? e.message : String(e) };
    }
  }, [part, params, exam]);
}

const VERDICT_LABEL = { correct: '✓ Correct', incorrect: '✗ Not yet', invalid: '⚠ Cannot read that' } as const;

/** Something a student wrote, not blank space or a lone punctuation mark. */
const isAttempt = (text: string) => /[\p{L}\p{N}$\\]/u.test(text);

export function AnswerPart({ part, params, state, highlighted, link, onChange, checking = 'live', attempts }: Props) {
  const exam = checking === 'after-submission';
  const { spec, error } = useSpec(part, params, exam);
  const input = state?.input ?? '';
  const [submitted, setSubmitted] = useState(Boolean(state?.checkedAt) && isAttempt(input));
  const [needsText, setNeedsText] = useState(false);
  const setInput = (value: string) => {
    setNeedsText(false);
    onChange(editedInput(value));
  };
  const used = state?.attempts ?? 0;
  const left = attempts === undefined ? null : Math.max(0, attempts - used);
  const check = () => {
    if (exam) {
      const formError = answerFormError(part.answerKind, input, part.variables.map((v) => v.name));
      onChange(formError ? { verdict: 'invalid', message: formError, checkedAt: undefined } : { verdict: undefined, message: undefined, checkedAt: new Date().toISOString() });
      return;
    }
    if (!spec || left === 0) return;
    const r = checkAnswer(spec, input);
    // An answer that cannot be read costs no attempt: only a real check of the value counts.
    const counted = left !== null && r.verdict !== 'invalid' ? { attempts: used + 1 } : {};
    onChange({ verdict: r.verdict, message: r.message, score: r.score, checkedAt: new Date().toISOString(), ...counted });
  };
  // The reference answer is the reward for an attempt: an empty Submit asks for one instead.
  const submitText = () => {
    if (!isAttempt(input)) return setNeedsText(true);
    onChange({ checkedAt: new Date().toISOString() });
    setSubmitted(true);
  };
  // Recomputed, not saved: which matrix entries are off, to mark them in the grid.
  const wrongEntries = useMemo(
    () => (spec?.kind === 'matrix' && state?.verdict === 'incorrect' ? (checkAnswer(spec, input).wrongEntries ?? []) : []),
    [spec, state?.verdict, input],
  );
  const placeholder = placeholderFor(part);

  let field;
  switch (part.answerKind) {
    case 'choice':
      field = <ChoiceInput part={part} params={params} value={input} multiple={exam ? 'multiple' in part.attributes : (spec?.key as string[] | undefined)?.length !== 1} onChange={setInput} />;
      break;
    case 'expression':
      field = <ExpressionInput value={input} variables={part.variables.map((v) => v.name)} placeholder={placeholder} onChange={setInput} onEnter={check} />;
      break;
    case 'matrix':
      field = (
        <MatrixInput
          value={input}
          shape={spec?.kind === 'matrix' ? [(spec.key as number[][]).length, (spec.key as number[][])[0].length] : null}
          wrongEntries={wrongEntries}
          placeholder={placeholder}
          onChange={setInput}
        />
      );
      break;
    case 'text':
      field = <TextInput value={input} params={params} placeholder={placeholder} onChange={setInput} />;
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
          placeholder={placeholder}
          onChange={(e) => setInput(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && check()}
        />
      );
  }

  return (
    <section className={`part${highlighted ? ' highlighted' : ''}`} data-part={part.id} id={`part-${part.id}`} aria-label={`part ${part.id}`}>
      <PartHeader id={part.id} points={part.points} link={link} extra={part.matrixCredit && part.partialCredit ? describeCredit(part.matrixCredit) : undefined} />
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
            {state?.checkedAt && isAttempt(input) ? 'Submitted' : 'Submit'}
          </button>
        ) : exam ? (
          <button type="button" data-action="check" onClick={check}>
            Save
          </button>
        ) : (
          <button type="button" data-action="check" onClick={check} disabled={!spec || left === 0}>
            Check
          </button>
        )}
        {left !== null && part.answerKind !== 'text' && !exam && (
          <span className="attempts muted" data-attempts-left={left}>
            {left === 0 ? `no checks left (${attempts} used)` : `${left} of ${attempts} checks left`}
          </span>
        )}
      </div>
      <VerdictRegion announceKey={needsText ? 'needs-text' : state?.checkedAt}>
        {needsText && (
          <p className="verdict invalid" data-needs-text>
            Write your answer first: the reference answer appears once you have submitted one.
          </p>
        )}
        {exam && state?.checkedAt && !state.verdict && (
          <p className="verdict saved" data-saved>
            Saved. Your grader grades this part after you hand in your submission.
          </p>
        )}
        {state?.verdict && (
          <p className={`verdict ${state.verdict}`} data-verdict={state.verdict}>
            <b>{VERDICT_LABEL[state.verdict]}</b> <span data-message>{messageAfterLabel(state.message)}</span>
          </p>
        )}
      </VerdictRegion>
      {part.answerKind === 'text' && submitted && part.reference && (
        <details className="reference" open data-reference>
          <summary>A reference answer</summary>
          <Markdown source={part.reference} params={params} />
        </details>
      )}
    </section>
  );
}
