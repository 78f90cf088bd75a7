import { useMemo, useState } from 'react';
import type { Data, Layout } from 'plotly.js-dist-min';
import { generateEdgeData, permutePixels, pixelPermutation, positionRange, sobelFilters, type EdgeDataset } from '../../core/edgeData';
import { LEGEND_ABOVE, Plot } from './Plot';
import type { WidgetProps } from './types';
import { errorMessage } from './widgetHelpers';

type Tf = typeof import('@tensorflow/tfjs');

const SIZE = 16;
const TRAIN_SIZES = [15, 45, 150, 450];
/** About 200–300 Adam steps per model whatever the set size, so small sets are not simply undertrained. */
const epochsFor = (n: number) => Math.max(20, Math.round(200 / Math.ceil(n / 32)));

interface Settings {
  permute: boolean;
  pool: 'max' | 'avg';
  sobel: boolean;
  testPlace: 'same' | 'unseen';
}

interface Row {
  n: number;
  cnn: number;
  mlp: number;
  /** Mean max-softmax on the training set: how sure the CNN is of what it has seen. */
  cnnConfidence: number;
}

/** The CNN on the smallest training set, epoch by epoch: where overfitting shows. */
interface History {
  n: number;
  epoch: number[];
  trainConfidence: number[];
  testConfidence: number[];
  testAccuracy: number[];
}

interface Outcome {
  rows: Row[];
  history: History;
  /** First-layer filters of the CNN trained on the most images, 3×3 each. */
  filters: number[][];
  backend: string;
  tensorsAfter: number;
}

function toTensors(tf: Tf, d: EdgeDataset, perm: Int32Array | null) {
  const images = perm ? permutePixels(d.images, perm) : d.images;
  return { x: tf.tensor4d(images, [d.labels.length, SIZE, SIZE, 1]), y: tf.tidy(() => tf.oneHot(tf.tensor1d(d.labels, 'int32'), 3)) };
}

function cnn(tf: Tf, s: Settings, seed: number) {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [SIZE, SIZE, 1], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }));
  m.add(s.pool === 'max' ? tf.layers.maxPooling2d({ poolSize: 4 }) : tf.layers.averagePooling2d({ poolSize: 4 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }));
  if (s.sobel) {
    // Filters 0 and 1 start as Sobel edge detectors (scaled down to glorot's range); 2 and 3 stay random.
    const [kernel, bias] = m.layers[0].getWeights();
    const k = kernel.dataSync().slice();
    const sob = sobelFilters().values;
    for (let i = 0; i < 9; i++) for (let f = 0; f < 2; f++) k[i * 4 + f] = sob[i * 2 + f] / 4;
    const nk = tf.tensor4d(k, [3, 3, 1, 4]);
    m.layers[0].setWeights([nk, bias]);
    nk.dispose();
  }
  m.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

function mlp(tf: Tf, seed: number) {
  const m = tf.sequential();
  m.add(tf.layers.flatten({ inputShape: [SIZE, SIZE, 1] }));
  m.add(tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }));
  m.add(tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }));
  m.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

async function accuracyOf(tf: Tf, model: import('@tensorflow/tfjs').Sequential, x: import('@tensorflow/tfjs').Tensor, labels: Int32Array): Promise<number> {
  const pred = tf.tidy(() => (model.predict(x) as import('@tensorflow/tfjs').Tensor).argMax(-1));
  const p = await pred.data();
  pred.dispose();
  let right = 0;
  p.forEach((v, i) => (right += v === labels[i] ? 1 : 0));
  return right / labels.length;
}

type Model = import('@tensorflow/tfjs').Sequential;
type Tensor = import('@tensorflow/tfjs').Tensor;

/** Mean over the images of the model's largest softmax output: how sure it is. */
async function meanConfidence(tf: Tf, model: Model, x: Tensor): Promise<number> {
  const conf = tf.tidy(() => (model.predict(x) as Tensor).max(-1).mean());
  const v = (await conf.data())[0];
  conf.dispose();
  return v;
}

