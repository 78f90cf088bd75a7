import { useMemo, useRef, useState } from 'react';
import { choiceKeyIds } from '../../grading/choiceKey';
import { describeCredit } from '../../grading/matrixCredit';
import type { AnswerSpec } from '../../grading/types';
import type { PartState } from '../../notebook/answers';
import { placeholderFor } from '../../notebook/placeholder';
import type { AnswerCell, Notebook, ParamValues } from '../../notebook/types';
import { loadEngine, useEngine, type Engine } from '../engine';
import { Markdown } from '../Markdown';
import { messageAfterLabel } from '../../grading/verdictWords';
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

function specOf(engine: Engine, part: AnswerCell, params: ParamValues): { spec: AnswerSpec | null; error: string | null } {
  try {
    return { spec: engine.answerSpecFor(part, params), error: null };
  } catch (e) {
    return { spec: null, error: e instanceof engine.KeyError ? e.message : String(e) };
  }
}

/** The part's key for this variant: null (and no error) until the expression engine has loaded. */
function useSpec(engine: Engine | null, part: AnswerCell, params: ParamValues, exam: boolean): { spec: AnswerSpec | null; error: string | null } {
  return useMemo(() => (exam || !engine ? { spec: null, error: null } : specOf(engine, part, params)), [engine, part, params, exam]);
}

const VERDICT_LABEL = { correct: '✓ Correct', incorrect: '✗ Not yet', invalid: '⚠ Cannot read that' } as const;

/** Something a student wrote, not blank space or a lone punctuation mark. */
const isAttempt = (text: string) => /[\p{L}\p{N}$\\]/u.test(text);

export function AnswerPart({ part, params, state, highlighted, link, onChange, checking = 'live', attempts }: Props) {
  const exam = checking === 'after-submission';
  const engine = useEngine();
  const { spec, error } = useSpec(engine, part, params, exam);
  const input = state?.input ?? '';
  // A Check pressed before the checker has loaded waits for it and then checks what is in the box.
  const [waiting, setWaiting] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const latestInput = useRef(input);
  latestInput.current = input;
  const [submitted, setSubmitted] = useState(Boolean(state?.checkedAt) && isAttempt(input));
  const [needsText, setNeedsText] = useState(false);
  const setInput = (value: string) => {
    setNeedsText(false);
    onChange(editedInput(value));
  };
  const used = state?.attempts ?? 0;
  const left = attempts === undefined ? null : Math.max(0, attempts - used);
  const checkWith = (eng: Engine, input: string) => {
    if (exam) {
      const formError = eng.answerFormError(part.answerKind, input, part.variables.map((v) => v.name));
      onChange(formError ? { verdict: 'invalid', message: formError, checkedAt: undefined } : { verdict: undefined, message: undefined, checkedAt: new Date().toISOString() });
      return;
    }
    const { spec } = specOf(eng, part, params);
    if (!spec || left === 0) return;
    const r = eng.checkAnswer(spec, input);
    // An answer that cannot be read costs no attempt: only a real check of the value counts.
    const counted = left !== null && r.verdict !== 'invalid' ? { attempts: used + 1 } : {};
    onChange({ verdict: r.verdict, message: r.message, score: r.score, checkedAt: new Date().toISOString(), ...counted });
  };
  const check = () => {
    if (engine) return checkWith(engine, input);
    if (waiting) return;
    setWaiting(true);
    setLoadError(null);
    loadEngine().then(
      (eng) => {
        setWaiting(false);
        checkWith(eng, latestInput.current);
      },
      (e) => {
        setWaiting(false);
        setLoadError(`The checker could not be loaded (${(e as Error).message}). Your answer is saved; press ${exam ? 'Save' : 'Check'} again.`);
      },
    );
  };
  // The reference answer is the reward for an attempt: an empty Submit asks for one instead.
  const submitText = () => {
    if (!isAttempt(input)) return setNeedsText(true);
    onChange({ checkedAt: new Date().toISOString() });
    setSubmitted(true);
  };
  // Recomputed, not saved: which matrix entries are off, to mark them in the grid.
  const wrongEntries = useMemo(
    () => (engine && spec?.kind === 'matrix' && state?.verdict === 'incorrect' ? (engine.checkAnswer(spec, input).wrongEntries ?? []) : []),
    [engine, spec, state?.verdict, input],
  );
  const placeholder = placeholderFor(part);

  let field;
  switch (part.answerKind) {
    case 'choice':
      field = <ChoiceInput part={part} params={params} value={input} multiple={exam ? 'multiple' in part.attributes : choiceKeyIds(part.key ?? '').length !== 1} onChange={setInput} />;
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
          <button type="button" data-action="check" onClick={check} aria-busy={waiting || undefined}>
            Save
          </button>
        ) : (
          <button type="button" data-action="check" onClick={check} disabled={Boolean(error) || (Boolean(engine) && !spec) || left === 0} aria-busy={waiting || undefined}>
            Check
          </button>
        )}
        {left !== null && part.answerKind !== 'text' && !exam && (
          <span className="attempts muted" data-attempts-left={left}>
            {left === 0 ? `no checks left (${attempts} used)` : `${left} of ${attempts} checks left`}
          </span>
        )}
      </div>
      {loadError && (
        <p className="verdict invalid" role="alert" data-checker-error>
          {loadError}
        </p>
      )}
      <VerdictRegion announceKey={waiting ? 'waiting' : needsText ? 'needs-text' : state?.checkedAt}>
        {waiting && (
          <p className="verdict pending muted" data-checker-loading>
            Loading the checker…
          </p>
        )}
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
