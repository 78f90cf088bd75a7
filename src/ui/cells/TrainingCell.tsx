/**
 * A training cell (`:::training{#id ...}`): trains the src/nn ConvNet on the MNIST asset in a Web
 * Worker (src/worker/train.worker.ts), with live loss / accuracy curves, pause / resume / stop,
 * and results (held-out accuracy, confusion matrix, misclassified digits, first-layer filters).
 * The result's summary is saved as the part's message, the settings as its input.
 * Loaded lazily by NotebookPage; it imports no TF.js itself (the worker does).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { DEFAULT_MODEL_CONFIG, OPTIMIZERS, validateModelConfig, type ModelConfig, type OptimizerName } from '../../nn/modelConfig';
import { trainingSummaryOf, type PartState } from '../../notebook/answers';
import type { ParamValues, TrainingCell as TrainingCellSpec } from '../../notebook/types';
import { BACKEND_CHOICES, type BackendChoice, type TrainResult } from '../../worker/trainProtocol';
import { controlRun, isBusy, markSaved, startRun, useRun, type RunRequest } from '../training/trainingRuns';
import { mnistAssetUrl } from '../training/assetUrl';
import { BackendOptions } from '../training/BackendOptions';
import { Markdown } from '../Markdown';
import { PartHeader } from './PartHeader';
import { Plot } from '../widgets/Plot';

interface Props {
  cell: TrainingCellSpec;
  params: ParamValues;
  state: PartState | undefined;
  highlighted: boolean;
  link: string;
  onChange: (patch: Partial<PartState>) => void;
}

interface Form {
  depth: string;
  width: string;
  dropout: string;
  batchnorm: boolean;
  optimizer: string;
  lr: string;
  batch: string;
  epochs: string;
  backend: string;
}


function initialForm(d: Record<string, string>): Form {
  const c = DEFAULT_MODEL_CONFIG;
  return {
    depth: d.depth ?? String(c.depth),
    width: d.width ?? String(c.width),
    dropout: d.dropout ?? String(c.dropout),
    batchnorm: (d.batchnorm ?? String(c.batchnorm)) !== 'false',
    optimizer: d.optimizer ?? c.optimizer,
    lr: d.lr ?? String(c.lr),
    batch: d.batch ?? '64',
    epochs: d.epochs ?? '5',
    backend: d.backend ?? 'auto',
  };
}

/** The form showing a run's settings. */
function formOf(r: RunRequest): Form {
  const c = r.config;
  return {
    depth: String(c.depth),
    width: String(c.width),
    dropout: String(c.dropout),
    batchnorm: c.batchnorm,
    optimizer: c.optimizer,
    lr: String(c.lr),
    batch: String(r.batchSize),
    epochs: String(r.epochs),
    backend: r.backend,
  };
}

function readForm(f: Form): { config: ModelConfig; batchSize: number; epochs: number; errors: string[] } {
  const num = (s: string) => (s.trim() === '' ? NaN : Number(s));
  const config: ModelConfig = {
    depth: num(f.depth),
    width: num(f.width),
    dropout: num(f.dropout),
    batchnorm: f.batchnorm,
    optimizer: f.optimizer as OptimizerName,
    lr: num(f.lr),
  };
  const batchSize = num(f.batch);
  const epochs = num(f.epochs);
  const errors = validateModelConfig(config);
  if (!(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 1024)) errors.push('Batch size must be a whole number from 1 to 1024.');
  if (!(Number.isInteger(epochs) && epochs >= 1 && epochs <= 50)) errors.push('Epochs must be a whole number from 1 to 50.');
  if (!BACKEND_CHOICES.includes(f.backend as BackendChoice)) errors.push(`Backend must be one of ${BACKEND_CHOICES.join(', ')}.`);
  return { config, batchSize, epochs, errors };
}

const fmtTime = (s: number) => (!Number.isFinite(s) ? '—' : s < 60 ? `${Math.round(s)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`);

/** A grey image drawn on a canvas, scaled up with crisp pixels. */
function GreyCanvas({ values, rows, cols, scale, label }: { values: number[]; rows: number; cols: number; scale: number; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of values) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const span = hi - lo || 1;
    const img = ctx.createImageData(cols, rows);
    values.forEach((v, i) => {
      const g = Math.round(((v - lo) / span) * 255);
      img.data.set([g, g, g, 255], i * 4);
    });
    ctx.putImageData(img, 0, 0);
  }, [values, rows, cols]);
  return <canvas ref={ref} width={cols} height={rows} style={{ width: cols * scale, height: rows * scale, imageRendering: 'pixelated' }} aria-label={label} role="img" />;
}