async function runExperiment(s: Settings, onProgress: (msg: string) => void): Promise<Outcome> {
  const tf = await import('@tensorflow/tfjs');
  // The CPU backend is exact and available everywhere; these models are tiny.
  await tf.setBackend('cpu');
  await tf.ready();
  const perm = s.permute ? pixelPermutation(SIZE * SIZE, 'edge-perm') : null;
  const trainPositions = s.testPlace === 'unseen' ? positionRange(SIZE, 'firstHalf') : positionRange(SIZE, 'all');
  const testPositions = s.testPlace === 'unseen' ? positionRange(SIZE, 'secondHalf') : positionRange(SIZE, 'all');
  const testData = generateEdgeData({ count: 300, seed: 'edge-test', size: SIZE, positions: testPositions });
  const test = toTensors(tf, testData, perm);
  const rows: Row[] = [];
  const history: History = { n: TRAIN_SIZES[0], epoch: [], trainConfidence: [], testConfidence: [], testAccuracy: [] };
  let filters: number[][] = [];
  try {
    for (const n of TRAIN_SIZES) {
      onProgress(`Training on ${n} images…`);
      const trainData = generateEdgeData({ count: n, seed: `edge-train-${n}`, size: SIZE, positions: trainPositions });
      const train = toTensors(tf, trainData, perm);
      const c = cnn(tf, s, 7);
      const f = mlp(tf, 11);
      try {
        const record = async (epoch: number) => {
          history.epoch.push(epoch);
          history.trainConfidence.push(await meanConfidence(tf, c, train.x));
          history.testConfidence.push(await meanConfidence(tf, c, test.x));
          history.testAccuracy.push(await accuracyOf(tf, c, test.x, testData.labels));
        };
        if (n === history.n) await record(0);
        await c.fit(train.x, train.y, {
          epochs: epochsFor(n),
          batchSize: 32,
          shuffle: true,
          verbose: 0,
          callbacks: n === history.n ? { onEpochEnd: async (e) => ((e + 1) % 5 === 0 ? record(e + 1) : undefined) } : undefined,
        });
        await f.fit(train.x, train.y, { epochs: epochsFor(n), batchSize: 32, shuffle: true, verbose: 0 });
        const confidence = await meanConfidence(tf, c, train.x);
        rows.push({ n, cnn: await accuracyOf(tf, c, test.x, testData.labels), mlp: await accuracyOf(tf, f, test.x, testData.labels), cnnConfidence: confidence });
        if (n === TRAIN_SIZES[TRAIN_SIZES.length - 1]) {
          const k = c.layers[0].getWeights()[0].dataSync();
          filters = [0, 1, 2, 3].map((fi) => Array.from({ length: 9 }, (_, i) => k[i * 4 + fi]));
        }
      } finally {
        // model.dispose() frees the weights but not Adam's moment estimates.
        c.optimizer.dispose();
        f.optimizer.dispose();
        c.dispose();
        f.dispose();
        train.x.dispose();
        train.y.dispose();
      }
    }
  } finally {
    test.x.dispose();
    test.y.dispose();
  }
  return { rows, history, filters, backend: tf.getBackend(), tensorsAfter: tf.memory().numTensors };
}

function FilterGrid({ w }: { w: number[] }) {
  const m = Math.max(1e-6, ...w.map(Math.abs));
  return (
    <svg viewBox="0 0 3 3" width={60} height={60} className="edge-filter" data-filter>
      {w.map((v, i) => {
        const t = v / m; // −1 … 1: blue negative, red positive
        const c = t >= 0 ? `rgb(255,${Math.round(255 * (1 - t))},${Math.round(255 * (1 - t))})` : `rgb(${Math.round(255 * (1 + t))},${Math.round(255 * (1 + t))},255)`;
        return <rect key={i} x={i % 3} y={Math.floor(i / 3)} width={1} height={1} fill={c} />;
      })}
    </svg>
  );
}

const ACCURACY_LAYOUT: Partial<Layout> = {
  ...LEGEND_ABOVE,
  xaxis: { title: { text: 'training images' }, type: 'log' },
  yaxis: { title: { text: 'held-out accuracy' }, range: [0, 1.05] },
};

/** The two plots of an outcome, built once per run (progress messages re-render the widget). */
function outcomePlots(out: Outcome) {
  const accuracy: Data[] = [
    { x: out.rows.map((r) => r.n), y: out.rows.map((r) => r.cnn), type: 'scatter', mode: 'lines+markers', name: 'CNN' },
    { x: out.rows.map((r) => r.n), y: out.rows.map((r) => r.mlp), type: 'scatter', mode: 'lines+markers', name: 'MLP' },
  ];
  const history: Data[] = [
    { x: out.history.epoch, y: out.history.trainConfidence, type: 'scatter', mode: 'lines', name: 'confidence on its training images' },
    { x: out.history.epoch, y: out.history.testConfidence, type: 'scatter', mode: 'lines', name: 'confidence on held-out images' },
    { x: out.history.epoch, y: out.history.testAccuracy, type: 'scatter', mode: 'lines', name: 'held-out accuracy', line: { dash: 'dot' } },
  ];
  const historyLayout: Partial<Layout> = {
    title: { text: `CNN trained on ${out.history.n} images, epoch by epoch` },
    xaxis: { title: { text: 'epoch' } },
    yaxis: { range: [0, 1.05] },
    legend: { orientation: 'h', x: 0, y: -0.35 },
    height: 300,
    margin: { l: 60, r: 20, t: 40, b: 70 },
  };
  return { accuracy, history, historyLayout };
}

