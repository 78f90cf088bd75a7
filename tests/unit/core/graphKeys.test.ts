import { describe, expect, test } from 'vitest';
import { graphKeyFunctions as k } from '../../../src/core/graphKeys';
import { checkFlowConservation, ROAD_FLOW, ROAD_NETWORK } from '../../../src/core/graphs';
import { matmul } from '../../../src/core/linalg';

const s = (a: number, b: number) => 1 / Math.sqrt(a * b);

describe('problem 7 keys (hand-computed)', () => {
  test('undirected example: A, D, D^-1/2 A D^-1/2', () => {
    expect(k.exampleAdjacency()).toEqual([
      [0, 1, 1, 0, 0, 0],
      [1, 0, 1, 1, 0, 0],
      [1, 1, 0, 1, 0, 0],
      [0, 1, 1, 0, 1, 0],
      [0, 0, 0, 1, 0, 1],
      [0, 0, 0, 0, 1, 0],
    ]);
    expect(k.exampleDegree().map((r, i) => r[i])).toEqual([2, 3, 3, 3, 2, 1]);
    const S = k.exampleSymNormAdjacency();
    expect(S[0][1]).toBeCloseTo(s(2, 3), 14);
    expect(S[1][2]).toBeCloseTo(1 / 3, 14);
    expect(S[4][5]).toBeCloseTo(s(2, 1), 14);
    expect(S[0][3]).toBe(0);
    const L = k.exampleSymNormLaplacian();
    L.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo((i === j ? 1 : 0) - S[i][j], 14)));
  });

  test('walk counts: A² diagonal = degrees, A³ diagonal = 2 × triangles through the node', () => {
    const A2 = k.exampleWalks2();
    expect(A2.map((r, i) => r[i])).toEqual([2, 3, 3, 3, 2, 1]);
    const A3 = k.exampleWalks3();
    // Node 1 is in triangle 123; nodes 2 and 3 in both triangles; node 4 in 234; 5, 6 in none.
    expect(A3.map((r, i) => r[i])).toEqual([2, 4, 4, 2, 0, 0]);
    expect(A3).toEqual(matmul(A2, k.exampleAdjacency()));
  });

  test('road network: 22 segments, degrees, incidence matrix conserves the feasible flow', () => {
    const A = k.roadAdjacency();
    expect(A.flat().reduce((a, b) => a + b, 0)).toBe(22);
    expect(k.roadOutDegree().map((r, i) => r[i])).toEqual([3, 3, 2, 3, 1, 4, 4, 2]);
    expect(k.roadInDegree().map((r, i) => r[i])).toEqual([3, 2, 3, 3, 2, 3, 4, 2]);
    const B = k.roadIncidence();
    expect(B.length).toBe(8);
    expect(B[0].length).toBe(22);
    B[0].forEach((_, e) => expect(B.reduce((sum, row) => sum + row[e], 0)).toBe(0));
    const check = checkFlowConservation(ROAD_NETWORK, ROAD_FLOW.flow, ROAD_FLOW);
    expect(check.conserved).toBe(true);
    expect(check.throughput).toBe(500);
    // Out-degree Laplacian entry a→b: −1/√(3·3).
    expect(k.roadSymNormLaplacianOut()[0][1]).toBeCloseTo(-s(3, 3), 14);
    // In-degree: a→b uses d_in(a) = 3, d_in(b) = 2.
    expect(k.roadSymNormLaplacianIn()[0][1]).toBeCloseTo(-s(3, 2), 14);
  });
});