function ConfusionMatrix({ m }: { m: number[][] }) {
  const max = Math.max(1, ...m.flatMap((r, i) => r.filter((_, j) => j !== i)));
  return (
    <table className="confusion" data-confusion>
      <thead>
        <tr>
          <th title="true digit ↓, predicted →">t\p</th>
          {m.map((_, j) => (
            <th key={j}>{j}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {m.map((row, i) => (
          <tr key={i}>
            <th>{i}</th>
            {row.map((v, j) => (
              <td key={j} className={i === j ? 'diag' : v ? 'off' : ''} style={i !== j && v ? { background: `rgba(220, 60, 60, ${0.15 + (0.6 * v) / max})` } : undefined}>
                {v}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The one-line summary saved as the part's message (and shown to the grader). */
function summarize(m: TrainResult, config: ModelConfig, batchSize: number): string {
  const pct = (100 * m.testAccuracy).toFixed(2);
  return (
    `Held-out accuracy ${pct}% on 2,000 digits after ${m.steps} steps (${m.epochsDone} epoch${m.epochsDone === 1 ? '' : 's'}${m.stopped ? ', stopped early' : ''}); ` +
    `depth ${config.depth}, width ${config.width}, dropout ${config.dropout}, batchnorm ${config.batchnorm ? 'on' : 'off'}, ${config.optimizer} lr ${config.lr}, batch ${batchSize}; ` +
    `${m.backend} backend, ${m.seconds.toFixed(1)} s, ${Math.round(m.imgPerS)} images/s.`
  );
}

export default function TrainingCell({ cell, params, state, highlighted, link, onChange }: Props) {
  // The run outlives this component (see trainingRuns.ts); the link names the notebook and part.
  const runKey = `training:${link}`;
  const run = useRun(runKey);
  const [form, setForm] = useState<Form>(() => (run.request ? formOf(run.request) : initialForm(cell.defaults)));
  const { phase, status, backend, threads, losses, accs, progress, result, error, request, unsaved } = run;
  const parsed = useMemo(() => readForm(form), [form]);
  // Saved when the run ends, or when the cell comes back if it ended while off screen.
  useEffect(() => {
    if (!result || !unsaved || !request) return;
    const settings = { ...request.config, batch: request.batchSize, epochs: request.epochs, backend: request.backend };
    onChange({ input: JSON.stringify(settings), message: summarize(result, request.config, request.batchSize), checkedAt: new Date().toISOString(), training: trainingSummaryOf(result) });
    markSaved(runKey);
  }, [result, unsaved, request, runKey, onChange]);

  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));

  const start = () => {
    if (parsed.errors.length) return;
    // A step cap for tests and quick demos, set from the console or by the browser test.
    const maxSteps = Number(localStorage.getItem('gradbook/train-max-steps')) || undefined;
    void startRun(runKey, {
      config: parsed.config,
      batchSize: parsed.batchSize,
      epochs: parsed.epochs,
      backend: form.backend as BackendChoice,
      assetUrl: mnistAssetUrl(),
      maxSteps,
    });
  };

  const send = (type: 'pause' | 'resume' | 'stop') => controlRun(runKey, type);
  const busy = isBusy(run);

  const lossPlot = useMemo(
    () => ({
      data: [{ x: losses.step, y: losses.loss, type: 'scatter' as const, mode: 'lines' as const, name: 'training loss' }],
      // The arrays grow in place (trainingRuns.ts): the revision tells Plotly they changed.
      layout: { title: { text: 'Training loss per step' }, xaxis: { title: { text: 'step' } }, yaxis: { title: { text: 'loss' } }, datarevision: losses.step.length },
    }),
    [losses],
  );
  const accPlot = useMemo(
    () => ({
      data: [{ x: accs.epoch, y: accs.acc.map((a) => 100 * a), type: 'scatter' as const, mode: 'lines+markers' as const, name: 'held-out accuracy' }],
      layout: { title: { text: 'Held-out accuracy per epoch' }, xaxis: { title: { text: 'epoch' }, dtick: 1 }, yaxis: { title: { text: 'accuracy (%)' } } },
    }),
    [accs],
  );

  const field = (k: 'depth' | 'width' | 'dropout' | 'lr' | 'batch' | 'epochs', label: string, step: string) => (
    <label>
      {label}
      <input type="number" step={step} value={form[k]} disabled={busy} onChange={(e) => set(k, e.target.value)} data-train-input={k} />
    </label>
  );

  return (
    <section
      className={`part training-cell${highlighted ? ' highlighted' : ''}`}
      data-part={cell.id}
      data-training={phase}
      id={`part-${cell.id}`}
      // Held-out accuracy after each epoch, for scripts/bench-train.mjs's time to 97%.
      data-epoch-accuracies={accs.acc.join(',')}
    >
      <PartHeader id={cell.id} link={link} />
      <Markdown source={cell.prompt} params={params} />
      <div className="train-controls">
        {field('depth', 'Depth (conv blocks)', '1')}
        {field('width', 'Width (filters)', '1')}
        {field('dropout', 'Dropout (drop prob.)', '0.05')}
        <label>
          <input type="checkbox" checked={form.batchnorm} disabled={busy} onChange={(e) => set('batchnorm', e.target.checked)} data-train-input="batchnorm" /> Batchnorm
        </label>
        <label>
          Optimizer
          <select value={form.optimizer} disabled={busy} onChange={(e) => set('optimizer', e.target.value)} data-train-input="optimizer">
            {OPTIMIZERS.map((o) => (
              <option key={o} value={o}>
                {o === 'sgd' ? 'SGD' : o === 'momentum' ? 'SGD + momentum' : 'Adam'}
              </option>
            ))}
          </select>
        </label>
        {field('lr', 'Learning rate', '0.001')}
        {field('batch', 'Batch size', '1')}
        {field('epochs', 'Epochs', '1')}
        <label>
          Backend
          <select value={form.backend} disabled={busy} onChange={(e) => set('backend', e.target.value)} data-train-input="backend">
            <BackendOptions />
          </select>
        </label>
      </div>
      {parsed.errors.length > 0 && (
        <ul className="cell-error" role="alert">
          {parsed.errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      <div className="answer-row train-actions">
        <button type="button" data-action="train" onClick={start} disabled={busy || parsed.errors.length > 0}>
          {phase === 'done' || phase === 'error' ? 'Train again' : 'Train'}
        </button>
        <button type="button" data-action={phase === 'paused' ? 'resume' : 'pause'} disabled={!busy} onClick={() => send(phase === 'paused' ? 'resume' : 'pause')}>
          {phase === 'paused' ? 'Resume' : 'Pause'}
        </button>
        <button type="button" data-action="stop" disabled={!busy} onClick={() => send('stop')}>
          Stop
        </button>
        {backend && (
          <span className="train-backend" data-train-backend={backend} data-train-threads={threads ? `${threads.pool},${threads.kernels}` : undefined}>
            Backend: {backend}
            {threads && (threads.pool === threads.kernels ? `, ${threads.pool} thread${threads.pool === 1 ? '' : 's'}` : `, ${threads.pool} threads (GradBook's kernels ${threads.kernels})`)}
          </span>
        )}
      </div>
      {status && <p className="loading">{status}</p>}
      {error && (
        <p className="cell-error" role="alert">
          {error}
        </p>
      )}
      {progress && (
        <div
          className="train-progress"
          data-train-step={progress.step}
          data-num-tensors={progress.numTensors}
          // The browser test reads the whole curve and every step's tensor count from these once the
          // run has ended (joining them on every step would cost the length of the run each time).
          data-losses={busy ? undefined : losses.loss.join(',')}
          data-tensor-counts={busy ? undefined : losses.tensors.join(',')}
        >
          <progress max={progress.totalSteps} value={progress.step} />
          <span>
            step {progress.step} / {progress.totalSteps} · epoch {progress.epoch + 1} · loss {progress.loss.toFixed(3)} · {Math.round(progress.imgPerS)} images/s ·{' '}
            {phase === 'paused' ? 'paused' : `${fmtTime(progress.secondsLeft)} left`} · {progress.numTensors} tensors
          </span>
        </div>
      )}
      {(losses.step.length > 0 || accs.epoch.length > 0) && (
        <div className="train-plots">
          <Plot data={lossPlot.data} layout={lossPlot.layout} height={260} />
          {accs.epoch.length > 0 && <Plot data={accPlot.data} layout={accPlot.layout} height={260} />}
        </div>
      )}
      {result && (
        <div className="train-results" data-test-accuracy={result.testAccuracy} data-backend={result.backend} data-seconds={result.seconds} data-img-per-s={result.imgPerS}>
          <p className="train-accuracy">
            Held-out accuracy: <b>{(100 * result.testAccuracy).toFixed(2)}%</b> on 2,000 digits ({result.steps} steps, {result.seconds.toFixed(1)} s on {result.backend},{' '}
            {Math.round(result.imgPerS)} images/s{result.stopped ? ', stopped early' : ''}).
          </p>
          <div className="train-result-grid">
            <figure>
              <ConfusionMatrix m={result.confusion} />
              <figcaption>Confusion matrix (rows: true digit, columns: prediction)</figcaption>
            </figure>
            <figure>
              <div className="digit-grid">
                {result.misclassified.slice(0, 16).map((d) => (
                  <div key={d.index} className="digit" title={`test digit #${d.index}`}>
                    <GreyCanvas values={d.pixels} rows={28} cols={28} scale={2} label={`digit ${d.label} predicted as ${d.predicted}`} />
                    <span>
                      {d.label}→{d.predicted}
                    </span>
                  </div>
                ))}
              </div>
              <figcaption>Misclassified held-out digits (true→predicted)</figcaption>
            </figure>
            <figure>
              <div className="digit-grid filters">
                {result.filters.map((f, i) => (
                  <GreyCanvas key={i} values={f} rows={3} cols={3} scale={12} label={`filter ${i + 1}`} />
                ))}
              </div>
              <figcaption>First-layer 3×3 filters (each scaled to its own range)</figcaption>
            </figure>
          </div>
        </div>
      )}
      {!result && state?.message && <p className="train-saved">Saved result: {state.message}</p>}
    </section>
  );
}
