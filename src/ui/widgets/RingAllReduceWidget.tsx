import { useEffect, useMemo, useState } from 'react';
import {
  messageFormula,
  randomGradients,
  SCHEMES,
  simulate,
  simulateRingAllReduce,
  timeCurves,
  workersHoldingSum,
  type ChunkState,
  type RingRun,
  type Scheme,
} from '../../core/allreduce';
import { Tex } from '../Tex';
import { Plot } from './Plot';
import { Slider } from './Slider';
import type { WidgetProps } from './types';
import { num, thousands as fmt } from './widgetHelpers';

const MAX_N = 8;
const MAX_P = 24;
const PLAY_MS = 900;

function intProp(v: number | string | undefined, fallback: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.round(num(v, fallback))));
}

const SCHEME_NAMES: Record<Scheme, string> = {
  'all-to-all': 'All-to-all',
  'parameter-server': 'Parameter server',
  ring: 'Ring all-reduce',
};

const FORMULA_TEX: Record<Scheme, [string, string]> = {
  'all-to-all': ['n(n-1)', 'p'],
  'parameter-server': ['2n', 'p'],
  ring: ['2n(n-1)', 'p/n'],
};

function ChunkCell({ c, role }: { c: ChunkState; role: 'send' | 'recv' | 'both' | null }) {
  const cls = ['chunk', c.complete ? 'complete' : '', role ? `ring-${role}` : ''].filter(Boolean).join(' ');
  return (
    <td className={cls} data-complete={c.complete ? 'true' : 'false'} data-role={role ?? ''}>
      <span className="chunk-values">{c.values.length ? `[${c.values.join(', ')}]` : '[ ]'}</span>
      <span className="chunk-contrib" title="workers whose gradients are summed in this chunk">
        Σ {c.contributors.map((w) => `g${w}`).join('+')}
      </span>
    </td>
  );
}

/**
 * Ring all-reduce, step by step (problem 4): a grid of workers × chunks, the transfers of each
 * step highlighted, and at the end a check that every worker holds the true sum. Below it, the
 * message counts of all three schemes from running their simulators, and the time model.
 */
