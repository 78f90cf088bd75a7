import { useMemo, useState } from 'react';
import type { Data, Layout } from 'plotly.js-dist-min';
import {
  ADAM_PRESETS,
  DROPOUT_PRESETS,
  dropoutAdamLimit,
  dropoutLeastSquares,
  olsMinNorm,
  trainLinear,
  weightSizes,
  type TrainOptions,
  type TrainResult,
} from './dropoutLabRuns';
import { fmt } from './McConvergence';
import { Plot, PLOT_INK } from './Plot';
import { errorMessage } from './widgetHelpers';
import type { WidgetProps } from './types';

/** One simulated run of the lab and the closed-form answer it should be compared with. */
interface RunSpec {
  id: string;
  label: string;
  options: TrainOptions;
  /** The closed form this run is heading for, and what it is called. */
  target: { w: number[]; name: string };
  color: string;
}

interface Experiment {
  title: string;
  runs: RunSpec[];
  /** Log for runs whose loss goes to 0; linear where the point is the size of the jumps. */
  lossAxis: 'log' | 'linear';
}

const OLS = { w: olsMinNorm().w, name: 'minimum-norm OLS (a)' };
const LS_HALF = { w: dropoutLeastSquares(0.5), name: 'least squares over the masks (c)' };
const ADAM_LIMIT = { w: dropoutAdamLimit(), name: 'equal steps: w₁ = w₂, 10w₁ + w₂ = 11' };

/** The settings come from core's presets, so the page runs exactly what the tests measured. */
const EXPERIMENTS: Record<string, Experiment> = {
  gd: {
    title: 'Gradient descent without dropout, lr 1e-3, 1,000 steps',
    lossAxis: 'log',
    runs: [{ id: 'gd', label: 'SGD, no dropout', options: { ...DROPOUT_PRESETS.b }, target: OLS, color: '#1a56db' }],
  },
  batch: {
    title: 'Gradient descent with dropout p = 0.5: one mask per step vs 1,024',
    lossAxis: 'linear',
    runs: [
      { id: 'batch1', label: 'batch 1, 1,000 steps', options: { ...DROPOUT_PRESETS.d }, target: LS_HALF, color: '#d97706' },
      { id: 'batch1024', label: 'batch 1,024, 10,000 steps', options: { ...DROPOUT_PRESETS.e }, target: LS_HALF, color: '#1a56db' },
    ],
  },
  adam: {
    title: 'SGD vs Adam (lr 1e-3), without and with dropout',
    lossAxis: 'log',
    runs: [
      { id: 'sgd0', label: 'SGD, no dropout', options: { ...DROPOUT_PRESETS.b, steps: ADAM_PRESETS.noDropout.steps }, target: OLS, color: '#94a3b8' },
      { id: 'adam0', label: 'Adam, no dropout', options: { ...ADAM_PRESETS.noDropout }, target: ADAM_LIMIT, color: '#d97706' },
      { id: 'sgd5', label: 'SGD, p = 0.5, batch 1,024', options: { ...DROPOUT_PRESETS.e }, target: LS_HALF, color: '#059669' },
      { id: 'adam5', label: 'Adam, p = 0.5, batch 1,024', options: { ...ADAM_PRESETS.dropout }, target: LS_HALF, color: '#1a56db' },
    ],
  },
};

/** At most ~1,500 points per trace: plotly stays quick and the shape is unchanged to the eye. */
function thin(values: ArrayLike<number>, offset = 0): { x: number[]; y: number[] } {
  const stride = Math.max(1, Math.ceil(values.length / 1500));
  const x: number[] = [];
  const y: number[] = [];
  for (let t = 0; t < values.length; t += stride) {
    x.push(t + offset);
    y.push(values[t]);
  }
  return { x, y };
}

interface Outcome {
  spec: RunSpec;
  result: TrainResult;
}

/**
 * Problem 6 (b), (d), (e), (h): runs core's `trainLinear` for the experiment named by the
 * `experiment` prop (gd | batch | adam) when the student presses Run, and plots the loss and the
 * weight trajectories with the closed-form answers as dashed lines.
 */
