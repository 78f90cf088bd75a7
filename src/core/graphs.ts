/**
 * Graphs and their matrices (problem 7 of the first homework): adjacency, degrees, normalized
 * adjacency, Laplacians, walk counts, spectra, incidence matrix and flow conservation, plus
 * pure editing helpers for the graph editor and the example graphs the answer keys use.
 *
 * Conventions (as in the homework):
 * - Nodes are indices 0 … n − 1 into `nodes`; labels are for display and must be unique.
 * - Directed: A_ij = 1 when there is an edge FROM i TO j. Out-degree = row sums of A, in-degree =
 *   column sums. Undirected: A is symmetric and the degree is the row sum.
 * - Graphs are simple: no self-loops, no repeated edges (a two-way street is two directed edges
 *   i→j and j→i). The editing helpers refuse edits that would break this.
 * - Zero degrees: D⁻¹ and D^{-1/2} do not exist. GradBook uses 0 for those entries (the
 *   pseudo-inverse convention), so a zero-degree node's rows and columns of AD⁻¹ and
 *   D^{-1/2}AD^{-1/2} are zero — never NaN — and every result reports such nodes in a note.
 *   L_sym is the homework's definition (13), I − D^{-1/2}AD^{-1/2}; it then has 1 on an isolated
 *   node's diagonal while D^{-1/2}LD^{-1/2} has 0 there: identity (14) needs D invertible.
 * - For directed graphs every degree-based quantity takes `which` = 'out' or 'in' (the homework's
 *   part (g) asks for both); for undirected graphs the two coincide.
 */
import { createRng } from './rng';
import {
  add,
  diagMatrix,
  eigenvalues,
  identity,
  matrixPower,
  maxAbsDiff,
  sub,
  symmetricEigenvalues,
  transpose,
  zeros,
  type Complex,
  type Matrix,
} from './linalg';

export interface GraphNode {
  label: string;
  /** Drawing position in an arbitrary unit box (optional; the UI may lay out otherwise). */
  x?: number;
  y?: number;
}

export interface GraphEdge {
  from: number;
  to: number;
  /** Display label (e.g. a road segment number). */
  label?: string;
}

