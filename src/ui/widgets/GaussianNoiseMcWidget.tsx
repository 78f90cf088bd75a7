import { useMemo, useState } from 'react';
import { drawRegressionProblem } from '../../core/dropoutTikhonov';
import { CHOICES_A, CHOICES_B, CORRECT_CHOICES, gaussianNoiseClosedForm, lossForChoices, monteCarloGaussianNoiseLoss } from '../../core/gaussianNoise';
import { Tex } from '../Tex';
import { fmt, McConvergence } from './McConvergence';
import { Slider } from './Slider';
import { attempt, NewRegressionProblem, num, SampleSelect } from './widgetHelpers';
import type { WidgetProps } from './types';

/**
 * Problem 3 verifier: E||y − (R∘X)w||² with R_ij ~ N(μ, σ²) by Monte Carlo against
 * ||y − μXw||² + σ²||Γw||², plus how far each other candidate pair (A, B) would be.
 */
export default function GaussianNoiseMcWidget({ props }: WidgetProps) {
  const [seed, setSeed] = useState(num(props.seed, 1));
  const [mu, setMu] = useState(num(props.mu, 1));
  const [sigma, setSigma] = useState(num(props.sigma, 0.5));
  const [samples, setSamples] = useState(num(props.samples, 10000));
  const n = num(props.n, 8);
  const d = num(props.d, 4);

  const result = useMemo(
    () =>
      attempt(() => {
        const problem = drawRegressionProblem({ n, d, seed: `gauss-${seed}` });
        const { X, y, w } = problem;
        const closed = gaussianNoiseClosedForm(X, y, w, mu, sigma);
        const estimate = monteCarloGaussianNoiseLoss(X, y, w, mu, sigma, { samples, seed: `gauss-mc-${seed}-${samples}` });
        // Each wrong option with the other coefficient right: how far its formula is from the estimate.
        const others = [
          ...CHOICES_A.filter((c) => c.id !== CORRECT_CHOICES.A).map((c) => ({ tex: `(A) = ${c.latex}`, value: lossForChoices(X, y, w, mu, sigma, c.id, CORRECT_CHOICES.B) })),
          ...CHOICES_B.filter((c) => c.id !== CORRECT_CHOICES.B).map((c) => ({ tex: `(B) = ${c.latex}`, value: lossForChoices(X, y, w, mu, sigma, CORRECT_CHOICES.A, c.id) })),
        ];
        return { closed, estimate, others };
      }),
    [seed, n, d, mu, sigma, samples],
  );

  return (
    <div className="mc-widget gaussian-mc">
      <div className="sliders">
        <Slider label="mean μ" name="mu" value={mu} min={-2} max={2} step={0.1} onChange={setMu} />
        <Slider label="std σ" name="sigma" value={sigma} min={0.1} max={2} step={0.1} onChange={setSigma} />
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
            closedTex={`\\|y-\\mu Xw\\|^2 + \\sigma^2\\|\\Gamma w\\|^2 = ${fmt(result.closed.fit)} + ${fmt(result.closed.penalty)}`}
          />
          <details className="other-choices">
            <summary>What the other options would predict</summary>
            <table className="numbers">
              <tbody>
                {result.others.map((o) => {
                  const off = Math.abs(o.value - result.estimate.mean) / Math.max(result.estimate.stdError, 1e-300);
                  return (
                    <tr key={o.tex}>
                      <td>
                        <Tex tex={o.tex} />
                      </td>
                      <td className="num">{fmt(o.value)}</td>
                      <td className="num muted">{off < 1e6 ? `${off.toFixed(0)} standard errors away` : 'far away'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </details>
        </>
      )}
    </div>
  );
}
