/**
 * The "implementations" panel: runs GradBook's TF.js layers (src/nn) on a small seeded input on a
 * backend the user picks, and draws one channel of the output and of dx as heatmaps. A second
 * button runs the layer self-test (every layer against tf.grad and the cpu backend) on that backend.
 * TF.js and the layers are imported on demand, so nothing of them is in the first bundle.
 */
import { useEffect, useRef, useState } from 'react';
import type { LayerRunResult, Map2D, PlaygroundLayer } from '../../nn/layerRun';
import type { LayerSelfTestResult } from '../../nn/selftest';
import type { WidgetProps } from './types';
import { errorMessage } from './widgetHelpers';

const LAYERS = {
  conv: 'convolution 3×3, 3 filters, stride 1, pad 1',
  maxpool: 'max pool 2×2, stride 2',
  'spatial-batchnorm': 'spatial batchnorm (train mode)',
  dropout: 'dropout, keep probability 0.6 (train mode)',
  depthwise: 'depthwise convolution 3×3, stride 1, pad 1',
} as const satisfies Record<PlaygroundLayer, string>;
type LayerName = keyof typeof LAYERS;
const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;

/** Blue (negative) – white (0) – red (positive), scaled to the largest magnitude. */
function Heatmap({ map, label }: { map: Map2D; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const scale = Math.max(1e-12, ...Array.from(map.values, Math.abs));
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(map.cols, map.rows);
    map.values.forEach((v, i) => {
      const t = Math.max(-1, Math.min(1, v / scale));
      const [r, g, b] = t >= 0 ? [255, 255 * (1 - t), 255 * (1 - t)] : [255 * (1 + t), 255 * (1 + t), 255];
      img.data.set([r, g, b, 255], 4 * i);
    });
    ctx.putImageData(img, 0, 0);
  }, [map, scale]);
  return (
    <figure className="heatmap" data-heatmap={label}>
      <canvas ref={ref} width={map.cols} height={map.rows} style={{ width: map.cols * 18, height: map.rows * 18 }} />
      <figcaption>
        {label} <span className="heatmap-range">(±{scale.toPrecision(3)})</span>
      </figcaption>
    </figure>
  );
}

export default function LayerPlayground(_: WidgetProps) {
  const [layer, setLayer] = useState<LayerName>('conv');
  const [backend, setBackend] = useState<string>('cpu');
  const [seed, setSeed] = useState(1);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<LayerRunResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selftest, setSelftest] = useState<{ backend: string; results: LayerSelfTestResult[] } | null>(null);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const { runLayer } = await import('../../nn/layerRun');
      setResult(await runLayer(layer, backend, seed));
    } catch (err) {
      setResult(null);
      setError(`Could not run on ${backend}: ${errorMessage(err)}`);
    } finally {
      setBusy(false);
    }
  };

  const runSelftest = async () => {
    setBusy(true);
    setError(null);
    try {
      const { runLayerSelfTest } = await import('../../nn/selftest');
      setSelftest({ backend, results: await runLayerSelfTest(backend) });
    } catch (err) {
      setError(`The self-test could not run on ${backend}: ${errorMessage(err)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="layer-playground">
      <div className="lp-controls">
        <label>
          layer{' '}
          <select data-lp="layer" value={layer} onChange={(e) => setLayer(e.target.value as LayerName)}>
            {Object.entries(LAYERS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label>
          backend{' '}
          <select data-lp="backend" value={backend} onChange={(e) => setBackend(e.target.value)}>
            {BACKEND_NAMES.map((b) => (
              <option key={b}>{b}</option>
            ))}
          </select>
        </label>
        <label>
          seed <input data-lp="seed" type="number" min={0} value={seed} onChange={(e) => setSeed(Math.max(0, Math.floor(Number(e.target.value) || 0)))} />
        </label>
        <button type="button" data-action="run-layer" onClick={run} disabled={busy}>
          Run layer
        </button>
        <button type="button" data-action="run-selftest" onClick={runSelftest} disabled={busy}>
          Self-test all layers on {backend}
        </button>
      </div>
      {busy && <p className="loading">Running on {backend}…</p>}
      {error && (
        <p className="cell-error" role="alert" data-lp-error>
          {error}
        </p>
      )}
      {result && (
        <div className="lp-result" data-lp-result data-backend={result.backend}>
          <p>
            Ran on <b data-lp-backend>{result.backend}</b> in {result.ms.toFixed(0)} ms. Input 1×8×8×2 (NHWC), output{' '}
            {result.outShape.join('×')}; channel 0 shown, upstream gradient random.
          </p>
          <div className="lp-maps">
            <Heatmap map={result.input} label="input x, channel 0" />
            <Heatmap map={result.out} label="output, channel 0" />
            {result.dx && <Heatmap map={result.dx} label="dx, channel 0" />}
          </div>
          {result.dxError && (
            <p className="cell-error" data-lp-dx-error>
              Backward pass: {result.dxError}
            </p>
          )}
        </div>
      )}
      {selftest && (
        <table className="check-table" data-selftest={selftest.backend}>
          <thead>
            <tr>
              <th>layer on {selftest.backend}</th>
              <th>worst rel. error</th>
              <th>result</th>
            </tr>
          </thead>
          <tbody>
            {selftest.results.map((r) => (
              <tr key={r.name} className={r.ok ? 'pass' : 'fail'} data-selftest-row={r.ok ? 'pass' : r.missingKernel ? 'missing-kernel' : 'fail'} data-missing-kernel={r.missingKernel ?? ''}>
                <td>{r.name}</td>
                <td className="num">{r.relError === undefined ? '—' : r.relError.toExponential(2)}</td>
                <td>
                  {r.ok ? '✓ pass' : r.missingKernel ? `missing kernel ${r.missingKernel}` : `✗ ${r.error ?? 'fail'}`}
                  {r.note && <div className="check-note">{r.note}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
