import { describe, expect, it } from 'vitest';
import { add, identity, matrixPower, maxAbsDiff } from '../../../src/core/linalg';
import {
  addEdge,
  addNode,
  adjacency,
  checkFlowConservation,
  checkLsymIdentity,
  degreeMatrix,
  degrees,
  EXAMPLE_UNDIRECTED,
  flowBalance,
  graphMatrices,
  incidenceGram,
  incidenceMatrix,
  laplacian,
  lsymSpectrum,
  randomGraph,
  randomWalkAdjacency,
  removeEdge,
  removeNode,
  ROAD_FLOW,
  ROAD_NETWORK,
  ROAD_SEGMENTS,
  scaledLaplacian,
  setDirected,
  symNormAdjacency,
  symNormLaplacian,
  underlyingLaplacian,
  validateGraph,
  walkCounts,
  type Graph,
} from '../../../src/core/graphs';

describe('example undirected graph (parts b–d)', () => {
  const g = EXAMPLE_UNDIRECTED;

  it('adjacency, degrees and walk counts by hand', () => {
    expect(validateGraph(g)).toEqual([]);
    expect(adjacency(g)).toEqual([
      [0, 1, 1, 0, 0, 0],
      [1, 0, 1, 1, 0, 0],
      [1, 1, 0, 1, 0, 0],
      [0, 1, 1, 0, 1, 0],
      [0, 0, 0, 1, 0, 1],
      [0, 0, 0, 0, 1, 0],
    ]);
    expect(degrees(g).out).toEqual([2, 3, 3, 3, 2, 1]);
    expect(degrees(g).in).toEqual([2, 3, 3, 3, 2, 1]);
    expect(walkCounts(g, 2)).toEqual([
      [2, 1, 1, 2, 0, 0],
      [1, 3, 2, 1, 1, 0],
      [1, 2, 3, 1, 1, 0],
      [2, 1, 1, 3, 0, 1],
      [0, 1, 1, 0, 2, 0],
      [0, 0, 0, 1, 0, 1],
    ]);
    // trace(A³) = 6 × (number of triangles) = 12.
    const A3 = walkCounts(g, 3);
    expect(A3.reduce((s, row, i) => s + row[i], 0)).toBe(12);
  });

  it('normalized entries by hand', () => {
    const S = symNormAdjacency(g).matrix;
    expect(S[0][1]).toBeCloseTo(1 / Math.sqrt(6), 15);
    expect(S[1][2]).toBeCloseTo(1 / 3, 15);
    expect(S[4][5]).toBeCloseTo(1 / Math.SQRT2, 15);
    expect(S[0][0]).toBe(0);
    const Lsym = symNormLaplacian(g).matrix;
    expect(Lsym[5][5]).toBe(1);
    expect(Lsym[3][4]).toBeCloseTo(-1 / Math.sqrt(6), 15);
    const R = randomWalkAdjacency(g).matrix;
    // Columns of AD⁻¹ sum to 1 for an undirected graph without isolated nodes.
    for (let j = 0; j < 6; j++) expect(R.reduce((s, row) => s + row[j], 0)).toBeCloseTo(1, 15);
    expect(symNormAdjacency(g).note).toBeNull();
  });

  it('identity (14), spectrum in [0, 2] with one zero (connected)', () => {
    const check = checkLsymIdentity(g);
    expect(check.holds).toBe(true);
    expect(check.maxAbsDiff).toBeLessThan(1e-15);
    const spec = lsymSpectrum(g);
    expect(spec.symmetric).toBe(true);
    expect(spec.inZeroTwo).toBe(true);
    expect(spec.values[0].re).toBeCloseTo(0, 13);
    expect(spec.values[1].re).toBeGreaterThan(1e-6);
    // Trace of L_sym = number of non-isolated nodes.
    expect(spec.values.reduce((s, v) => s + v.re, 0)).toBeCloseTo(6, 12);
  });

  it('incidence: B Bᵀ = L', () => {
    expect(incidenceGram(g)).toEqual(laplacian(g));
    expect(incidenceMatrix(g).map((row) => row.length)).toEqual(new Array(6).fill(7));
  });
});

