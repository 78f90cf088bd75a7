import { useEffect, useMemo, useState } from 'react';
import { analyzeModel, maxBatchSize, MODEL_ZOO, trainingMemory, type Optimizer } from '../../core/paramCounts';
import { Plot } from './Plot';
import { Slider } from './Slider';
import type { WidgetProps } from './types';
import { errorMessage, num } from './widgetHelpers';

const fmt = (n: number) => n.toLocaleString('en-US');
const mb = (bytes: number) => (bytes / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 });
const OPTIMIZERS: { id: Optimizer; label: string }[] = [
  { id: 'sgd', label: 'SGD' },
  { id: 'sgd-momentum', label: 'SGD + momentum' },
  { id: 'adam', label: 'Adam' },
];
const GIB = 2 ** 30;

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
    try {
      const report = analyzeModel(MODEL_ZOO[s.model](classes));
      const per = OPTIMIZERS.map((o) => ({
        ...o,
        mem: trainingMemory(report, { optimizer: o.id, batchSize: batch }),
        maxBatch: maxBatchSize(report, budget * GIB, { optimizer: o.id }),
      }));
      return { report, per, budget };
    } catch (e) {
      return { error: errorMessage(e) };
    }
  }, [s, batch]);

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
  const { report, per, budget } = result;
  const chosen = per.find((p) => p.id === s.optimizer) ?? per[2];
  const maxX = Math.max(64, Math.min(4096, Number.isFinite(chosen.maxBatch) ? Math.ceil(chosen.maxBatch * 1.3) : 512));
  const xs = Array.from({ length: 65 }, (_, i) => Math.round((i * maxX) / 64));
  const data = [
    ...per.map((o) => ({
      x: xs,
      y: xs.map((b) => trainingMemory(report, { optimizer: o.id, batchSize: b }).total / GIB),
      type: 'scatter' as const,
      mode: 'lines' as const,
      name: o.label,
    })),
    { x: [0, maxX], y: [budget, budget], type: 'scatter' as const, mode: 'lines' as const, name: `budget ${budget} GiB`, line: { dash: 'dash' as const, color: '#999' } },
  ];
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
      <p className="muted">
        Per parameter: SGD keeps the weight and its gradient (8 bytes), momentum adds a velocity (12), Adam two running averages (16).
        Activations dominate once the batch is large; they are counted as every primitive operation's output, which real frameworks
        trim (in-place ReLU, fused kernels) and pad (allocator caching, workspace).
      </p>
      <Plot
        data={data}
        height={300}
        layout={{ xaxis: { title: { text: 'batch size' } }, yaxis: { title: { text: 'training memory (GiB)' } }, legend: { orientation: 'h', x: 0, y: 1.15 }, margin: { l: 60, r: 20, t: 50, b: 50 } }}
      />
    </div>
  );
}
