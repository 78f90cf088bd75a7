/**
 * Gradient synchronization among n workers, each holding a gradient of p numbers (problem 4 of
 * the first homework): the message-count formulas, simulators that run each scheme on real
 * numbers and count every message, and a latency–bandwidth time model.
 *
 * Formulas (re-derived):
 * - All-to-all: every worker sends its whole gradient to each of the n − 1 others:
 *   n(n − 1) messages of size p.
 * - Parameter server (a separate node, not one of the n workers): n gradients up, n results
 *   down: 2n messages of size p.
 * - Ring all-reduce: reduce-scatter (n − 1 steps) then all-gather (n − 1 steps); in every step
 *   each of the n workers sends one chunk to its successor: 2n(n − 1) messages of size p/n.
 *   Each worker sends 2(n − 1)·p/n = 2p(1 − 1/n) numbers in all: bounded by 2p and nearly
 *   independent of n for large n (not exactly independent: p at n = 2, 1.5p at n = 4, 1.875p at n = 16).
 *
 * p not divisible by n: the ring uses n contiguous chunks, the first (p mod n) of size ⌈p/n⌉ and
 * the rest ⌊p/n⌋, so "size p/n" is the AVERAGE message size (exactly: the 2n(n − 1) messages
 * carry 2(n − 1)p numbers in total) and the largest message is ⌈p/n⌉. When p < n some chunks are
 * empty; their zero-size messages are still sent and counted, so the step structure (and the
 * message count) is the same for every p. A real implementation would skip them.
 *
 * Sums: every scheme computes the SUM of the gradients (divide by n for the average).
 */
import { createRng } from './rng';

export type Scheme = 'all-to-all' | 'parameter-server' | 'ring';

export const SCHEMES: readonly Scheme[] = Object.freeze(['all-to-all', 'parameter-server', 'ring']);

export interface MessageFormula {
  /** Total number of messages in one synchronization. */
  messages: number;
  /** Size of each message in numbers (for the ring with p not divisible by n: the average). */
  size: number;
  /** messages × size: all numbers sent. */
  totalElements: number;
}