describe('road network (parts e–g) and flow conservation', () => {
  const g = ROAD_NETWORK;

  it('8 intersections, 22 numbered segments, documented degrees, strongly connected', () => {
    expect(g.nodes.map((n) => n.label)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(g.edges.length).toBe(22);
    expect(ROAD_SEGMENTS.map((s) => s[0])).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
    expect(validateGraph(g)).toEqual([]);
    const d = degrees(g);
    expect(d.out).toEqual([3, 3, 2, 3, 1, 4, 4, 2]);
    expect(d.in).toEqual([3, 2, 3, 3, 2, 3, 4, 2]);
    const reach = matrixPower(add(identity(8), adjacency(g)), 7);
    expect(reach.every((row) => row.every((v) => v > 0))).toBe(true);
    expect(adjacency(g)[1][2]).toBe(1);
    expect(adjacency(g)[2][1]).toBe(0);
  });

  it('L_out rows and L_in columns sum to zero; AD_in⁻¹ is column-stochastic', () => {
    const Lout = laplacian(g, 'out');
    for (const row of Lout) expect(row.reduce((a, b) => a + b, 0)).toBe(0);
    const Lin = laplacian(g, 'in');
    for (let j = 0; j < 8; j++) expect(Lin.reduce((s, row) => s + row[j], 0)).toBe(0);
    const R = randomWalkAdjacency(g, 'in').matrix;
    for (let j = 0; j < 8; j++) expect(R.reduce((s, row) => s + row[j], 0)).toBeCloseTo(1, 15);
    expect(degreeMatrix(g, 'in')[1][1]).toBe(2);
  });

  it('both symmetrically normalized Laplacians satisfy (14); spectra are reported (complex allowed)', () => {
    for (const which of ['in', 'out'] as const) {
      expect(checkLsymIdentity(g, which).holds).toBe(true);
      const spec = lsymSpectrum(g, which);
      expect(spec.symmetric).toBe(false);
      expect(spec.values.length).toBe(8);
      const tr = symNormLaplacian(g, which).matrix.reduce((s, row, i) => s + row[i], 0);
      expect(spec.values.reduce((s, v) => s + v.re, 0)).toBeCloseTo(tr, 10);
    }
  });

  it('the example flow conserves vehicles at b–g, 500/hour from a to h', () => {
    const check = checkFlowConservation(g, ROAD_FLOW.flow, ROAD_FLOW);
    expect(check.conserved).toBe(true);
    expect(check.violations).toEqual([]);
    expect(check.throughput).toBe(500);
    expect(check.balance[0]).toBe(-500);
    expect(check.balance[7]).toBe(500);
    expect(ROAD_FLOW.flow.every((f) => f > 0)).toBe(true);
    // B f is the same balance.
    const B = incidenceMatrix(g);
    expect(B.map((row) => row.reduce((s, v, k) => s + v * ROAD_FLOW.flow[k], 0))).toEqual(check.balance);
    expect(incidenceGram(g)).toEqual(underlyingLaplacian(g));
  });

  it('a broken flow is reported at the right intersection', () => {
    const flow = ROAD_FLOW.flow.slice();
    flow[2] += 10; // more on b→c: b loses 10, c gains 10
    const check = checkFlowConservation(g, flow, ROAD_FLOW);
    expect(check.conserved).toBe(false);
    expect(check.violations.map((v) => [v.label, v.balance])).toEqual([
      ['b', -10],
      ['c', 10],
    ]);
    expect(() => flowBalance(g, [1, 2])).toThrow(RangeError);
  });
});

describe('identities on random graphs', () => {
  it('I − D^{-1/2}AD^{-1/2} = D^{-1/2}LD^{-1/2} except on zero-degree diagonals', () => {
    for (let seed = 0; seed < 40; seed++) {
      const directed = seed % 2 === 1;
      const g = randomGraph(3 + (seed % 8), 0.15 + 0.02 * (seed % 10), seed, directed);
      for (const which of ['out', 'in'] as const) {
        const check = checkLsymIdentity(g, which);
        const zero = check.note?.nodes ?? [];
        expect(check.differing).toEqual(zero.map((i) => [i, i]));
        for (const [i] of check.differing) {
          expect(check.lhs[i][i]).toBe(1);
          expect(check.rhs[i][i]).toBe(0);
        }
        expect([...check.lhs.flat(), ...check.rhs.flat()].every(Number.isFinite)).toBe(true);
        // Direct comparison against the scaled Laplacian of the same graph.
        expect(maxAbsDiff(check.rhs, scaledLaplacian(g, which).matrix)).toBe(0);
      }
    }
  });

  it('undirected: L_sym eigenvalues in [0, 2], zeros = components with an edge, B Bᵀ = L', () => {
    for (let seed = 100; seed < 140; seed++) {
      const n = 2 + (seed % 9);
      const g = randomGraph(n, 0.3, seed);
      const spec = lsymSpectrum(g);
      expect(spec.inZeroTwo).toBe(true);
      const zeros = spec.values.filter((v) => Math.abs(v.re) < 1e-9).length;
      expect(zeros).toBe(componentsWithEdges(g));
      expect(incidenceGram(g)).toEqual(laplacian(g));
    }
  });

  it('bipartite graphs reach 2: the even cycle C6', () => {
    const g: Graph = {
      directed: false,
      nodes: Array.from({ length: 6 }, (_, i) => ({ label: `v${i}` })),
      edges: Array.from({ length: 6 }, (_, i) => ({ from: i, to: (i + 1) % 6 })),
    };
    const v = lsymSpectrum(g).values.map((e) => e.re);
    // 1 − cos(2πk/6): 0, 0.5, 0.5, 1.5, 1.5, 2
    expect(maxAbsDiff(v, [0, 0.5, 0.5, 1.5, 1.5, 2])).toBeLessThan(1e-14);
  });

  it('directed 3-cycle: L_sym = I − P has eigenvalues 0 and 1.5 ± (√3/2)i', () => {
    const g: Graph = {
      directed: true,
      nodes: [{ label: 'x' }, { label: 'y' }, { label: 'z' }],
      edges: [
        { from: 0, to: 1 },
        { from: 1, to: 2 },
        { from: 2, to: 0 },
      ],
    };
    const v = lsymSpectrum(g).values;
    expect(v[0].re).toBeCloseTo(0, 12);
    expect(v[1].re).toBeCloseTo(1.5, 12);
    expect(v[1].im).toBeCloseTo(-Math.sqrt(3) / 2, 12);
    expect(v[2].im).toBeCloseTo(Math.sqrt(3) / 2, 12);
  });
});

describe('directed spectra are robust', () => {
  it('directed cycles (roots of unity, a hard case for QR) and random digraphs: trace matches, no throw', () => {
    for (let n = 2; n <= 12; n++) {
      const g: Graph = {
        directed: true,
        nodes: Array.from({ length: n }, (_, i) => ({ label: `v${i}` })),
        edges: Array.from({ length: n }, (_, i) => ({ from: i, to: (i + 1) % n })),
      };
      const v = lsymSpectrum(g).values;
      // Eigenvalues 1 − e^{2πik/n}: all at distance 1 from 1.
      for (const e of v) expect(Math.hypot(e.re - 1, e.im)).toBeCloseTo(1, 9);
    }
    for (let seed = 0; seed < 150; seed++) {
      const g = randomGraph(2 + (seed % 11), 0.1 + 0.005 * seed, seed, true);
      for (const which of ['out', 'in'] as const) {
        const spec = lsymSpectrum(g, which);
        const tr = symNormLaplacian(g, which).matrix.reduce((s, row, i) => s + row[i], 0);
        expect(spec.values.reduce((s, v) => s + v.re, 0)).toBeCloseTo(tr, 9);
      }
    }
  });
});

describe('isolated nodes and editing', () => {
  it('an isolated node gives a note, not NaN', () => {
    const r = addNode(EXAMPLE_UNDIRECTED, '7');
    expect(r.ok).toBe(true);
    const m = graphMatrices(r.graph);
    const all = [m.ADinv, m.symAdj, m.Lsym, m.L].flatMap((M) => M.flat());
    expect(all.every(Number.isFinite)).toBe(true);
    expect(m.note?.labels).toEqual(['7']);
    expect(m.note?.message).toMatch(/degree 0/);
    expect(m.Lsym[6][6]).toBe(1);
    expect(m.identity.holds).toBe(false);
    expect(m.identity.differing).toEqual([[6, 6]]);
    expect(m.spectrum.inZeroTwo).toBe(true);
    expect(m.spectrum.values.filter((v) => Math.abs(v.re - 1) < 1e-12).length).toBeGreaterThanOrEqual(1);
  });

  it('edits refuse what would break a simple graph, and removeNode reindexes', () => {
    const g = EXAMPLE_UNDIRECTED;
    expect(addNode(g, '3').ok).toBe(false);
    expect(addNode(g, '  ').ok).toBe(false);
    expect(addEdge(g, 0, 0).ok).toBe(false);
    expect(addEdge(g, 1, 0).ok).toBe(false); // 1–2 exists; undirected so 2–1 is the same edge
    expect(addEdge(g, 0, 9).ok).toBe(false);
    const added = addEdge(g, 0, 5);
    expect(added.ok && added.graph.edges.length).toBe(8);
    const removed = removeNode(g, 1); // node '2'
    expect(removed.graph.nodes.map((n) => n.label)).toEqual(['1', '3', '4', '5', '6']);
    expect(removed.graph.edges.length).toBe(4);
    expect(validateGraph(removed.graph)).toEqual([]);
    expect(adjacency(removed.graph)[0]).toEqual([0, 1, 0, 0, 0]);
    expect(removeEdge(g, 0).graph.edges.length).toBe(6);
    expect(g.edges.length).toBe(7); // inputs untouched
  });

  it('setDirected merges two-way streets when going undirected', () => {
    const { graph, merged } = setDirected(ROAD_NETWORK, false);
    expect(merged).toBe(10);
    expect(graph.edges.length).toBe(12);
    expect(validateGraph(graph)).toEqual([]);
    const back = setDirected(EXAMPLE_UNDIRECTED, true);
    expect(back.merged).toBe(0);
    expect(back.graph.directed).toBe(true);
  });

  it('validateGraph catches bad data', () => {
    const bad: Graph = {
      directed: true,
      nodes: [{ label: 'a' }, { label: 'a' }],
      edges: [
        { from: 0, to: 1 },
        { from: 0, to: 1 },
        { from: 1, to: 1 },
        { from: 0, to: 5 },
      ],
    };
    expect(validateGraph(bad).length).toBe(4);
  });
});

function componentsWithEdges(g: Graph): number {
  const n = g.nodes.length;
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x])));
  for (const e of g.edges) parent[find(e.from)] = find(e.to);
  const deg = degrees(g).out;
  return new Set(Array.from({ length: n }, (_, i) => i).filter((i) => deg[i] > 0).map(find)).size;
}