export interface Graph {
  directed: boolean;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export type DegreeKind = 'out' | 'in';

// ---------------------------------------------------------------------------------------------
// Validation and editing (pure: every edit returns a new graph)

export type EditResult = { ok: true; graph: Graph } | { ok: false; reason: string; graph: Graph };

function sameEdge(g: Graph, e: GraphEdge, from: number, to: number): boolean {
  return (e.from === from && e.to === to) || (!g.directed && e.from === to && e.to === from);
}

/** Problems that make a graph unusable here (empty list when valid). */
export function validateGraph(g: Graph): string[] {
  const problems: string[] = [];
  const n = g.nodes.length;
  const seen = new Set<string>();
  g.nodes.forEach((node, i) => {
    if (!node.label) problems.push(`node ${i} has an empty label`);
    else if (seen.has(node.label)) problems.push(`label "${node.label}" is used twice`);
    seen.add(node.label);
  });
  g.edges.forEach((e, k) => {
    if (!Number.isInteger(e.from) || !Number.isInteger(e.to) || e.from < 0 || e.to < 0 || e.from >= n || e.to >= n) {
      problems.push(`edge ${k} refers to a missing node`);
      return;
    }
    if (e.from === e.to) problems.push(`edge ${k} is a self-loop at ${g.nodes[e.from].label}`);
    for (let m = 0; m < k; m++) {
      if (sameEdge(g, g.edges[m], e.from, e.to)) {
        problems.push(`edge ${k} repeats edge ${m} (${g.nodes[e.from].label}–${g.nodes[e.to].label})`);
        break;
      }
    }
  });
  return problems;
}

export function addNode(g: Graph, label: string, position: { x?: number; y?: number } = {}): EditResult {
  const trimmed = label.trim();
  if (!trimmed) return { ok: false, reason: 'A node needs a label.', graph: g };
  if (g.nodes.some((n) => n.label === trimmed)) return { ok: false, reason: `There is already a node "${trimmed}".`, graph: g };
  return { ok: true, graph: { ...g, nodes: [...g.nodes, { label: trimmed, ...position }] } };
}

/** Removes a node and its edges; later nodes shift down one index. */
export function removeNode(g: Graph, index: number): EditResult {
  if (!(index >= 0 && index < g.nodes.length)) return { ok: false, reason: 'No such node.', graph: g };
  const shift = (v: number): number => (v > index ? v - 1 : v);
  return {
    ok: true,
    graph: {
      ...g,
      nodes: g.nodes.filter((_, i) => i !== index),
      edges: g.edges.filter((e) => e.from !== index && e.to !== index).map((e) => ({ ...e, from: shift(e.from), to: shift(e.to) })),
    },
  };
}

export function addEdge(g: Graph, from: number, to: number, label?: string): EditResult {
  const n = g.nodes.length;
  if (!(from >= 0 && from < n && to >= 0 && to < n)) return { ok: false, reason: 'Both ends must be existing nodes.', graph: g };
  if (from === to) return { ok: false, reason: 'Self-loops are not allowed in a simple graph.', graph: g };
  if (g.edges.some((e) => sameEdge(g, e, from, to))) {
    return { ok: false, reason: `There is already an edge ${g.nodes[from].label}${g.directed ? '→' : '–'}${g.nodes[to].label}.`, graph: g };
  }
  const edge: GraphEdge = label === undefined ? { from, to } : { from, to, label };
  return { ok: true, graph: { ...g, edges: [...g.edges, edge] } };
}

export function removeEdge(g: Graph, edgeIndex: number): EditResult {
  if (!(edgeIndex >= 0 && edgeIndex < g.edges.length)) return { ok: false, reason: 'No such edge.', graph: g };
  return { ok: true, graph: { ...g, edges: g.edges.filter((_, k) => k !== edgeIndex) } };
}

/**
 * Switches between directed and undirected. Going undirected merges i→j and j→i into one edge;
 * `merged` counts how many edges were dropped that way.
 */
export function setDirected(g: Graph, directed: boolean): { graph: Graph; merged: number } {
  if (g.directed === directed) return { graph: g, merged: 0 };
  const out: Graph = { ...g, directed, edges: [] };
  let merged = 0;
  for (const e of g.edges) {
    if (out.edges.some((f) => sameEdge(out, f, e.from, e.to))) merged++;
    else out.edges.push(e);
  }
  return { graph: out, merged };
}

// ---------------------------------------------------------------------------------------------
// Adjacency and degrees

export function adjacency(g: Graph): Matrix {
  const A = zeros(g.nodes.length, g.nodes.length);
  for (const e of g.edges) {
    A[e.from][e.to] += 1;
    if (!g.directed) A[e.to][e.from] += 1;
  }
  return A;
}

export interface Degrees {
  /** Row sums of A. */
  out: number[];
  /** Column sums of A. */
  in: number[];
}

export function degrees(g: Graph): Degrees {
  const A = adjacency(g);
  return {
    out: A.map((row) => row.reduce((s, v) => s + v, 0)),
    in: A.map((_, j) => A.reduce((s, row) => s + row[j], 0)),
  };
}

function degreeVector(g: Graph, which: DegreeKind): number[] {
  return degrees(g)[which];
}

/** D (out- or in-degree; the same for undirected graphs). */
export function degreeMatrix(g: Graph, which: DegreeKind = 'out'): Matrix {
  return diagMatrix(degreeVector(g, which));
}

export interface ZeroDegreeNote {
  which: DegreeKind;
  /** Indices of nodes with degree 0 (of the chosen kind). */
  nodes: number[];
  labels: string[];
  /** A sentence the UI can show. */
  message: string;
}

/** The note for nodes of degree 0, or null when there are none. */
export function zeroDegreeNote(g: Graph, which: DegreeKind = 'out'): ZeroDegreeNote | null {
  const d = degreeVector(g, which);
  const nodes = d.flatMap((v, i) => (v === 0 ? [i] : []));
  if (nodes.length === 0) return null;
  const labels = nodes.map((i) => g.nodes[i].label);
  const kind = g.directed ? `${which}-degree` : 'degree';
  return {
    which,
    nodes,
    labels,
    message:
      `${labels.length === 1 ? 'Node' : 'Nodes'} ${labels.join(', ')} ${labels.length === 1 ? 'has' : 'have'} ${kind} 0, ` +
      'so D⁻¹ and D^{-1/2} do not exist there. GradBook puts 0 in those entries (the pseudo-inverse convention): ' +
      'the matching rows and columns of AD⁻¹ and D^{-1/2}AD^{-1/2} are 0, L_sym = I − D^{-1/2}AD^{-1/2} has 1 on that ' +
      'diagonal, and D^{-1/2}LD^{-1/2} has 0 there, so identity (14) holds only where D is invertible.',
  };
}

/** Entries 1/d, with 0 where d = 0. */
function safeInversePower(d: number[], power: number): number[] {
  return d.map((v) => (v === 0 ? 0 : v ** -power));
}

export interface Normalized {
  matrix: Matrix;
  note: ZeroDegreeNote | null;
}

/** AD⁻¹ (column j divided by d_j). With in-degrees on a directed graph its columns sum to 1. */
export function randomWalkAdjacency(g: Graph, which: DegreeKind = 'out'): Normalized {
  const inv = safeInversePower(degreeVector(g, which), 1);
  return { matrix: adjacency(g).map((row) => row.map((v, j) => v * inv[j])), note: zeroDegreeNote(g, which) };
}

/** D^{-1/2}AD^{-1/2}: entry (i, j) is A_ij/√(d_i d_j). */
export function symNormAdjacency(g: Graph, which: DegreeKind = 'out'): Normalized {
  const s = safeInversePower(degreeVector(g, which), 0.5);
  return { matrix: adjacency(g).map((row, i) => row.map((v, j) => s[i] * v * s[j])), note: zeroDegreeNote(g, which) };
}

/** L = D − A. */
export function laplacian(g: Graph, which: DegreeKind = 'out'): Matrix {
  return sub(degreeMatrix(g, which), adjacency(g));
}

/** L_sym = I − D^{-1/2}AD^{-1/2} (definition (13)). */
export function symNormLaplacian(g: Graph, which: DegreeKind = 'out'): Normalized {
  const { matrix, note } = symNormAdjacency(g, which);
  return { matrix: sub(identity(g.nodes.length), matrix), note };
}

/** D^{-1/2}LD^{-1/2} (right-hand side of (14)). */
export function scaledLaplacian(g: Graph, which: DegreeKind = 'out'): Normalized {
  const s = safeInversePower(degreeVector(g, which), 0.5);
  const L = laplacian(g, which);
  return { matrix: L.map((row, i) => row.map((v, j) => s[i] * v * s[j])), note: zeroDegreeNote(g, which) };
}

export interface IdentityCheck {
  /** I − D^{-1/2}AD^{-1/2}. */
  lhs: Matrix;
  /** D^{-1/2}LD^{-1/2}. */
  rhs: Matrix;
  maxAbsDiff: number;
  /** maxAbsDiff ≤ tol. */
  holds: boolean;
  /** [i, j] where the two differ by more than tol (only zero-degree diagonals, in exact arithmetic). */
  differing: [number, number][];
  note: ZeroDegreeNote | null;
}

/** Part (a): numerical check of I − D^{-1/2}AD^{-1/2} = D^{-1/2}LD^{-1/2} on this graph. */
export function checkLsymIdentity(g: Graph, which: DegreeKind = 'out', tol = 1e-12): IdentityCheck {
  const lhs = symNormLaplacian(g, which).matrix;
  const rhs = scaledLaplacian(g, which).matrix;
  const differing: [number, number][] = [];
  lhs.forEach((row, i) => row.forEach((v, j) => {
    if (Math.abs(v - rhs[i][j]) > tol) differing.push([i, j]);
  }));
  const diff = lhs.length ? maxAbsDiff(lhs, rhs) : 0;
  return { lhs, rhs, maxAbsDiff: diff, holds: diff <= tol, differing, note: zeroDegreeNote(g, which) };
}

/** A^k: entry (i, j) counts the walks of length k from i to j. */
export function walkCounts(g: Graph, k: number): Matrix {
  return matrixPower(adjacency(g), k);
}

export interface Spectrum {
  /** Ascending for symmetric matrices; by real part then imaginary part otherwise. */
  values: Complex[];
  /** True when the matrix was symmetric (all values real, computed by Jacobi). */
  symmetric: boolean;
  /** Every eigenvalue real and in [0, 2] (within 1e-12). Always true for undirected graphs. */
  inZeroTwo: boolean;
  note: ZeroDegreeNote | null;
}

/**
 * Eigenvalues of L_sym. For undirected graphs L_sym is symmetric positive semidefinite with
 * spectrum in [0, 2] (0 once per connected component with an edge, 2 iff such a component is
 * bipartite; an isolated node contributes 1). Directed graphs give a non-symmetric matrix whose
 * eigenvalues may be complex or leave [0, 2].
 */
export function lsymSpectrum(g: Graph, which: DegreeKind = 'out'): Spectrum {
  const { matrix, note } = symNormLaplacian(g, which);
  const symmetric = matrix.every((row, i) => row.every((v, j) => v === matrix[j][i]));
  const values: Complex[] = symmetric
    ? symmetricEigenvalues(matrix).map((re) => ({ re, im: 0 }))
    : eigenvalues(matrix);
  const tol = 1e-12;
  const inZeroTwo = values.every((v) => Math.abs(v.im) <= tol && v.re >= -tol && v.re <= 2 + tol);
  return { values, symmetric, inZeroTwo, note };
}

// ---------------------------------------------------------------------------------------------
// Incidence matrix and flows

/**
 * Oriented incidence matrix B (nodes × edges): B[v][e] = −1 where edge e starts (its tail) and
 * +1 where it ends (its head). For undirected graphs the listed from→to gives the orientation;
 * then B Bᵀ = D − A. For directed graphs B Bᵀ is the Laplacian of the underlying undirected
 * (multi)graph, D_in + D_out − A − Aᵀ.
 */
export function incidenceMatrix(g: Graph): Matrix {
  const B = zeros(g.nodes.length, g.edges.length);
  g.edges.forEach((e, k) => {
    B[e.from][k] -= 1;
    B[e.to][k] += 1;
  });
  return B;
}

/** (B f)_v = inflow − outflow at each node for edge flows f (one number per edge). */
export function flowBalance(g: Graph, flow: readonly number[]): number[] {
  if (flow.length !== g.edges.length) throw new RangeError(`flow has ${flow.length} entries, the graph has ${g.edges.length} edges`);
  const b = new Array<number>(g.nodes.length).fill(0);
  g.edges.forEach((e, k) => {
    b[e.from] -= flow[k];
    b[e.to] += flow[k];
  });
  return b;
}

export interface FlowCheck {
  /** Inflow − outflow per node. */
  balance: number[];
  /** Interior nodes (neither source nor sink) where |balance| > tol. */
  violations: { node: number; label: string; balance: number }[];
  /** Edges carrying negative flow (against the one-way direction). */
  negativeEdges: number[];
  /** No violations and no negative flows. */
  conserved: boolean;
  /** Net outflow at the sources (= net inflow at the sinks when conserved). */
  throughput: number;
}

/**
 * Conservation of vehicles: inflow = outflow at every node that is neither a source (where
 * traffic enters the network) nor a sink (where it leaves).
 */
export function checkFlowConservation(
  g: Graph,
  flow: readonly number[],
  ends: { sources: readonly number[]; sinks: readonly number[] },
  tol = 1e-9,
): FlowCheck {
  const balance = flowBalance(g, flow);
  const open = new Set([...ends.sources, ...ends.sinks]);
  const violations = balance.flatMap((b, v) =>
    !open.has(v) && Math.abs(b) > tol ? [{ node: v, label: g.nodes[v].label, balance: b }] : [],
  );
  const negativeEdges = flow.flatMap((f, k) => (f < 0 ? [k] : []));
  const throughput = -ends.sources.reduce((s, v) => s + balance[v], 0);
  return { balance, violations, negativeEdges, conserved: violations.length === 0 && negativeEdges.length === 0, throughput };
}

// ---------------------------------------------------------------------------------------------
// Everything the graph widget shows

export interface GraphMatrices {
  A: Matrix;
  degrees: Degrees;
  /** Degree matrix used below (`which`). */
  D: Matrix;
  which: DegreeKind;
  /** Directed graphs only: both degree matrices. */
  Din: Matrix;
  Dout: Matrix;
  ADinv: Matrix;
  symAdj: Matrix;
  L: Matrix;
  Lsym: Matrix;
  A2: Matrix;
  A3: Matrix;
  spectrum: Spectrum;
  identity: IdentityCheck;
  /** Zero-degree note, or null; also problems from validateGraph. */
  note: ZeroDegreeNote | null;
  problems: string[];
}

export function graphMatrices(g: Graph, which: DegreeKind = 'out'): GraphMatrices {
  const d = degrees(g);
  return {
    A: adjacency(g),
    degrees: d,
    D: degreeMatrix(g, which),
    which,
    Din: diagMatrix(d.in),
    Dout: diagMatrix(d.out),
    ADinv: randomWalkAdjacency(g, which).matrix,
    symAdj: symNormAdjacency(g, which).matrix,
    L: laplacian(g, which),
    Lsym: symNormLaplacian(g, which).matrix,
    A2: walkCounts(g, 2),
    A3: walkCounts(g, 3),
    spectrum: lsymSpectrum(g, which),
    identity: checkLsymIdentity(g, which),
    note: zeroDegreeNote(g, which),
    problems: validateGraph(g),
  };
}

// ---------------------------------------------------------------------------------------------
// Random graphs (tests, and a "randomize" button)

/** Each possible edge present independently with probability edgeProb. */
export function randomGraph(n: number, edgeProb: number, seed: number | string, directed = false): Graph {
  const rng = createRng(seed);
  const nodes = Array.from({ length: n }, (_, i) => {
    const t = (2 * Math.PI * i) / Math.max(1, n);
    return { label: String(i + 1), x: 0.5 + 0.4 * Math.cos(t), y: 0.5 + 0.4 * Math.sin(t) };
  });
  const edges: GraphEdge[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = directed ? 0 : i + 1; j < n; j++) {
      if (i !== j && rng.next() < edgeProb) edges.push({ from: i, to: j });
    }
  }
  return { directed, nodes, edges };
}