function assertNP(n: number, p: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer ≥ 1, got ${n}`);
  if (!Number.isInteger(p) || p < 1) throw new RangeError(`p must be an integer ≥ 1, got ${p}`);
}

export function messageFormula(scheme: Scheme, n: number, p: number): MessageFormula {
  assertNP(n, p);
  switch (scheme) {
    case 'all-to-all':
      return { messages: n * (n - 1), size: p, totalElements: n * (n - 1) * p };
    case 'parameter-server':
      return { messages: 2 * n, size: p, totalElements: 2 * n * p };
    case 'ring':
      return { messages: 2 * n * (n - 1), size: p / n, totalElements: 2 * (n - 1) * p };
  }
}

/** Numbers each ring worker sends, on average: 2(n − 1)p/n. */
export function ringElementsPerWorker(n: number, p: number): number {
  assertNP(n, p);
  return (2 * (n - 1) * p) / n;
}

// ---------------------------------------------------------------------------------------------
// Simulation

/** A node: workers are 0 … n − 1; the parameter server is node n. */
export type NodeId = number;

export interface Message {
  /** Synchronization round (1-based); messages in one round may travel in parallel. */
  round: number;
  from: NodeId;
  to: NodeId;
  /** Numbers carried. */
  size: number;
  /** Ring only: the chunk index carried. */
  chunk?: number;
}

export interface SchemeRun {
  scheme: Scheme;
  n: number;
  p: number;
  messages: Message[];
  messageCount: number;
  /** Sum of message sizes (numbers). */
  elementsSent: number;
  /** elementsSent × bytesPerElement. */
  bytesSent: number;
  bytesPerElement: number;
  maxMessageSize: number;
  minMessageSize: number;
  /** Numbers sent by each node (workers 0 … n − 1, then the server if any). */
  sentByNode: number[];
  rounds: number;
  /** Each worker's vector at the end. */
  results: number[][];
  /** Σ of the gradients, summed in worker order. */
  trueSum: number[];
  /** max over workers and entries of |result − trueSum|. */
  maxError: number;
  /** maxError ≤ 1e-12·(1 + max|trueSum|·n) (summation order differs between schemes). */
  allCorrect: boolean;
}

export interface SimulateOptions {
  /** Bytes per number for bytesSent; default 4 (float32 gradients). */
  bytesPerElement?: number;
}

function validateGradients(gradients: readonly (readonly number[])[]): { n: number; p: number } {
  const n = gradients.length;
  if (n < 1) throw new RangeError('need at least one worker');
  const p = gradients[0].length;
  if (gradients.some((g) => g.length !== p)) throw new RangeError('every worker needs a gradient of the same length');
  assertNP(n, p);
  return { n, p };
}

function sumVectors(gradients: readonly (readonly number[])[]): number[] {
  const p = gradients[0].length;
  const s = new Array<number>(p).fill(0);
  for (const g of gradients) for (let k = 0; k < p; k++) s[k] += g[k];
  return s;
}

function finishRun(
  scheme: Scheme,
  gradients: readonly (readonly number[])[],
  messages: Message[],
  results: number[][],
  nodes: number,
  options: SimulateOptions,
): SchemeRun {
  const { n, p } = validateGradients(gradients);
  const bytesPerElement = options.bytesPerElement ?? 4;
  const trueSum = sumVectors(gradients);
  let maxError = 0;
  for (const r of results) for (let k = 0; k < p; k++) maxError = Math.max(maxError, Math.abs(r[k] - trueSum[k]));
  const scaleOfSum = Math.max(0, ...trueSum.map(Math.abs));
  const sentByNode = new Array<number>(nodes).fill(0);
  let elementsSent = 0;
  for (const m of messages) {
    sentByNode[m.from] += m.size;
    elementsSent += m.size;
  }
  const sizes = messages.map((m) => m.size);
  return {
    scheme,
    n,
    p,
    messages,
    messageCount: messages.length,
    elementsSent,
    bytesSent: elementsSent * bytesPerElement,
    bytesPerElement,
    maxMessageSize: sizes.length ? Math.max(...sizes) : 0,
    minMessageSize: sizes.length ? Math.min(...sizes) : 0,
    sentByNode,
    rounds: messages.reduce((r, m) => Math.max(r, m.round), 0),
    results,
    trueSum,
    maxError,
    allCorrect: maxError <= 1e-12 * (1 + scaleOfSum * n),
  };
}

/** All-to-all: each worker sends its gradient to every other, then sums what it holds. */
export function simulateAllToAll(gradients: readonly (readonly number[])[], options: SimulateOptions = {}): SchemeRun {
  const { n, p } = validateGradients(gradients);
  const messages: Message[] = [];
  const inbox: number[][][] = Array.from({ length: n }, (_, i) => [gradients[i].slice()]);
  for (let from = 0; from < n; from++) {
    for (let to = 0; to < n; to++) {
      if (to === from) continue;
      messages.push({ round: 1, from, to, size: p });
      inbox[to].push(gradients[from].slice());
    }
  }
  return finishRun('all-to-all', gradients, messages, inbox.map(sumVectors), n, options);
}

/** Parameter server (node n): workers push gradients, the server sums and sends the sum back. */
export function simulateParameterServer(
  gradients: readonly (readonly number[])[],
  options: SimulateOptions = {},
): SchemeRun {
  const { n, p } = validateGradients(gradients);
  const server = n;
  const messages: Message[] = [];
  const received: number[][] = [];
  for (let w = 0; w < n; w++) {
    messages.push({ round: 1, from: w, to: server, size: p });
    received.push(gradients[w].slice());
  }
  const total = sumVectors(received);
  const results: number[][] = [];
  for (let w = 0; w < n; w++) {
    messages.push({ round: 2, from: server, to: w, size: p });
    results.push(total.slice());
  }
  return finishRun('parameter-server', gradients, messages, results, n + 1, options);
}

export interface ChunkRange {
  /** First index (inclusive). */
  start: number;
  /** One past the last index. */
  end: number;
  size: number;
}

/** n contiguous chunks of 0 … p − 1; the first (p mod n) have size ⌈p/n⌉, the rest ⌊p/n⌋. */
export function ringChunks(n: number, p: number): ChunkRange[] {
  assertNP(n, p);
  const base = Math.floor(p / n);
  const extra = p % n;
  const out: ChunkRange[] = [];
  let start = 0;
  for (let c = 0; c < n; c++) {
    const size = base + (c < extra ? 1 : 0);
    out.push({ start, end: start + size, size });
    start += size;
  }
  return out;
}

export interface ChunkState {
  /** The worker's current numbers for this chunk. */
  values: number[];
  /** Workers whose gradients are summed into `values` (ascending). */
  contributors: number[];
  /** contributors are all n workers. */
  complete: boolean;
}

export interface RingTransfer {
  from: number;
  to: number;
  chunk: number;
  size: number;
  /** The numbers sent (the sender's chunk before the step). */
  values: number[];
  /** Reduce-scatter adds into the receiver's chunk; all-gather overwrites it. */
  op: 'add' | 'copy';
}

export interface RingStep {
  /** 1 … 2(n − 1). */
  index: number;
  phase: 'reduce-scatter' | 'all-gather';
  /** 1 … n − 1 within the phase. */
  phaseStep: number;
  transfers: RingTransfer[];
  /** state[worker][chunk] after the step. */
  state: ChunkState[][];
}

export interface RingRun extends SchemeRun {
  chunks: ChunkRange[];
  /** state[worker][chunk] before the first step (each worker's own gradient). */
  initial: ChunkState[][];
  /** Empty when options.trace is false. */
  steps: RingStep[];
}

export interface RingOptions extends SimulateOptions {
  /** Record every step's full state (default true; turn off for large p). */
  trace?: boolean;
}

function cloneState(state: ChunkState[][]): ChunkState[][] {
  return state.map((row) => row.map((c) => ({ values: c.values.slice(), contributors: c.contributors.slice(), complete: c.complete })));
}

/**
 * Ring all-reduce. Worker i sends to worker (i + 1) mod n. Reduce-scatter step s = 1 … n − 1:
 * worker i sends chunk (i − s + 1) mod n, which the receiver adds to its own copy; afterwards
 * worker i holds the complete sum of chunk (i + 1) mod n. All-gather step s: worker i sends
 * chunk (i − s + 2) mod n, which the receiver overwrites. All sends of a step use the state
 * before the step (they happen at the same time).
 */
export function simulateRingAllReduce(gradients: readonly (readonly number[])[], options: RingOptions = {}): RingRun {
  const { n, p } = validateGradients(gradients);
  const record = options.trace ?? true;
  const chunks = ringChunks(n, p);
  const mod = (a: number): number => ((a % n) + n) % n;
  const state: ChunkState[][] = gradients.map((g, w) =>
    chunks.map((c) => ({ values: g.slice(c.start, c.end), contributors: [w], complete: n === 1 })),
  );
  const initial = cloneState(state);
  const messages: Message[] = [];
  const steps: RingStep[] = [];
  for (let index = 1; index <= 2 * (n - 1); index++) {
    const reduce = index <= n - 1;
    const phaseStep = reduce ? index : index - (n - 1);
    const transfers: RingTransfer[] = [];
    for (let from = 0; from < n; from++) {
      const chunk = reduce ? mod(from - phaseStep + 1) : mod(from - phaseStep + 2);
      transfers.push({
        from,
        to: mod(from + 1),
        chunk,
        size: chunks[chunk].size,
        values: state[from][chunk].values.slice(),
        op: reduce ? 'add' : 'copy',
      });
    }
    // Contributor lists are read before any update so the step is truly simultaneous.
    const sentContributors = transfers.map((t) => state[t.from][t.chunk].contributors.slice());
    transfers.forEach((t, k) => {
      const target = state[t.to][t.chunk];
      if (t.op === 'add') {
        for (let e = 0; e < t.size; e++) target.values[e] += t.values[e];
        target.contributors = [...new Set([...target.contributors, ...sentContributors[k]])].sort((a, b) => a - b);
      } else {
        target.values = t.values.slice();
        target.contributors = sentContributors[k];
      }
      target.complete = target.contributors.length === n;
      messages.push({ round: index, from: t.from, to: t.to, size: t.size, chunk: t.chunk });
    });
    if (record) {
      steps.push({ index, phase: reduce ? 'reduce-scatter' : 'all-gather', phaseStep, transfers, state: cloneState(state) });
    }
  }
  const results = state.map((row) => row.flatMap((c) => c.values));
  return { ...finishRun('ring', gradients, messages, results, n, options), chunks, initial, steps };
}

/**
 * For each worker, whether its chunks, laid end to end, equal `trueSum` entry for entry. The
 * comparison is exact, which is right for integer gradients (`randomGradients(..., true)`):
 * their sums are exact in any order. For real-valued gradients use `maxError` / `allCorrect`,
 * which allow for the rounding of a different summation order.
 */
export function workersHoldingSum(state: readonly (readonly ChunkState[])[], trueSum: readonly number[]): boolean[] {
  return state.map((row) => row.flatMap((c) => c.values).every((v, k) => v === trueSum[k]));
}

export function simulate(scheme: Scheme, gradients: readonly (readonly number[])[], options: SimulateOptions = {}): SchemeRun {
  switch (scheme) {
    case 'all-to-all':
      return simulateAllToAll(gradients, options);
    case 'parameter-server':
      return simulateParameterServer(gradients, options);
    case 'ring':
      return simulateRingAllReduce(gradients, { ...options, trace: false });
  }
}

/** n random gradients of length p (standard normal, or small integers so sums are exact). */
export function randomGradients(n: number, p: number, seed: number | string, integers = false): number[][] {
  assertNP(n, p);
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Array.from({ length: p }, () => (integers ? rng.int(-9, 9) : rng.normal())));
}

// ---------------------------------------------------------------------------------------------
// Latency–bandwidth time model

export interface LinkModel {
  /** Latency per message, seconds. */
  alpha: number;
  /** Bandwidth of one link, numbers per second. */
  beta: number;
}

export interface TimeBreakdown {
  /** Seconds for the whole synchronization. */
  total: number;
  /** Seconds for each round, in order. */
  perRound: number[];
}

/**
 * Time of a message log under the one-port, full-duplex model: a message costs α + size/β;
 * each node has one outgoing and one incoming link, so its sends in a round go one after another,
 * and so do its receives; links of different nodes work in parallel; rounds run one after
 * another (a round needs the previous one's data). Round time = max over nodes of
 * max(Σ costs sent, Σ costs received). Why one port: a worker has one network interface, so
 * "sending to everyone at once" shares that bandwidth; the model would otherwise make all-to-all
 * look as cheap as one message. With equal message sizes the bound is achieved (e.g. all-to-all
 * in n − 1 sub-steps where worker i sends to i + k).
 */
export function messageTime(messages: readonly Message[], model: LinkModel): TimeBreakdown {
  if (!(model.alpha >= 0) || !(model.beta > 0)) throw new RangeError('need α ≥ 0 and β > 0');
  const byRound = new Map<number, Message[]>();
  for (const m of messages) {
    const list = byRound.get(m.round);
    if (list) list.push(m);
    else byRound.set(m.round, [m]);
  }
  const perRound = [...byRound.keys()]
    .sort((a, b) => a - b)
    .map((r) => {
      const out = new Map<number, number>();
      const inn = new Map<number, number>();
      for (const m of byRound.get(r)!) {
        const cost = model.alpha + m.size / model.beta;
        out.set(m.from, (out.get(m.from) ?? 0) + cost);
        inn.set(m.to, (inn.get(m.to) ?? 0) + cost);
      }
      return Math.max(0, ...out.values(), ...inn.values());
    });
  return { total: perRound.reduce((a, b) => a + b, 0), perRound };
}

/**
 * The same model in closed form:
 * all-to-all (n − 1)(α + p/β); parameter server 2n(α + p/β) (the server's link is the
 * bottleneck); ring 2(n − 1)(α + ⌈p/n⌉/β) (a step lasts as long as its largest chunk).
 */
export function timeFormula(scheme: Scheme, n: number, p: number, model: LinkModel): number {
  assertNP(n, p);
  const { alpha, beta } = model;
  switch (scheme) {
    case 'all-to-all':
      return (n - 1) * (alpha + p / beta);
    case 'parameter-server':
      return 2 * n * (alpha + p / beta);
    case 'ring':
      return 2 * (n - 1) * (alpha + Math.ceil(p / n) / beta);
  }
}

export interface TimeCurves {
  n: number[];
  /** Seconds per scheme, aligned with n. */
  seconds: Record<Scheme, number[]>;
}

/** Time vs n for every scheme, ready to plot. */
export function timeCurves(ns: readonly number[], p: number, model: LinkModel): TimeCurves {
  const seconds = {} as Record<Scheme, number[]>;
  for (const s of SCHEMES) seconds[s] = ns.map((n) => timeFormula(s, n, p, model));
  return { n: ns.slice(), seconds };
}