export default function DropoutLabTrainWidget({ props }: WidgetProps) {
  const name = String(props.experiment ?? 'gd');
  const experiment = EXPERIMENTS[name];
  const [seedText, setSeedText] = useState('1');
  const [outcomes, setOutcomes] = useState<Outcome[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const lossAxis = experiment?.lossAxis ?? 'log';

  const run = () => {
    const seed = Number(seedText.trim());
    if (seedText.trim() === '' || !Number.isInteger(seed) || seed < 0 || seed > 1e9) {
      setError(`The seed must be a whole number from 0 to 1,000,000,000; got “${seedText}”.`);
      return;
    }
    setError(null);
    setRunning(true);
    // Let the "running" state paint before the (sub-second) simulation blocks the thread.
    window.setTimeout(() => {
      try {
        setOutcomes(experiment.runs.map((spec) => ({ spec, result: trainLinear({ ...spec.options, seed }) })));
      } catch (e) {
        setError(`The run failed: ${errorMessage(e)}`);
        setOutcomes(null);
      } finally {
        setRunning(false);
      }
    }, 20);
  };

  const plots = useMemo(() => {
    if (!outcomes) return null;
    const loss: Data[] = outcomes.map(({ spec, result }) => ({
      ...thin(result.loss),
      type: 'scatter',
      mode: 'lines',
      name: spec.label,
      line: { color: spec.color, width: 1 },
    }));
    const weights: Data[] = [];
    const targets = new Map<string, RunSpec['target']>();
    for (const { spec, result } of outcomes) {
      targets.set(spec.target.name, spec.target);
      result.weights.forEach((h, i) => {
        weights.push({
          ...thin(h),
          type: 'scatter',
          mode: 'lines',
          name: `w${i + 1}: ${spec.label}`,
          line: { color: spec.color, width: 1.5, dash: i === 0 ? 'solid' : 'dot' },
        });
      });
    }
    const steps = Math.max(...outcomes.map((o) => o.result.loss.length));
    for (const target of targets.values()) {
      target.w.forEach((v, i) => {
        weights.push({
          x: [0, steps],
          y: [v, v],
          type: 'scatter',
          mode: 'lines',
          name: `w${i + 1} = ${fmt(v, 4)}: ${target.name}`,
          line: { color: PLOT_INK, width: 1, dash: 'dash' },
        });
      });
    }
    const lossLayout: Partial<Layout> = {
      title: { text: 'training loss (batch mean, before each step)' },
      xaxis: { title: { text: 'step' } },
      yaxis: { title: { text: lossAxis === 'log' ? 'loss (log scale)' : 'loss' }, type: lossAxis, exponentformat: 'power' },
      legend: { orientation: 'h', y: -0.25 },
    };
    const weightLayout: Partial<Layout> = {
      title: { text: 'weights (solid w₁, dotted w₂; dashed: closed form)' },
      xaxis: { title: { text: 'step' } },
      yaxis: { title: { text: 'weight' } },
      legend: { orientation: 'h', y: -0.25, font: { size: 10 } },
    };
    return { loss, weights, lossLayout, weightLayout };
  }, [outcomes, lossAxis]);

  if (!experiment) {
    return (
      <p className="cell-error" role="alert">
        Unknown experiment “{name}”; this widget knows {Object.keys(EXPERIMENTS).join(', ')}.
      </p>
    );
  }

  return (
    <div className="dropout-lab-train" data-experiment={name}>
      <p>
        <b>{experiment.title}</b>
      </p>
      <div className="widget-actions">
        {/* Without dropout there are no masks, so a seed would change nothing. */}
        {experiment.runs.some((r) => (r.options.p ?? 0) > 0) && (
          <label>
            mask seed{' '}
            <input data-seed className="seed-input" inputMode="numeric" value={seedText} onChange={(e) => setSeedText(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && run()} />
          </label>
        )}
        <button type="button" data-action="run" onClick={run} disabled={running}>
          {running ? 'Running…' : outcomes ? 'Run again' : 'Run'}
        </button>
        {!outcomes && !running && <span className="muted">Press Run to simulate {experiment.runs.length === 1 ? 'the run' : `the ${experiment.runs.length} runs`}.</span>}
      </div>
      {error && (
        <p className="cell-error" role="alert" data-error>
          {error}
        </p>
      )}
      {outcomes && plots && (
        <>
          <table className="numbers" data-results>
            <thead>
              <tr>
                <th>run</th>
                <th>final w₁</th>
                <th>final w₂</th>
                <th>10·w₁</th>
                <th>w₂ (contribution)</th>
                <th>closed form</th>
                <th>|w − closed form|</th>
              </tr>
            </thead>
            <tbody>
              {outcomes.map(({ spec, result }) => {
                const sizes = weightSizes(result.w);
                const dist = Math.hypot(...result.w.map((v, i) => v - spec.target.w[i]));
                return (
                  <tr key={spec.id} data-run={spec.id} data-w1={result.w[0]} data-w2={result.w[1]} data-distance={dist}>
                    <td>{spec.label}</td>
                    <td className="num">{fmt(result.w[0], 4)}</td>
                    <td className="num">{fmt(result.w[1], 4)}</td>
                    <td className="num">{fmt(sizes.contributions[0], 4)}</td>
                    <td className="num">{fmt(sizes.contributions[1], 4)}</td>
                    <td className="num">
                      ({fmt(spec.target.w[0], 4)}, {fmt(spec.target.w[1], 4)})
                    </td>
                    <td className="num">{result.diverged ? 'diverged' : fmt(dist, 2)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="lab-plots">
            <Plot data={plots.loss} layout={plots.lossLayout} height={340} />
            <Plot data={plots.weights} layout={plots.weightLayout} height={380} />
          </div>
        </>
      )}
    </div>
  );
}