// ---------------------------------------------------------------------------------------------
// Example graphs for the homework (the homework's own figures are not available)

const label = (labels: string[], name: string): number => labels.indexOf(name);

/**
 * Undirected example for parts (b)–(d): two triangles 1–2–3 and 2–3–4 sharing the edge 2–3,
 * and a tail 4–5–6 (7 edges). Degrees 2, 3, 3, 3, 2, 1: different degrees make the normalized
 * entries (1/√6, 1/3, 1/√2, …) worth computing, and node 6 is a leaf.
 */
export const EXAMPLE_UNDIRECTED: Graph = (() => {
  const labels = ['1', '2', '3', '4', '5', '6'];
  const pos: [number, number][] = [
    [0.1, 0.5],
    [0.35, 0.2],
    [0.35, 0.8],
    [0.6, 0.5],
    [0.8, 0.5],
    [0.95, 0.2],
  ];
  const pairs: [string, string][] = [
    ['1', '2'],
    ['1', '3'],
    ['2', '3'],
    ['2', '4'],
    ['3', '4'],
    ['4', '5'],
    ['5', '6'],
  ];
  return {
    directed: false,
    nodes: labels.map((l, i) => ({ label: l, x: pos[i][0], y: pos[i][1] })),
    edges: pairs.map(([a, b]) => ({ from: label(labels, a), to: label(labels, b) })),
  };
})();

