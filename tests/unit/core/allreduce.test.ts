import { describe, expect, it } from 'vitest';
import {
  messageFormula,
  messageTime,
  randomGradients,
  ringChunks,
  ringElementsPerWorker,
  SCHEMES,
  simulate,
  simulateParameterServer,
  simulateRingAllReduce,
  timeCurves,
  timeFormula,
  workersHoldingSum,
} from '../../../src/core/allreduce';

describe('formulas', () => {
  it('hand values at n = 4, p = 12', () => {
    expect(messageFormula('all-to-all', 4, 12)).toEqual({ messages: 12, size: 12, totalElements: 144 });
    expect(messageFormula('parameter-server', 4, 12)).toEqual({ messages: 8, size: 12, totalElements: 96 });
    expect(messageFormula('ring', 4, 12)).toEqual({ messages: 24, size: 3, totalElements: 72 });
    expect(ringElementsPerWorker(4, 12)).toBe(18);
  });
});

describe('simulated counts equal the formulas', () => {
  it('every n from 2 to 16, p divisible and not, every worker ends with the true sum', () => {
    for (let n = 1; n <= 16; n++) {
      for (const p of [n * 3, n * 3 + 1, 7, 1]) {
        const grads = randomGradients(n, p, `g-${n}-${p}`);
        for (const scheme of SCHEMES) {
          const run = simulate(scheme, grads);
          const f = messageFormula(scheme, n, p);
          expect(run.messageCount).toBe(f.messages);
          expect(run.elementsSent).toBe(f.totalElements);
          expect(run.bytesSent).toBe(4 * f.totalElements);
          expect(run.allCorrect).toBe(true);
          expect(run.results.length).toBe(n);
          if (scheme !== 'ring') {
            if (f.messages > 0) expect(run.maxMessageSize).toBe(p);
          } else if (n > 1) {
            expect(run.maxMessageSize).toBe(Math.ceil(p / n));
            expect(run.minMessageSize).toBe(Math.floor(p / n));
            if (p % n === 0) expect(run.minMessageSize).toBe(f.size);
          }
        }
      }
    }
  });

  it('integer gradients: every worker holds exactly the sum (no rounding at all)', () => {
    for (let n = 2; n <= 16; n++) {
      const grads = randomGradients(n, 2 * n + 3, n, true);
      const ring = simulateRingAllReduce(grads);
      for (const r of ring.results) expect(r).toEqual(ring.trueSum);
      expect(ring.maxError).toBe(0);
    }
  });
});

