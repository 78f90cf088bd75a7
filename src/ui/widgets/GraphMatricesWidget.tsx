import { useId, useMemo, useState, type MouseEvent } from 'react';
import {
  addEdge,
  addNode,
  checkFlowConservation,
  EXAMPLE_UNDIRECTED,
  flowBalance,
  graphMatrices,
  incidenceMatrix,
  removeEdge,
  removeNode,
  ROAD_FLOW,
  ROAD_NETWORK,
  setDirected,
  type DegreeKind,
  type Graph,
  type GraphMatrices,
} from '../../core/graphs';
import type { Complex } from '../../core/linalg';
import { Tex } from '../Tex';
import type { WidgetProps } from './types';
import { attempt } from './widgetHelpers';

const W = 420;
const H = 260;
const R = 14;

type Mode = 'node' | 'edge' | 'delete';

const EMPTY: Graph = { directed: false, nodes: [], edges: [] };

function exampleFor(name: string | number | undefined): Graph {
  return name === 'road' ? ROAD_NETWORK : name === 'empty' ? EMPTY : EXAMPLE_UNDIRECTED;
}

/** Entries as exact-looking text: integers stay integers, others get 3 decimals (never NaN). */
function entry(v: number): string {
  if (!Number.isFinite(v)) return '\\text{?}';
  if (Object.is(v, -0) || Math.abs(v) < 1e-12) return '0';
  return Number.isInteger(v) ? String(v) : v.toFixed(3);
}

function matrixTex(name: string, M: number[][], labels: string[]): string {
  if (M.length === 0) return `${name} = [\\,]`;
  const cols = labels.map((l) => `\\scriptstyle ${l}`).join(' & ');
  const body = M.map((r, i) => `\\scriptstyle ${labels[i]} & ${r.map(entry).join(' & ')}`).join(' \\\\ ');
  return `${name} = \\begin{array}{c|${'r'.repeat(labels.length)}} & ${cols} \\\\ \\hline ${body} \\end{array}`;
}

export function MatrixView({ name, tex, M, labels, note }: { name: string; tex: string; M: number[][]; labels: string[]; note?: string }) {
  return (
    <figure className="graph-matrix" data-matrix={name} data-values={JSON.stringify(M.map((r) => r.map((v) => +v.toFixed(6))))}>
      <Tex tex={matrixTex(tex, M, labels)} />
      {note && <figcaption className="muted">{note}</figcaption>}
    </figure>
  );
}

/** 2.2e-16 as 2.2 × 10^{-16} in TeX (0 stays 0). */
function sciTex(v: number): string {
  if (v === 0) return '0';
  const [m, e] = v.toExponential(1).split('e');
  return Number(e) === 0 ? m : `${m} \\times 10^{${Number(e)}}`;
}

/** Core's notes write D^{-1/2} as TeX source; shown as plain text it reads better as D^(−1/2). */
function plainNote(text: string): string {
  return text.replace(/\^\{-1\/2\}/g, '^(−1/2)');
}

function complexText(z: Complex): string {
  const re = Math.abs(z.re) < 1e-12 ? 0 : z.re;
  if (Math.abs(z.im) < 1e-12) return re.toFixed(3);
  return `${re.toFixed(3)} ${z.im < 0 ? '−' : '+'} ${Math.abs(z.im).toFixed(3)}i`;
}

interface ViewProps {
  graph: Graph;
  selected?: number | null;
  onBackground?: (x: number, y: number) => void;
  onNode?: (i: number) => void;
  onEdge?: (k: number) => void;
  /** Per-edge text instead of the edge's own label (e.g. a flow). */
  edgeText?: (k: number) => string;
  height?: number;
  title: string;
}