/**
 * Directed road network for parts (e)–(g): intersections a–h on a 2 × 4 downtown grid with two
 * diagonal avenues a–f and d–g:
 *   a ⇄ b → c ⇄ d
 *   ⇅ ⤡ ⇅   ⇅ ⤢ ⇅
 *   e ← f ⇄ g ⇄ h
 * Two-way streets are two segments, one per direction. Eight two-way grid streets (16 segments),
 * two one-way grid streets b→c and f→e (2), and the two two-way diagonals (4): 22 segments,
 * numbered in ROAD_SEGMENTS. Out-degrees a…h = 3, 3, 2, 3, 1, 4, 4, 2; in-degrees =
 * 3, 2, 3, 3, 2, 3, 4, 2 (each sums to 22). Every intersection can reach every other one.
 */
export const ROAD_SEGMENTS: readonly (readonly [number, string, string])[] = Object.freeze([
  [1, 'a', 'b'],
  [2, 'b', 'a'],
  [3, 'b', 'c'],
  [4, 'c', 'd'],
  [5, 'd', 'c'],
  [6, 'f', 'e'],
  [7, 'f', 'g'],
  [8, 'g', 'f'],
  [9, 'g', 'h'],
  [10, 'h', 'g'],
  [11, 'a', 'e'],
  [12, 'e', 'a'],
  [13, 'b', 'f'],
  [14, 'f', 'b'],
  [15, 'c', 'g'],
  [16, 'g', 'c'],
  [17, 'd', 'h'],
  [18, 'h', 'd'],
  [19, 'a', 'f'],
  [20, 'f', 'a'],
  [21, 'd', 'g'],
  [22, 'g', 'd'],
] as const);