/** Train a small CNN and an MLP on seeded edge images with growing training sets, on the page. */
export default function EdgeBiasWidget(_: WidgetProps) {
  const [s, setS] = useState<Settings>({ permute: false, pool: 'max', sobel: false, testPlace: 'same' });
  const [busy, setBusy] = useState<string | null>(null);
  const [out, setOut] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const plots = useMemo(() => out && outcomePlots(out), [out]);
  const run = async () => {
    setError(null);
    setBusy('Loading TF.js…');
    try {
      setOut(await runExperiment(s, setBusy));
    } catch (e) {
      setError(`Training failed: ${errorMessage(e)}`);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="edge-widget">
      <div className="sliders">
        <label className="checkbox">
          <input type="checkbox" data-input="permute" checked={s.permute} onChange={(e) => setS({ ...s, permute: e.target.checked })} /> permute pixels (one fixed permutation)
        </label>
        <label className="checkbox">
          <input type="checkbox" data-input="sobel" checked={s.sobel} onChange={(e) => setS({ ...s, sobel: e.target.checked })} /> start two CNN filters as Sobel edge detectors
        </label>
        <label className="slider">
          <span className="slider-label">CNN pooling</span>
          <select data-input="pool" value={s.pool} onChange={(e) => setS({ ...s, pool: e.target.value as Settings['pool'] })}>
            <option value="max">max</option>
            <option value="avg">average</option>
          </select>
        </label>
        <label className="slider">
          <span className="slider-label">edge positions</span>
          <select data-input="place" value={s.testPlace} onChange={(e) => setS({ ...s, testPlace: e.target.value as Settings['testPlace'] })}>
            <option value="same">anywhere, in training and test</option>
            <option value="unseen">train: first half; test: second half</option>
          </select>
        </label>
        <button type="button" data-action="train" disabled={busy !== null} onClick={() => void run()}>
          {busy ? 'Training…' : 'Train both models'}
        </button>
      </div>
      {busy && (
        <p className="loading" data-progress>
          {busy}
        </p>
      )}
      {error && (
        <p className="cell-error" role="alert">
          {error}
        </p>
      )}
      {!out && !busy && !error && <p className="muted">Press the button: it trains {TRAIN_SIZES.length * 2} small models on this page (a few seconds).</p>}
      {out && plots && (
        <>
          <table className="numbers" data-table="edge">
            <thead>
              <tr>
                <th>Training images</th>
                <th>CNN test accuracy</th>
                <th>MLP test accuracy</th>
                <th>CNN mean confidence on its training images</th>
              </tr>
            </thead>
            <tbody>
              {out.rows.map((r) => (
                <tr key={r.n} data-n={r.n}>
                  <td>{r.n}</td>
                  <td className="num" data-value="cnn">
                    {(100 * r.cnn).toFixed(1)}%
                  </td>
                  <td className="num" data-value="mlp">
                    {(100 * r.mlp).toFixed(1)}%
                  </td>
                  <td className="num">{r.cnnConfidence.toFixed(3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Plot height={280} data={plots.accuracy} layout={ACCURACY_LAYOUT} />
          <Plot height={280} data={plots.history} layout={plots.historyLayout} />
          <p className="muted" data-overfit-summary>
            On {out.history.n} images the CNN's confidence on what it has seen rises from {out.history.trainConfidence[0].toFixed(2)} to{' '}
            {out.history.trainConfidence[out.history.trainConfidence.length - 1].toFixed(2)}, while its held-out accuracy ends at{' '}
            {(100 * out.history.testAccuracy[out.history.testAccuracy.length - 1]).toFixed(0)}% and its confidence on held-out images at{' '}
            {out.history.testConfidence[out.history.testConfidence.length - 1].toFixed(2)}.
          </p>
          <div className="edge-filters">
            <span className="muted">CNN first-layer filters after training on {TRAIN_SIZES[TRAIN_SIZES.length - 1]} images (red positive, blue negative):</span>
            {out.filters.map((w, i) => (
              <FilterGrid key={i} w={w} />
            ))}
          </div>
          <p className="muted">
            About 200 Adam steps (batch 32) per model, 300 held-out images, TF.js backend “{out.backend}”; {out.tensorsAfter} tensors alive afterwards.
          </p>
        </>
      )}
    </div>
  );
}