/** Draws a graph in SVG; positions are in a unit box (nodes without one go on a circle). */
export function GraphView({ graph, selected, onBackground, onNode, onEdge, edgeText, height = H, title }: ViewProps) {
  const n = graph.nodes.length;
  const pos = graph.nodes.map((node, i) => {
    const t = (2 * Math.PI * i) / Math.max(1, n);
    const x = node.x ?? 0.5 + 0.4 * Math.cos(t);
    const y = node.y ?? 0.5 + 0.4 * Math.sin(t);
    return { x: 30 + x * (W - 60), y: 25 + y * (height - 50) };
  });
  const pairs = new Set(graph.edges.map((e) => `${e.from}-${e.to}`));
  // Several graphs share a page: each SVG needs its own marker id.
  const arrow = `arrow${useId().replace(/:/g, '')}`;
  const click = (e: MouseEvent<SVGSVGElement>) => {
    if (!onBackground || e.target !== e.currentTarget) return;
    const box = e.currentTarget.getBoundingClientRect();
    const x = ((e.clientX - box.left) / box.width) * W;
    const y = ((e.clientY - box.top) / box.height) * height;
    onBackground(Math.min(1, Math.max(0, (x - 30) / (W - 60))), Math.min(1, Math.max(0, (y - 25) / (height - 50))));
  };
  return (
    <svg className="graph-svg" viewBox={`0 0 ${W} ${height}`} role="img" aria-label={title} onClick={click} data-graph-svg>
      <defs>
        <marker id={arrow} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" fill="#5f6b7a" />
        </marker>
      </defs>
      {graph.edges.map((e, k) => {
        const a = pos[e.from];
        const b = pos[e.to];
        if (!a || !b) return null;
        const dx = b.x - a.x;
        const dy = b.y - a.y;
        const len = Math.hypot(dx, dy) || 1;
        const ux = dx / len;
        const uy = dy / len;
        // Two-way streets are two arrows: offset each sideways so both show.
        const off = graph.directed && pairs.has(`${e.to}-${e.from}`) ? 5 : 0;
        const ox = -uy * off;
        const oy = ux * off;
        const x1 = a.x + ux * R + ox;
        const y1 = a.y + uy * R + oy;
        const x2 = b.x - ux * (R + 2) + ox;
        const y2 = b.y - uy * (R + 2) + oy;
        const text = edgeText ? edgeText(k) : e.label;
        return (
          <g key={k} className="graph-edge" data-edge={`${graph.nodes[e.from].label}-${graph.nodes[e.to].label}`} onClick={onEdge ? () => onEdge(k) : undefined}>
            <line x1={x1} y1={y1} x2={x2} y2={y2} markerEnd={graph.directed ? `url(#${arrow})` : undefined} />
            <line className="graph-edge-hit" x1={x1} y1={y1} x2={x2} y2={y2} />
            {text && (
              <text x={(x1 + x2) / 2 + ox * 1.6} y={(y1 + y2) / 2 + oy * 1.6 + 3} className="graph-edge-label">
                {text}
              </text>
            )}
          </g>
        );
      })}
      {graph.nodes.map((node, i) => (
        <g
          key={`${node.label}-${i}`}
          className={`graph-node${selected === i ? ' selected' : ''}`}
          data-node={node.label}
          onClick={onNode ? (e) => { e.stopPropagation(); onNode(i); } : undefined}
        >
          <circle cx={pos[i].x} cy={pos[i].y} r={R} />
          <text x={pos[i].x} y={pos[i].y + 4}>
            {node.label}
          </text>
        </g>
      ))}
    </svg>
  );
}

function nextLabel(g: Graph): string {
  const letters = g.nodes.length > 0 && g.nodes.every((n) => /^[a-z]$/.test(n.label));
  for (let i = 0; ; i++) {
    const l = letters ? (i < 26 ? String.fromCharCode(97 + i) : `n${i}`) : String(i + 1);
    if (!g.nodes.some((n) => n.label === l)) return l;
  }
}

