/**
 * Answer keys of problem 7 (first homework), as zero-argument functions a notebook key can call,
 * e.g. `key="exampleAdjacency()"`. They read the example graphs of `graphs.ts`, so the key, the
 * widget that draws the graph and the grader's re-check all use the same graph.
 */
import {
  adjacency,
  degreeMatrix,
  EXAMPLE_UNDIRECTED,
  incidenceMatrix,
  ROAD_NETWORK,
  symNormAdjacency,
  symNormLaplacian,
  walkCounts,
} from './graphs';
import type { Matrix } from './linalg';

export const graphKeyFunctions = {
  /** 7b: A of the undirected example. */
  exampleAdjacency: (): Matrix => adjacency(EXAMPLE_UNDIRECTED),
  /** 7b: D of the undirected example. */
  exampleDegree: (): Matrix => degreeMatrix(EXAMPLE_UNDIRECTED),
  /** 7b: D^{-1/2} A D^{-1/2} of the undirected example. */
  exampleSymNormAdjacency: (): Matrix => symNormAdjacency(EXAMPLE_UNDIRECTED).matrix,
  /** 7c: L_sym = I − D^{-1/2} A D^{-1/2} of the undirected example. */
  exampleSymNormLaplacian: (): Matrix => symNormLaplacian(EXAMPLE_UNDIRECTED).matrix,
  /** 7d: A² and A³ of the undirected example. */
  exampleWalks2: (): Matrix => walkCounts(EXAMPLE_UNDIRECTED, 2),
  exampleWalks3: (): Matrix => walkCounts(EXAMPLE_UNDIRECTED, 3),
  /** 7e: A of the road network (A_ij = 1 for a segment from i to j). */
  roadAdjacency: (): Matrix => adjacency(ROAD_NETWORK),
  /** 7f: in- and out-degree matrices of the road network. */
  roadInDegree: (): Matrix => degreeMatrix(ROAD_NETWORK, 'in'),
  roadOutDegree: (): Matrix => degreeMatrix(ROAD_NETWORK, 'out'),
  /** 7g: I − D^{-1/2} A D^{-1/2} with in- and with out-degrees. */
  roadSymNormLaplacianIn: (): Matrix => symNormLaplacian(ROAD_NETWORK, 'in').matrix,
  roadSymNormLaplacianOut: (): Matrix => symNormLaplacian(ROAD_NETWORK, 'out').matrix,
  /** Flow conservation: the oriented incidence matrix (intersections × segments). */
  roadIncidence: (): Matrix => incidenceMatrix(ROAD_NETWORK),
};
