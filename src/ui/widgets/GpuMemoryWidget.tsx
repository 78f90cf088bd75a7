import { useEffect, useMemo, useState } from 'react';
import { analyzeModel, maxBatchSize, MODEL_ZOO, trainingMemory, trainingStepPeak, type ModelReport, type ModelSpec, type Optimizer } from '../../core/paramCounts';
import type { MeasureProgress, MemoryMeasurement } from '../../nn/measureMemory';
import { LEGEND_ABOVE, Plot } from './Plot';
import { Slider } from './Slider';
import type { WidgetProps } from './types';
import { attempt, errorMessage, num, thousands as fmt } from './widgetHelpers';

const mb = (bytes: number) => (bytes / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 });
const OPTIMIZERS: { id: Optimizer; label: string }[] = [
  { id: 'sgd', label: 'SGD' },
  { id: 'sgd-momentum', label: 'SGD + momentum' },
  { id: 'adam', label: 'Adam' },
];
const GIB = 2 ** 30;
const LAYOUT = { ...LEGEND_ABOVE, xaxis: { title: { text: 'batch size' } }, yaxis: { title: { text: 'training memory (GiB)' } } };

const optimizerLabel = (id: Optimizer) => OPTIMIZERS.find((o) => o.id === id)?.label ?? id;

/** Models above this size are not built in the tab: the measurement would take minutes on a CPU backend. */
const MEASURE_MAX_PARAMS = 2_000_000;
const MEASURE_BATCHES = [1, 8, 32];

/**
 * Builds the chosen model with TF.js on this page and measures what it allocates, beside what the
 * architecture predicts.
 */
