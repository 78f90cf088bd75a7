import { readFileSync } from 'node:fs';
import { checkAnswer } from '../../../src/grading';
import { answerSpecFor } from '../../../src/grading/partSpec';
import { parseNotebook } from '../../../src/notebook/parse';
import { answerParts, type ParamValues } from '../../../src/notebook/types';
import { defaultParams } from '../../../src/notebook/variants';

/** A notebook file parsed, and the verdict its answer key gives an input for one variant's params (default: the notebook's defaults). */
export function loadNotebook(file: string, params?: ParamValues) {
  const nb = parseNotebook(readFileSync(file, 'utf8'), file);
  params ??= defaultParams(nb.params);
  const parts = new Map(answerParts(nb).map((p) => [p.id, p]));
  const verdict = (id: string, input: string): string => {
    const part = parts.get(id);
    if (!part) throw new Error(`no part ${id}`);
    const spec = answerSpecFor(part, params);
    if (!spec) throw new Error(`part ${id} has no spec`);
    return checkAnswer(spec, input).verdict;
  };
  return { nb, parts, verdict };
}
