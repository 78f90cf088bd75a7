import { useMemo, useState } from 'react';
import {
  dropoutClosedForm,
  dropoutExactExpectation,
  drawRegressionProblem,
  monteCarloDropoutLoss,
  type RegressionProblem,
} from '../../core/dropoutTikhonov';
import { Tex } from '../Tex';
import { fmt, McConvergence } from './McConvergence';
import { Slider } from './Slider';
import { attempt, MatrixTex, NewRegressionProblem, num, SampleSelect } from './widgetHelpers';
import type { WidgetProps } from './types';

/** The tiny problem the exact enumeration uses: 3×3 entries = 2^9 = 512 masks. */
const TINY = { n: 3, d: 3 };

interface ExactResult {
  key: string;
  problem: RegressionProblem;
  exact: number;
  closed: number;
  masks: number;
}

/**
 * Problem 2a verifier: E_R||y − (R∘X)w||² for Bernoulli(p) keep masks, by Monte Carlo with a band
 * and, for a tiny X, exactly by enumerating every mask, next to the closed form (4).
 */
export default function DropoutMcWidget({ props }: WidgetProps) {
  const [seed, setSeed] = useState(num(props.seed, 1));
  const [n, setN] = useState(num(props.n, 8));
  const [d, setD] = useState(num(props.d, 4));
  const [p, setP] = useState(num(props.p, 0.7));
  const [samples, setSamples] = useState(num(props.samples, 10000));
  const [exact, setExact] = useState<ExactResult | null>(null);

  const result = useMemo(
    () =>
      attempt(() => {
        const problem = drawRegressionProblem({ n, d, seed: `dropout-${seed}` });
        const closed = dropoutClosedForm(problem.X, problem.y, problem.w, p);
        const estimate = monteCarloDropoutLoss(problem.X, problem.y, problem.w, p, { samples, seed: `dropout-mc-${seed}-${samples}` });
        return { problem, closed, estimate };
      }),
    [seed, n, d, p, samples],
  );

  const exactKey = `${seed}|${p}`;
  const runExact = () => {
    const problem = drawRegressionProblem({ ...TINY, seed: `dropout-tiny-${seed}` });
    const e = dropoutExactExpectation(problem.X, problem.y, problem.w, p);
    setExact({ key: exactKey, problem, exact: e.value, masks: e.masks, closed: dropoutClosedForm(problem.X, problem.y, problem.w, p).total });
  };
  const shownExact = exact && exact.key === exactKey ? exact : null;
  const exactDiff = shownExact ? Math.abs(shownExact.exact - shownExact.closed) : 0;
  const exactEqual = shownExact !== null && exactDiff <= 1e-10 * Math.max(1, shownExact.closed);

  return (
    <div className="mc-widget dropout-mc">
      <div className="sliders">
        <Slider label="keep probability p" name="p" value={p} min={0.05} max={0.95} step={0.05} onChange={setP} />
        <Slider label="rows n" name="n" value={n} min={2} max={12} onChange={setN} />
        <Slider label="features d" name="d" value={d} min={1} max={6} onChange={setD} />
        <SampleSelect value={samples} onChange={setSamples} />
      </div>
      <NewRegressionProblem seed={seed} n={n} d={d} onNew={() => setSeed((s) => s + 1)} />
      {'error' in result ? (
        <p className="cell-error" role="alert">
          {result.error}
        </p>
      ) : (
        <>
          <McConvergence
            estimate={result.estimate}
            closedForm={result.closed.total}
            closedTex={`\\|y-pXw\\|^2 + p(1-p)\\|\\tilde\\Gamma w\\|^2 = ${fmt(result.closed.fit)} + ${fmt(result.closed.penalty)}`}
          />
          <details className="problem-data">
            <summary>Show X, y and w</summary>
            <MatrixTex label="X" rows={result.problem.X} />
            <MatrixTex label="y^\top" rows={[result.problem.y]} />
            <MatrixTex label="w^\top" rows={[result.problem.w]} />
          </details>
        </>
      )}
      <div className="widget-actions">
        <button type="button" data-action="exact" onClick={runExact}>
          Exact for a tiny X
        </button>
        <span className="muted">
          sums the loss over all <Tex tex={`2^{${TINY.n * TINY.d}}`} /> keep masks of a {TINY.n}×{TINY.d} matrix, each weighted by{' '}
          <Tex tex="p^{k}(1-p)^{9-k}" />
        </span>
      </div>
      {shownExact && (
        <div className="exact-result" data-exact-result>
          <MatrixTex label="X" rows={shownExact.problem.X} />
          <table className="numbers">
            <tbody>
              <tr>
                <td>Exact expectation ({shownExact.masks} masks)</td>
                <td className="num" data-exact={shownExact.exact}>
                  {shownExact.exact.toPrecision(15)}
                </td>
              </tr>
              <tr>
                <td>Closed form</td>
                <td className="num" data-exact-closed={shownExact.closed}>
                  {shownExact.closed.toPrecision(15)}
                </td>
              </tr>
              <tr>
                <td>Difference</td>
                <td className="num" data-exact-diff={exactDiff}>
                  {exactDiff.toExponential(1)}
                </td>
              </tr>
            </tbody>
          </table>
          <p data-exact-equal={exactEqual ? 'true' : 'false'}>
            {exactEqual
              ? 'Equal up to rounding: no sampling error, the closed form is the expectation.'
              : 'The exact value and the closed form differ: this should not happen.'}
          </p>
        </div>
      )}
    </div>
  );
}
