import { afterAll, describe, expect, it } from 'vitest';
import type { BackendTuning } from './backend-common.js';
import { IN_THREAD_MAX_SEC } from './highs-in-thread.js';
import { createGlpkBackend, createHighsBackend } from './index.js';
import { multiKnapsack, randomMilp } from './random-models.js';
import { assignment, infeasible, knapsack, mixed } from './test-models.js';
import type { LinearModel, SolveResult } from './types.js';
import { WarmWorker } from './warm-worker.js';

/** 200 items × 20 dimensions (4,000 nonzeros): HiGHS proves nothing within a few seconds. */
const HARD = multiKnapsack(42, 200, 20);
/** 120 items × 20 dimensions (2,400 nonzeros): tiny enough for the in-thread attempt, too hard to finish in it. */
const TINY_HARD = multiKnapsack(42, 120, 20);

const MODELS: readonly LinearModel[] = [
  knapsack(),
  assignment(),
  mixed(),
  infeasible(),
  ...[3, 5, 8].map((s) => randomMilp(s, { variables: 14, constraints: 8 })),
];

const warm = new WarmWorker();
afterAll(() => warm.dispose());

/** The part of a result that must not depend on how the solve ran. */
function answer(r: SolveResult): unknown {
  if (r.status === 'optimal' || r.status === 'feasible') return { status: r.status, objective: Number(r.objective.toFixed(6)), values: r.values };
  return { status: r.status };
}

async function timed(solve: () => Promise<SolveResult>): Promise<{ result: SolveResult; sec: number }> {
  const t = performance.now();
  const result = await solve();
  return { result, sec: (performance.now() - t) / 1000 };
}

describe('warm worker', () => {
  it.each<[string, (t: BackendTuning) => ReturnType<typeof createHighsBackend>]>([
    ['highs', createHighsBackend],
    ['glpk', createGlpkBackend],
  ])('%s: the warm worker and the in-thread path give the same answers as a fresh worker', async (_name, create) => {
    const fresh = create({ worker: 'fresh', inThread: false });
    const reused = create({ worker: 'warm', warmWorker: warm, inThread: false });
    const inThread = create({ worker: 'warm', warmWorker: warm });
    const options = { timeLimitSec: 20, mipRelGap: 0 };
    for (const model of MODELS) {
      const cold = answer(await fresh.solve(model, options));
      expect(answer(await reused.solve(model, options)), model.name).toEqual(cold);
      expect(answer(await inThread.solve(model, options)), model.name).toEqual(cold);
    }
  });

  it('reuses one worker thread for successive solves', async () => {
    const w = new WarmWorker();
    const backend = createHighsBackend({ worker: 'warm', warmWorker: w, inThread: false });
    for (const model of [knapsack(), mixed(), assignment()])
      expect((await backend.solve(model, { timeLimitSec: 10, mipRelGap: 0 })).status).toBe('optimal');
    expect(w.spawns).toBe(1);
    expect(w.jobs).toBe(3);
    expect(w.alive).toBe(true);
    await w.dispose();
    expect(w.alive).toBe(false);
  });

  it('still hard-kills a long solve, keeps its last incumbent, and starts a new worker for the next solve', async () => {
    const w = new WarmWorker();
    // A 20 s HiGHS limit with a grace of -18.5 s: the warm worker is terminated after 1.5 s, mid-search.
    const killing = createHighsBackend({ worker: 'warm', warmWorker: w, graceSec: -18.5 });
    const { result, sec } = await timed(() => killing.solve(HARD, { timeLimitSec: 20, mipRelGap: 0 }));
    expect(sec).toBeLessThan(4);
    expect(result.status).toBe('feasible');
    expect(w.alive).toBe(false);
    const backend = createHighsBackend({ worker: 'warm', warmWorker: w, inThread: false });
    const after = await backend.solve(knapsack(), { timeLimitSec: 10, mipRelGap: 0 });
    expect(after.status).toBe('optimal');
    expect(w.spawns).toBe(2);
    expect((await backend.solve(mixed(), { timeLimitSec: 10, mipRelGap: 0 })).status).toBe('optimal');
    expect(w.spawns).toBe(2);
    await w.dispose();
  });

  it('sends a solve to a fresh worker while the warm one is busy', async () => {
    const w = new WarmWorker();
    const backend = createHighsBackend({ worker: 'warm', warmWorker: w, inThread: false });
    const [slow, quick] = await Promise.all([
      backend.solve(HARD, { timeLimitSec: 1.5, mipRelGap: 0 }),
      backend.solve(knapsack(), { timeLimitSec: 10, mipRelGap: 0 }),
    ]);
    expect(['feasible', 'timeout']).toContain(slow.status);
    expect(quick.status).toBe('optimal');
    expect(w.jobs).toBe(1);
    await w.dispose();
  });
});

describe('in-thread path', () => {
  /** Runs `solve` while measuring the longest stretch the event loop was blocked. */
  async function withLoopWatch(solve: () => Promise<SolveResult>): Promise<{ result: SolveResult; sec: number; maxBlockSec: number }> {
    let last = performance.now();
    let maxBlock = 0;
    const tick = setInterval(() => {
      const now = performance.now();
      maxBlock = Math.max(maxBlock, now - last);
      last = now;
    }, 20);
    try {
      const { result, sec } = await timed(solve);
      return { result, sec, maxBlockSec: maxBlock / 1000 };
    } finally {
      clearInterval(tick);
    }
  }

  it('blocks the calling thread at most IN_THREAD_MAX_SEC, then hands the rest of the limit to a worker', async () => {
    const w = new WarmWorker();
    const backend = createHighsBackend({ worker: 'warm', warmWorker: w });
    const { result, sec, maxBlockSec } = await withLoopWatch(() => backend.solve(TINY_HARD, { timeLimitSec: 3, mipRelGap: 0 }));
    // Slack for a loaded machine: HiGHS checks the deadline at its simplex and MIP checkpoints.
    expect(maxBlockSec).toBeLessThan(IN_THREAD_MAX_SEC + 0.75);
    expect(w.jobs).toBe(1); // the worker took over
    expect(result.status).toBe('feasible');
    expect(sec).toBeLessThan(3 + 5 + 2);
    await w.dispose();
  });

  it('respects a limit shorter than its cap without any worker', async () => {
    const w = new WarmWorker();
    const backend = createHighsBackend({ worker: 'warm', warmWorker: w });
    const { result, sec } = await withLoopWatch(() => backend.solve(TINY_HARD, { timeLimitSec: 0.4, mipRelGap: 0 }));
    expect(sec).toBeLessThan(0.4 + 0.75);
    expect(['feasible', 'timeout']).toContain(result.status);
    expect(w.jobs).toBe(0);
  });
});