describe('ring all-reduce trace', () => {
  it('three workers, p = 3: hand-checked steps', () => {
    const grads = [
      [1, 10, 100],
      [2, 20, 200],
      [3, 30, 300],
    ];
    const run = simulateRingAllReduce(grads);
    expect(run.steps.length).toBe(4);
    expect(run.steps.map((s) => s.phase)).toEqual(['reduce-scatter', 'reduce-scatter', 'all-gather', 'all-gather']);
    // Step 1: worker i sends chunk i to i+1.
    expect(run.steps[0].transfers.map((t) => [t.from, t.to, t.chunk])).toEqual([
      [0, 1, 0],
      [1, 2, 1],
      [2, 0, 2],
    ]);
    expect(run.steps[0].state[1][0].values).toEqual([3]);
    expect(run.steps[0].state[1][0].contributors).toEqual([0, 1]);
    // After reduce-scatter, worker i holds the full sum of chunk i+1.
    const afterRS = run.steps[1].state;
    expect(afterRS[0][1]).toEqual({ values: [60], contributors: [0, 1, 2], complete: true });
    expect(afterRS[1][2]).toEqual({ values: [600], contributors: [0, 1, 2], complete: true });
    expect(afterRS[2][0]).toEqual({ values: [6], contributors: [0, 1, 2], complete: true });
    const last = run.steps[3].state;
    for (const worker of last) expect(worker.every((c) => c.complete)).toBe(true);
    for (const r of run.results) expect(r).toEqual([6, 60, 600]);
    expect(run.initial[0][0]).toEqual({ values: [1], contributors: [0], complete: false });
  });

  it('uneven chunks: p = 10 over n = 4 gives sizes 3, 3, 2, 2 and per-worker volume 2p − two chunks', () => {
    expect(ringChunks(4, 10).map((c) => c.size)).toEqual([3, 3, 2, 2]);
    expect(ringChunks(4, 10)[3]).toEqual({ start: 8, end: 10, size: 2 });
    const run = simulateRingAllReduce(randomGradients(4, 10, 1));
    const sizes = ringChunks(4, 10).map((c) => c.size);
    run.sentByNode.forEach((sent, i) => expect(sent).toBe(20 - sizes[(i + 1) % 4] - sizes[(i + 2) % 4]));
    expect(run.elementsSent / run.messageCount).toBe(10 / 4);
  });

  it('p < n: empty chunks are still messages of size 0', () => {
    const run = simulateRingAllReduce(randomGradients(5, 2, 3));
    expect(run.messageCount).toBe(40);
    expect(run.minMessageSize).toBe(0);
    expect(run.allCorrect).toBe(true);
  });

  it('says which workers hold the true sum: none at the start or mid-way, all at the end', () => {
    const run = simulateRingAllReduce([
      [1, 10, 100],
      [2, 20, 200],
      [3, 30, 300],
    ]);
    expect(run.trueSum).toEqual([6, 60, 600]);
    expect(workersHoldingSum(run.initial, run.trueSum)).toEqual([false, false, false]);
    // After reduce-scatter each worker has one complete chunk, not the whole sum.
    expect(workersHoldingSum(run.steps[1].state, run.trueSum)).toEqual([false, false, false]);
    expect(workersHoldingSum(run.steps[3].state, run.trueSum)).toEqual([true, true, true]);
    const broken = run.steps[3].state.map((row) => row.map((c) => ({ ...c, values: c.values.slice() })));
    broken[1][2].values[0] += 1;
    expect(workersHoldingSum(broken, run.trueSum)).toEqual([true, false, true]);
    // Integer gradients, as the widget draws them: every worker ends exactly on the sum.
    const ints = simulateRingAllReduce(randomGradients(5, 13, 'ints', true));
    expect(workersHoldingSum(ints.steps[ints.steps.length - 1].state, ints.trueSum)).toEqual([true, true, true, true, true]);
    // One worker already holds the sum of one gradient.
    const single = simulateRingAllReduce([[4, 5]]);
    expect(workersHoldingSum(single.initial, single.trueSum)).toEqual([true]);
  });

  it('trace off keeps counts and results', () => {
    const run = simulateRingAllReduce(randomGradients(6, 12, 3), { trace: false });
    expect(run.steps).toEqual([]);
    expect(run.messageCount).toBe(60);
    expect(run.allCorrect).toBe(true);
  });
});

describe('time model', () => {
  const model = { alpha: 1e-3, beta: 1e6 };

  it('simulated message logs give the closed-form times for n = 2 … 16', () => {
    for (let n = 2; n <= 16; n++) {
      for (const p of [n * 5, n * 5 + 2]) {
        const grads = randomGradients(n, p, n);
        for (const scheme of SCHEMES) {
          const t = messageTime(simulate(scheme, grads).messages, model).total;
          expect(t).toBeCloseTo(timeFormula(scheme, n, p, model), 12);
        }
      }
    }
  });

  it('hand value and the bandwidth term of the ring is nearly flat in n', () => {
    expect(timeFormula('parameter-server', 4, 1000, { alpha: 1, beta: 100 })).toBe(8 * 11);
    const big = 1e8;
    const bw = { alpha: 0, beta: 1e9 };
    const curves = timeCurves([2, 4, 8, 16], big, bw);
    expect(curves.seconds.ring[3] / curves.seconds.ring[0]).toBeCloseTo(1.875, 6);
    expect(curves.seconds['all-to-all'][3] / curves.seconds['all-to-all'][0]).toBeCloseTo(15, 9);
  });

  it('a parameter server round is limited by the server link', () => {
    const run = simulateParameterServer(randomGradients(3, 4, 1));
    const { perRound } = messageTime(run.messages, { alpha: 0, beta: 1 });
    expect(perRound).toEqual([12, 12]);
  });
});