function MeasuredMemory({ spec, report }: { spec: ModelSpec; report: ModelReport }) {
  const [state, setState] = useState<{ key: string; m?: MemoryMeasurement; error?: string; busy?: boolean; progress?: MeasureProgress } | null>(null);
  const key = spec.name + report.params;
  const current = state?.key === key ? state : null;
  const tooBig = report.params > MEASURE_MAX_PARAMS;
  const measure = async () => {
    setState({ key, busy: true });
    try {
      const { measureTrainingMemory } = await import('../../nn/measureMemory');
      const m = await measureTrainingMemory(spec, {
        optimizers: OPTIMIZERS.map((o) => o.id),
        batches: MEASURE_BATCHES,
        preferredBackend: 'wasm',
        onProgress: (progress) => setState({ key, busy: true, progress }),
      });
      setState({ key, m });
    } catch (e) {
      setState({ key, error: `The measurement failed: ${errorMessage(e)}` });
    }
  };
  const m = current?.m;
  const p = current?.progress;
  // Tests and people wait for this rather than for a time: the measurement's length depends on the machine.
  const phase = current?.busy ? 'running' : m ? 'done' : current?.error ? 'error' : 'idle';
  return (
    <div className="measured-memory" data-measured data-state={phase}>
      <button type="button" data-action="measure" disabled={tooBig || current?.busy} onClick={() => void measure()}>
        {current?.busy ? 'Measuring…' : 'Measure in this browser (TF.js)'}
      </button>{' '}
      {current?.busy && (
        <span className="muted" data-progress role="status">
          {p
            ? `Training step ${p.done + 1} of ${p.total} (${optimizerLabel(p.optimizer)}, batch ${p.batch})`
            : 'Loading TF.js…'}{' '}
          <progress max={p?.total ?? 1} value={p?.done ?? 0} />
        </span>
      )}
      {tooBig && <span className="muted">Models above {fmt(MEASURE_MAX_PARAMS)} parameters are not built here; pick a smaller one to measure.</span>}
      {current?.error && (
        <p className="cell-error" role="alert">
          {current.error}
        </p>
      )}
      {m && (
        <table className="numbers" data-table="measured">
          <thead>
            <tr>
              <th>Quantity</th>
              <th>Predicted from the architecture</th>
              <th>Measured with tf.memory() on “{m.backend}”</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>Trainable parameters</td>
              <td className="num">{fmt(report.params)}</td>
              <td className="num" data-value="measured-params">
                {fmt(m.params)}
              </td>
            </tr>
            <tr>
              <td>Weights and buffers (MB)</td>
              <td className="num">{mb(4 * (report.params + report.buffers))}</td>
              <td className="num">{mb(m.weightBytes)}</td>
            </tr>
            {m.perOptimizer.map((o) => (
              <tr key={o.optimizer} data-measured-optimizer={o.optimizer}>
                <td>{optimizerLabel(o.optimizer)} state (MB)</td>
                <td className="num">{mb(trainingMemory(report, { optimizer: o.optimizer, batchSize: 0 }).optimizerState)}</td>
                <td className="num">{mb(o.stateBytes)}</td>
              </tr>
            ))}
            {MEASURE_BATCHES.map((b, i) => (
              <tr key={b}>
                <td>Peak of one training step above the weights and state, batch {b} (MB)</td>
                <td className="num">{mb(trainingStepPeak(report, b))}</td>
                <td className="num">{m.perOptimizer.map((o) => `${optimizerLabel(o.optimizer)} ${mb(o.stepPeakBytes[i].bytes)}`).join(' · ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {m && (
        <p className="muted">
          The step's peak is predicted as gradients plus every stored activation. TF.js keeps fewer activations than that count
          in some layers and more temporaries in others, and its Adam computes the update of all weights inside one tidy, so about
          ten temporaries per weight are alive at once: with small batches that update, not the activations, sets Adam's peak.
        </p>
      )}
    </div>
  );
}

/** Parameter counts of a model zoo, training memory per optimizer, activation memory vs batch, largest batch in a budget. */
export default function GpuMemoryWidget({ props }: WidgetProps) {
  const start = {
    model: typeof props.model === 'string' && props.model in MODEL_ZOO ? props.model : 'resnet152',
    classes: String(num(props.classes, 10)),
    budget: String(num(props.budget, 16)),
    optimizer: (OPTIMIZERS.find((o) => o.id === props.optimizer)?.id ?? 'adam') as Optimizer,
  };
  const [s, setS] = useState(start);
  const [batch, setBatch] = useState(32);
  // A new variant restarts the widget from its values.
  useEffect(() => setS(start), [start.model, start.classes, start.budget, start.optimizer]); // eslint-disable-line react-hooks/exhaustive-deps

  const result = useMemo(() => {
    const classes = Number(s.classes);
    const budget = Number(s.budget);
    if (!Number.isInteger(classes) || classes < 1 || classes > 100000) return { error: 'The number of classes must be a whole number from 1 to 100,000.' };
    if (!(budget > 0 && budget <= 1024)) return { error: 'The memory budget must be a number of GiB above 0 and at most 1024.' };
    return attempt(() => {
      const spec = MODEL_ZOO[s.model](classes);
      const report = analyzeModel(spec);
      const maxBatch = OPTIMIZERS.map((o) => maxBatchSize(report, budget * GIB, { optimizer: o.id }));
      return { spec, report, budget, maxBatch };
    });
  }, [s.model, s.classes, s.budget]);

  // The curves do not depend on the batch slider, so moving it does not redraw the plot.
  const data = useMemo(() => {
    if ('error' in result) return [];
    const { report, budget, maxBatch } = result;
    const chosen = maxBatch[OPTIMIZERS.findIndex((o) => o.id === s.optimizer)] ?? maxBatch[2];
    const maxX = Math.max(64, Math.min(4096, Number.isFinite(chosen) ? Math.ceil(chosen * 1.3) : 512));
    const xs = Array.from({ length: 65 }, (_, i) => Math.round((i * maxX) / 64));
    return [
      ...OPTIMIZERS.map((o) => ({
        x: xs,
        y: xs.map((b) => trainingMemory(report, { optimizer: o.id, batchSize: b }).total / GIB),
        type: 'scatter' as const,
        mode: 'lines' as const,
        name: o.label,
      })),
      { x: [0, maxX], y: [budget, budget], type: 'scatter' as const, mode: 'lines' as const, name: `budget ${budget} GiB`, line: { dash: 'dash' as const, color: '#999' } },
    ];
  }, [result, s.optimizer]);

  const set = (k: keyof typeof s) => (e: { target: { value: string } }) => setS((old) => ({ ...old, [k]: e.target.value }));
  const controls = (
    <div className="sliders gpu-controls">
      <label className="slider">
        <span className="slider-label">model</span>
        <select data-input="model" value={s.model} onChange={set('model')}>
          {Object.keys(MODEL_ZOO).map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <label className="slider">
        <span className="slider-label">classes in the head</span>
        <input data-input="classes" value={s.classes} onChange={set('classes')} inputMode="numeric" />
      </label>
      <label className="slider">
        <span className="slider-label">optimizer (for the plot's budget line)</span>
        <select data-input="optimizer" value={s.optimizer} onChange={set('optimizer')}>
          {OPTIMIZERS.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <label className="slider">
        <span className="slider-label">memory budget (GiB)</span>
        <input data-input="budget" value={s.budget} onChange={set('budget')} inputMode="decimal" />
      </label>
      <Slider label="batch size" name="batch" value={batch} min={1} max={512} onChange={setBatch} />
    </div>
  );
  if ('error' in result) {
    return (
      <div className="gpu-widget">
        {controls}
        <p className="cell-error" role="alert" data-error>
          {result.error}
        </p>
      </div>
    );
  }
  const { spec, report, budget } = result;
  const per = OPTIMIZERS.map((o, i) => ({ ...o, mem: trainingMemory(report, { optimizer: o.id, batchSize: batch }), maxBatch: result.maxBatch[i] }));
  return (
    <div className="gpu-widget">
      {controls}
      <table className="numbers" data-table="model">
        <tbody>
          <tr>
            <td>Trainable parameters</td>
            <td className="num" data-value="params">
              {fmt(report.params)}
            </td>
          </tr>
          <tr>
            <td>Buffers (batchnorm running statistics)</td>
            <td className="num">{fmt(report.buffers)}</td>
          </tr>
          <tr>
            <td>Stored activations per input (estimate)</td>
            <td className="num" data-value="activations">
              {fmt(report.activationsPerSample)}
            </td>
          </tr>
          <tr>
            <td>Input shape (C×H×W)</td>
            <td className="num">
              {report.input.channels}×{report.input.height}×{report.input.width}
            </td>
          </tr>
        </tbody>
      </table>
      <table className="numbers" data-table="memory">
        <thead>
          <tr>
            <th>Optimizer</th>
            <th>Weights + buffers (MB)</th>
            <th>Gradients (MB)</th>
            <th>Optimizer state (MB)</th>
            <th>Activations, batch {batch} (MB)</th>
            <th>Total (MB)</th>
            <th>Largest batch in {budget} GiB</th>
          </tr>
        </thead>
        <tbody>
          {per.map((o) => (
            <tr key={o.id} data-optimizer={o.id}>
              <td>{o.label}</td>
              <td className="num">{mb(o.mem.weights + o.mem.buffers)}</td>
              <td className="num">{mb(o.mem.gradients)}</td>
              <td className="num">{mb(o.mem.optimizerState)}</td>
              <td className="num">{mb(o.mem.activations)}</td>
              <td className="num">{mb(o.mem.total)}</td>
              <td className="num" data-max-batch>
                {Number.isFinite(o.maxBatch) ? fmt(o.maxBatch) : 'no limit'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <MeasuredMemory spec={spec} report={report} />
      <p className="muted">
        Per parameter: SGD keeps the weight and its gradient (8 bytes), momentum adds a velocity (12), Adam two running averages (16).
        Activations dominate once the batch is large; they are counted as every primitive operation's output, which real frameworks
        trim (in-place ReLU, fused kernels) and pad (allocator caching, workspace).
      </p>
      <Plot data={data} height={300} layout={LAYOUT} />
    </div>
  );
}