/**
 * Problem 7's graph editor: click to add nodes, click two nodes to add or remove an edge, and
 * every matrix of the problem updates live (computed by `core/graphs`, the same code as the keys).
 */
export default function GraphMatricesWidget({ props }: WidgetProps) {
  const [graph, setGraph] = useState<Graph>(() => exampleFor(props.graph));
  const [mode, setMode] = useState<Mode>('node');
  const [selected, setSelected] = useState<number | null>(null);
  const [which, setWhich] = useState<DegreeKind>('out');
  const [message, setMessage] = useState<string | null>(null);
  const radioName = useId();

  const result = useMemo(() => attempt(() => ({ m: graphMatrices(graph, graph.directed ? which : 'out') })), [graph, which]);

  const apply = (r: { ok: boolean; graph: Graph; reason?: string }, ok?: string) => {
    setGraph(r.graph);
    setMessage(r.ok ? (ok ?? null) : (r.reason ?? 'That edit is not allowed.'));
  };
  const load = (g: Graph) => {
    setGraph(g);
    setSelected(null);
    setMessage(null);
  };

  const onBackground = (x: number, y: number) => {
    if (mode !== 'node') {
      setSelected(null);
      return;
    }
    if (graph.nodes.length >= 12) {
      setMessage('At most 12 nodes, so the matrices stay readable.');
      return;
    }
    apply(addNode(graph, nextLabel(graph), { x, y }));
  };
  const onNode = (i: number) => {
    if (mode === 'delete') {
      setSelected(null);
      apply(removeNode(graph, i), `Removed node ${graph.nodes[i].label} and its edges.`);
      return;
    }
    if (mode !== 'edge') {
      setMode('edge');
      setSelected(i);
      return;
    }
    if (selected === null) {
      setSelected(i);
      return;
    }
    if (selected === i) {
      setSelected(null);
      return;
    }
    const k = graph.edges.findIndex((e) => (e.from === selected && e.to === i) || (!graph.directed && e.from === i && e.to === selected));
    const a = graph.nodes[selected].label;
    const b = graph.nodes[i].label;
    if (k >= 0) apply(removeEdge(graph, k), `Removed edge ${a}${graph.directed ? '→' : '–'}${b}.`);
    else apply(addEdge(graph, selected, i), `Added edge ${a}${graph.directed ? '→' : '–'}${b}.`);
    setSelected(null);
  };
  const onEdge = (k: number) => {
    if (mode === 'node') return;
    const e = graph.edges[k];
    apply(removeEdge(graph, k), `Removed edge ${graph.nodes[e.from].label}${graph.directed ? '→' : '–'}${graph.nodes[e.to].label}.`);
  };
  const toggleDirected = (d: boolean) => {
    const { graph: g, merged } = setDirected(graph, d);
    setGraph(g);
    setMessage(merged ? `${merged} pair${merged === 1 ? '' : 's'} of opposite edges merged into one undirected edge each.` : null);
  };

  const labels = graph.nodes.map((n) => n.label);
  const D = graph.directed ? (which === 'out' ? 'D_{out}' : 'D_{in}') : 'D';
  return (
    <div className="graph-widget">
      <div className="graph-toolbar">
        <span role="radiogroup" aria-label="click mode" className="graph-modes">
          {(
            [
              ['node', 'Add node'],
              ['edge', 'Add / remove edge'],
              ['delete', 'Delete node'],
            ] as const
          ).map(([m, text]) => (
            <label key={m}>
              <input type="radio" name={radioName} data-mode={m} checked={mode === m} onChange={() => { setMode(m); setSelected(null); }} /> {text}
            </label>
          ))}
        </span>
        <label>
          <input type="checkbox" data-action="directed" checked={graph.directed} onChange={(e) => toggleDirected(e.target.checked)} /> directed
        </label>
        {graph.directed && (
          <label>
            degrees{' '}
            <select data-degree-kind value={which} onChange={(e) => setWhich(e.target.value as DegreeKind)}>
              <option value="out">out-degree</option>
              <option value="in">in-degree</option>
            </select>
          </label>
        )}
        <span className="graph-load">
          load: <button type="button" data-load="example" onClick={() => load(EXAMPLE_UNDIRECTED)}>example graph</button>{' '}
          <button type="button" data-load="road" onClick={() => load(ROAD_NETWORK)}>road network</button>{' '}
          <button type="button" data-load="empty" onClick={() => load(EMPTY)}>empty</button>
        </span>
      </div>
      <p className="muted graph-help">
        {mode === 'node' && 'Click empty space to add a node. Click a node to start an edge.'}
        {mode === 'edge' && (selected === null ? 'Click a node, then another: adds the edge, or removes it if it exists. Clicking an edge removes it.' : `From ${labels[selected]}: click the other end (or ${labels[selected]} again to cancel).`)}
        {mode === 'delete' && 'Click a node to delete it with its edges. Clicking an edge removes it.'}
      </p>
      <GraphView graph={graph} selected={selected} onBackground={onBackground} onNode={onNode} onEdge={onEdge} title="graph editor" />
      <p className="graph-summary" data-graph-summary>
        {graph.nodes.length} nodes, {graph.edges.length} {graph.directed ? 'directed' : 'undirected'} edges
      </p>
      {message && (
        <p className="muted" role="status" data-graph-message>
          {message}
        </p>
      )}
      {'error' in result ? (
        <p className="cell-error" role="alert">
          The matrices could not be computed: {result.error}
        </p>
      ) : graph.nodes.length === 0 ? (
        <p className="muted">The graph is empty: click in the box to add nodes.</p>
      ) : (
        <Matrices m={result.m} labels={labels} D={D} directed={graph.directed} />
      )}
    </div>
  );
}