export default function RingAllReduceWidget({ props }: WidgetProps) {
  const [n, setN] = useState(() => intProp(props.n, 4, 2, MAX_N));
  const [p, setP] = useState(() => intProp(props.p, 8, 1, MAX_P));
  const [seed, setSeed] = useState(1);
  const [step, setStep] = useState(0);
  const [playing, setPlaying] = useState(false);

  const gradients = useMemo(() => randomGradients(n, p, `ring-${seed}`, true), [n, p, seed]);
  const run: RingRun = useMemo(() => simulateRingAllReduce(gradients), [gradients]);
  const total = run.steps.length;
  const shown = Math.min(step, total);
  const state = shown === 0 ? run.initial : run.steps[shown - 1].state;
  const current = shown === 0 ? null : run.steps[shown - 1];

  // Any change of n, p or the numbers starts over from the workers' own gradients.
  useEffect(() => {
    setStep(0);
    setPlaying(false);
  }, [n, p, seed]);

  useEffect(() => {
    if (!playing) return;
    if (shown >= total) {
      setPlaying(false);
      return;
    }
    const t = setTimeout(() => setStep((s) => s + 1), PLAY_MS);
    return () => clearTimeout(t);
  }, [playing, shown, total]);

  const roles = new Map<string, 'send' | 'recv' | 'both'>();
  for (const t of current?.transfers ?? []) {
    const a = `${t.from}:${t.chunk}`;
    const b = `${t.to}:${t.chunk}`;
    roles.set(a, roles.get(a) === 'recv' ? 'both' : 'send');
    roles.set(b, roles.get(b) === 'send' ? 'both' : 'recv');
  }

  const done = shown === total;
  const holdsSum = workersHoldingSum(state, run.trueSum);
  const allHold = done && holdsSum.every(Boolean);

  const runs = useMemo(() => SCHEMES.map((s) => ({ scheme: s, run: simulate(s, gradients), formula: messageFormula(s, n, p) })), [gradients, n, p]);

  return (
    <div className="ring-widget">
      <div className="sliders">
        <Slider label="workers n" name="n" value={n} min={2} max={MAX_N} onChange={setN} />
        <Slider label="parameters p" name="p" value={p} min={1} max={MAX_P} onChange={setP} />
      </div>
      <div className="ring-controls">
        <button type="button" data-action="ring-reset" onClick={() => { setPlaying(false); setStep(0); }} disabled={shown === 0}>
          Reset
        </button>
        <button type="button" data-action="ring-step" onClick={() => setStep((s) => Math.min(total, s + 1))} disabled={done}>
          Step ▸
        </button>
        <button type="button" data-action="ring-play" onClick={() => setPlaying((v) => !v)} disabled={done}>
          {playing ? 'Pause' : '▶ Play'}
        </button>
        <button type="button" data-action="ring-end" onClick={() => { setPlaying(false); setStep(total); }} disabled={done}>
          To the end
        </button>
        <button type="button" className="link-button" onClick={() => setSeed((s) => s + 1)}>
          new random gradients
        </button>
        <span className="ring-status" data-ring-step={shown} data-ring-total={total}>
          {current
            ? `Step ${shown} of ${total}: ${current.phase} ${current.phaseStep}/${n - 1} — every worker ${current.phase === 'reduce-scatter' ? 'adds the chunk it receives to its own' : 'overwrites its chunk with the complete one it receives'}`
            : `Start: each worker holds its own gradient gᵢ, cut into ${n} chunks (${total} steps to go)`}
        </span>
      </div>
      {p < n && <p className="muted">p &lt; n, so some chunks are empty; their (empty) messages are still sent, as the formula counts them.</p>}
      <div className="ring-grid-wrap">
        <table className="ring-grid" data-ring-grid>
          <thead>
            <tr>
              <th>worker</th>
              {run.chunks.map((c, j) => (
                <th key={j}>
                  chunk {j} <span className="muted">({c.size})</span>
                </th>
              ))}
              {done && <th>holds Σ?</th>}
            </tr>
          </thead>
          <tbody>
            {state.map((row, w) => (
              <tr key={w} data-worker={w}>
                <th>W{w}</th>
                {row.map((c, j) => (
                  <ChunkCell key={j} c={c} role={roles.get(`${w}:${j}`) ?? null} />
                ))}
                {done && <td data-holds-sum={holdsSum[w] ? 'true' : 'false'}>{holdsSum[w] ? '✓' : '✗'}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {current && (
        <ul className="ring-transfers" data-transfers>
          {current.transfers.map((t) => (
            <li key={t.from}>
              W{t.from} → W{t.to}: chunk {t.chunk} [{t.values.join(', ')}] ({t.op === 'add' ? 'added' : 'copied'})
            </li>
          ))}
        </ul>
      )}
      <p className="muted">
        <span className="legend ring-send">sent</span> <span className="legend ring-recv">received</span>{' '}
        <span className="legend complete">complete sum of all n gradients</span>
      </p>
      <p className="ring-truth">
        True sum Σ g<sub>i</sub> = [{run.trueSum.join(', ')}]
      </p>
      {done && (
        <p className={`verdict ${allHold ? 'correct' : 'incorrect'}`} data-all-hold-sum={allHold ? 'true' : 'false'}>
          {allHold
            ? `After ${total} steps every one of the ${n} workers holds the full sum, entry for entry equal to the true sum.`
            : 'Some worker does not hold the true sum — this is a bug in the simulator.'}
        </p>
      )}

      <h3>Counted by running each scheme on these gradients</h3>
      <table className="numbers" data-scheme-counts>
        <thead>
          <tr>
            <th>Scheme</th>
            <th>Messages (formula)</th>
            <th>Messages (counted)</th>
            <th>Size (formula)</th>
            <th>Sizes sent</th>
            <th>Numbers sent</th>
            <th>Bytes (float32)</th>
          </tr>
        </thead>
        <tbody>
          {runs.map(({ scheme, run: r, formula }) => (
            <tr key={scheme} data-scheme={scheme}>
              <td>{SCHEME_NAMES[scheme]}</td>
              <td>
                <Tex tex={`${FORMULA_TEX[scheme][0]} = ${formula.messages}`} />
              </td>
              <td className="num" data-count-messages>
                {r.messageCount}
                {r.messageCount === formula.messages ? ' ✓' : ' ✗'}
              </td>
              <td>
                <Tex tex={`${FORMULA_TEX[scheme][1]} = ${fmt(formula.size)}`} />
              </td>
              <td className="num">{r.minMessageSize === r.maxMessageSize ? r.maxMessageSize : `${r.minMessageSize}–${r.maxMessageSize}`}</td>
              <td className="num" data-count-elements>
                {r.elementsSent}
              </td>
              <td className="num">{fmt(r.bytesSent)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        With p not divisible by n the ring's chunks differ by one number, so p/n is the average message size; the total
        2(n−1)p is exact. Each ring worker sends 2(n−1)p/n &lt; 2p numbers, however many workers there are.
      </p>
      <TimeModel />
    </div>
  );
}

// A constant, so re-renders do not redraw the plot.
const TIME_LAYOUT = {
  xaxis: { title: { text: 'workers n' } },
  yaxis: { title: { text: 'milliseconds' }, type: 'log' as const },
  legend: { orientation: 'h' as const, y: -0.25 },
};

/** Seconds per synchronization vs n under α + size/β per message (one port per node). */
function TimeModel() {
  const [alphaUs, setAlphaUs] = useState('10');
  const [gbps, setGbps] = useState('10');
  const [params, setParams] = useState('25000000');
  const a = Number(alphaUs);
  const g = Number(gbps);
  const pp = Number(params);
  const problem =
    !(Number.isFinite(a) && a >= 0)
      ? 'Latency α must be a number ≥ 0 (microseconds).'
      : !(Number.isFinite(g) && g > 0)
        ? 'Bandwidth must be a number > 0 (Gbit/s).'
        : !(Number.isInteger(pp) && pp >= 1 && pp <= 1e11)
          ? 'The model size p must be a whole number between 1 and 10¹¹.'
          : null;
  const data = useMemo(() => {
    if (problem) return null;
    const ns = Array.from({ length: 63 }, (_, i) => i + 2);
    // float32 gradients: β in numbers per second = bits per second / 32.
    const curves = timeCurves(ns, pp, { alpha: a * 1e-6, beta: (g * 1e9) / 32 });
    return SCHEMES.map((s) => ({ x: ns, y: curves.seconds[s].map((t) => t * 1000), type: 'scatter' as const, mode: 'lines' as const, name: SCHEME_NAMES[s] }));
  }, [problem, a, g, pp]);
  return (
    <div className="ring-time">
      <h3>Time per synchronization as the number of workers grows</h3>
      <p className="muted">
        Each message costs α + size/β; a node sends one message at a time on its one link and receives one at a time, links
        of different nodes run in parallel. Per synchronization: all-to-all (n−1)(α + p/β), parameter server 2n(α + p/β)
        (the server's link is the bottleneck), ring 2(n−1)(α + ⌈p/n⌉/β).
      </p>
      <div className="ring-time-inputs">
        <label>
          α (µs) <input data-input="alpha" value={alphaUs} onChange={(e) => setAlphaUs(e.target.value)} inputMode="decimal" />
        </label>
        <label>
          link bandwidth (Gbit/s) <input data-input="bandwidth" value={gbps} onChange={(e) => setGbps(e.target.value)} inputMode="decimal" />
        </label>
        <label>
          parameters p <input data-input="model-p" value={params} onChange={(e) => setParams(e.target.value)} inputMode="numeric" />
        </label>
      </div>
      {problem ? (
        <p className="cell-error" role="alert" data-time-error>
          {problem}
        </p>
      ) : (
        data && (
          <Plot
            data={data}
            height={300}
            layout={TIME_LAYOUT}
          />
        )
      )}
    </div>
  );
}