export const ROAD_NETWORK: Graph = (() => {
  const labels = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
  const nodes = labels.map((l, i) => ({ label: l, x: 0.1 + 0.27 * (i % 4), y: i < 4 ? 0.2 : 0.8 }));
  const edges = ROAD_SEGMENTS.map(([num, a, b]) => ({ from: label(labels, a), to: label(labels, b), label: String(num) }));
  return { directed: true, nodes, edges };
})();

/**
 * A feasible traffic flow on ROAD_NETWORK (vehicles per hour, segment k at index k − 1):
 * 500 vehicles/hour enter at intersection a (the source) and leave at h (the sink); every other
 * intersection conserves vehicles, and every segment carries a positive flow in its direction.
 */
export const ROAD_FLOW: Readonly<{ flow: readonly number[]; sources: readonly number[]; sinks: readonly number[]; throughput: number }> =
  Object.freeze({
    flow: Object.freeze([200, 50, 200, 270, 40, 50, 370, 70, 250, 20, 100, 150, 30, 80, 30, 60, 300, 30, 440, 40, 50, 90]),
    sources: Object.freeze([0]),
    sinks: Object.freeze([7]),
    throughput: 500,
  });

/** BBᵀ for the oriented incidence matrix (a check the widget can show next to L). */
export function incidenceGram(g: Graph): Matrix {
  const B = incidenceMatrix(g);
  // Not matmul(B, Bᵀ): with no edges B is n×0, and an empty number[][] cannot carry its n columns.
  return B.map((bv) => B.map((bw) => bv.reduce((s, x, k) => s + x * bw[k], 0)));
}

/** D_in + D_out − A − Aᵀ: the undirected Laplacian that BBᵀ equals for directed graphs. */
export function underlyingLaplacian(g: Graph): Matrix {
  const A = adjacency(g);
  const d = degrees(g);
  if (!g.directed) return laplacian(g);
  return sub(diagMatrix(d.in.map((v, i) => v + d.out[i])), add(A, transpose(A)));
}