function Matrices({ m, labels, D, directed }: { m: GraphMatrices; labels: string[]; D: string; directed: boolean }) {
  const id = m.identity;
  return (
    <div className="graph-matrices">
      {m.note && (
        <p className="banner warning" data-zero-degree>
          {plainNote(m.note.message)}
        </p>
      )}
      <div className="graph-matrix-grid">
        <MatrixView name="A" tex="A" M={m.A} labels={labels} note={directed ? 'A_ij = 1 for an edge from i to j' : undefined} />
        {directed ? (
          <>
            <MatrixView name="Dout" tex="D_{out}" M={m.Dout} labels={labels} note="row sums of A" />
            <MatrixView name="Din" tex="D_{in}" M={m.Din} labels={labels} note="column sums of A" />
          </>
        ) : (
          <MatrixView name="D" tex="D" M={m.D} labels={labels} />
        )}
        <MatrixView name="ADinv" tex={`A${D}^{-1}`} M={m.ADinv} labels={labels} />
        <MatrixView name="symAdj" tex={`${D}^{-1/2}A${D}^{-1/2}`} M={m.symAdj} labels={labels} />
        <MatrixView name="L" tex={`L = ${D} - A`} M={m.L} labels={labels} />
        <MatrixView name="Lsym" tex={`L_{sym} = I - ${D}^{-1/2}A${D}^{-1/2}`} M={m.Lsym} labels={labels} />
        <MatrixView name="A2" tex="A^2" M={m.A2} labels={labels} note="(A²)_ij = number of walks of length 2 from i to j" />
        <MatrixView name="A3" tex="A^3" M={m.A3} labels={labels} note="(A³)_ij = number of walks of length 3 from i to j" />
      </div>
      <p data-identity-check={id.holds ? 'holds' : 'differs'} className={`verdict ${id.holds ? 'correct' : 'invalid'}`}>
        Check of (14) on this graph: <Tex tex={`\\max_{ij} \\left| (I - ${D}^{-1/2}A${D}^{-1/2})_{ij} - (${D}^{-1/2}L${D}^{-1/2})_{ij} \\right| = ${sciTex(id.maxAbsDiff)}`} />
        {id.holds
          ? ' — the two sides agree.'
          : ` — they differ at ${id.differing.map(([i]) => labels[i]).join(', ')}'s diagonal, where the degree is 0 and D^(−1/2) does not exist.`}
      </p>
      <p data-spectrum data-in-zero-two={m.spectrum.inZeroTwo ? 'true' : 'false'}>
        Eigenvalues of <Tex tex="L_{sym}" />: {m.spectrum.values.map(complexText).join(', ')}.{' '}
        {m.spectrum.symmetric
          ? m.spectrum.inZeroTwo
            ? 'All lie in [0, 2], as they must for an undirected graph: 0 once per connected component with an edge, 2 only for a bipartite component.'
            : 'Some eigenvalue is outside [0, 2] — unexpected for a symmetric L_sym.'
          : m.spectrum.inZeroTwo
            ? 'L_sym is not symmetric here (directed graph), yet these eigenvalues happen to be real and in [0, 2].'
            : 'L_sym is not symmetric here (directed graph): its eigenvalues may be complex or leave [0, 2].'}
      </p>
    </div>
  );
}

/** Everything the road widget shows but the flow toggle: it all comes from constants. */
function roadFlow() {
  const g = ROAD_NETWORK;
  const B = incidenceMatrix(g);
  const f = ROAD_FLOW.flow;
  const labels = g.nodes.map((n) => n.label);
  const segs = g.edges.map((e) => e.label ?? '');
  const bTex = `B = \\begin{array}{c|${'r'.repeat(segs.length)}} & ${segs.map((s) => `\\scriptstyle ${s}`).join(' & ')} \\\\ \\hline ${B.map((r, i) => `${labels[i]} & ${r.map((v) => (v === 0 ? '\\cdot' : String(v))).join(' & ')}`).join(' \\\\ ')} \\end{array}`;
  return { g, B, f, balance: flowBalance(g, f), check: checkFlowConservation(g, f, ROAD_FLOW), labels, bTex };
}

/**
 * The road network with a feasible flow: the incidence matrix B, the flow f on each segment and
 * B f (inflow − outflow) at each intersection — zero everywhere but the source and the sink.
 */
export function RoadFlowWidget() {
  const { g, B, f, balance, check, labels, bTex } = useMemo(roadFlow, []);
  const [showFlow, setShowFlow] = useState(false);
  return (
    <div className="road-widget">
      <label>
        <input type="checkbox" data-action="show-flow" checked={showFlow} onChange={(e) => setShowFlow(e.target.checked)} /> show the flow
        (vehicles/hour) instead of the segment numbers
      </label>
      <GraphView graph={g} title="road network a–h with 22 segments" height={250} edgeText={showFlow ? (k) => String(f[k]) : undefined} />
      <div className="road-incidence" data-matrix="B" data-values={JSON.stringify(B)}>
        <Tex tex={bTex} />
      </div>
      <p className="muted">
        B has one row per intersection and one column per segment: −1 where the segment leaves, +1 where it arrives.
      </p>
      <table className="numbers road-balance" data-flow-balance>
        <thead>
          <tr>
            <th>intersection</th>
            {labels.map((l) => (
              <th key={l}>{l}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>(Bf) = in − out</td>
            {balance.map((b, i) => (
              <td key={i} className="num" data-balance={labels[i]}>
                {b}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      <p className={`verdict ${check.conserved ? 'correct' : 'incorrect'}`} data-conserved={check.conserved ? 'true' : 'false'}>
        {check.conserved
          ? `Conserved: Bf = 0 at every intersection except the source a (−${check.throughput}: the vehicles entering) and the sink h (+${check.throughput}), and every segment carries a positive flow in its direction.`
          : `Not conserved at ${check.violations.map((v) => v.label).join(', ')}.`}
      </p>
    </div>
  );
}
