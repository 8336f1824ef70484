import { afterAll, describe, expect, it } from 'vitest';
import { prepare, SMALL_MODEL_NONZEROS } from './backend-common.js';
import { highsWasmModule, toHighsModel } from './highs-backend.js';
import { createGlpkBackend, createHighsBackend, createLpsolveBackend } from './index.js';
import { knapsack } from './test-models.js';
import { WarmWorker } from './warm-worker.js';
import { warmUpModel } from './warm-up.js';
import { runSolverWorker } from './worker-runner.js';

const workers: WarmWorker[] = [];
afterAll(() => Promise.all(workers.map((w) => w.dispose())));
function newWarmWorker(): WarmWorker {
  const w = new WarmWorker();
  workers.push(w);
  return w;
}

/** Resolves once `w` has a worker thread or `ms` have passed. */
async function waitAlive(w: WarmWorker, ms: number): Promise<boolean> {
  const end = performance.now() + ms;
  while (!w.alive && performance.now() < end) await new Promise((r) => setTimeout(r, 10));
  return w.alive;
}

describe('warm-up', () => {
  it.each([
    ['highs', createHighsBackend],
    ['glpk', createGlpkBackend],
    ['lpsolve', createLpsolveBackend],
  ] as const)('the warm-up model has the optimum its comment states (%s)', async (_name, create) => {
    const r = await create({ worker: 'fresh' }).solve(warmUpModel(), { timeLimitSec: 10, mipRelGap: 0 });
    expect(r.status).toBe('optimal');
    if (r.status !== 'optimal') return;
    expect(r.objective).toBeCloseTo(8, 9);
    // x_0_2, x_1_2, x_2_1 and nothing else.
    expect(r.values.map((v) => Math.round(v))).toEqual([0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0]);
  });

  it('a small model: the warm worker is started and then runs the real solve (one thread)', async () => {
    const w = newWarmWorker();
    const backend = createHighsBackend({ warmWorker: w, inThread: false });
    backend.warmUp?.({ estimatedNonzeros: 20_000 });
    expect(await waitAlive(w, 5000)).toBe(true);
    const r = await backend.solve(knapsack(), { timeLimitSec: 10, mipRelGap: 0 });
    expect(r.status).toBe('optimal');
    expect(w.spawns).toBe(1);
    expect(w.jobs).toBe(2);
  });

  it('no estimate yet: only the thread starts (no job); the warm-up and the solve then run on that thread', async () => {
    const w = newWarmWorker();
    const backend = createHighsBackend({ warmWorker: w, inThread: false });
    backend.warmUp?.({});
    expect(w.alive).toBe(true);
    expect(w.jobs).toBe(0);
    backend.warmUp?.({ estimatedNonzeros: 20_000 });
    const r = await backend.solve(knapsack(), { timeLimitSec: 10, mipRelGap: 0 });
    expect(r.status).toBe('optimal');
    expect(w.spawns).toBe(1);
    expect(w.jobs).toBe(2);
  });

  it('a model that may be large, a fresh-worker backend or another library: no warm-up', async () => {
    const w = newWarmWorker();
    createHighsBackend({ warmWorker: w }).warmUp?.({ estimatedNonzeros: SMALL_MODEL_NONZEROS + 1 });
    createHighsBackend({ warmWorker: w, worker: 'fresh' }).warmUp?.({ estimatedNonzeros: 100 });
    createHighsBackend({ warmWorker: w, moduleId: 'highs-not-installed' }).warmUp?.({ estimatedNonzeros: 100 });
    createHighsBackend({ warmWorker: w, worker: 'fresh' }).warmUp?.({});
    expect(await waitAlive(w, 300)).toBe(false);
    expect(w.spawns).toBe(0);
  });
});

describe('hand-over (SolveOptions.onHandedOver: the caller may use its thread once the model is posted)', () => {
  /** Solves knapsack() and records the order of the hand-over call and the result. */
  async function order(backend: ReturnType<typeof createHighsBackend>): Promise<string[]> {
    const events: string[] = [];
    const r = await backend.solve(knapsack(), { timeLimitSec: 10, mipRelGap: 0, onHandedOver: () => events.push('handed over') });
    events.push(r.status);
    return events;
  }

  it('a warm worker: called once, after the warm-up it waited for, before the result', async () => {
    const w = newWarmWorker();
    const backend = createHighsBackend({ warmWorker: w, inThread: false });
    backend.warmUp?.({ estimatedNonzeros: 20_000 });
    expect(await order(backend)).toEqual(['handed over', 'optimal']);
    expect(w.jobs).toBe(2);
  });

  it('a fresh worker: called once, before the result', async () => {
    expect(await order(createHighsBackend({ worker: 'fresh', inThread: false }))).toEqual(['handed over', 'optimal']);
  });

  it('a solve on the caller thread: never called', async () => {
    expect(await order(createHighsBackend({ warmWorker: newWarmWorker() }))).toEqual(['optimal']);
  });

  it('glpk and lp_solve, in their workers: called once, before the result', async () => {
    for (const create of [createGlpkBackend, createLpsolveBackend]) {
      const events: string[] = [];
      const r = await create({ worker: 'fresh' }).solve(knapsack(), {
        timeLimitSec: 10,
        mipRelGap: 0,
        onHandedOver: () => events.push('handed over'),
      });
      events.push(r.status);
      expect(events).toEqual(['handed over', 'optimal']);
    }
  });
});

describe('the compiled highs.wasm a worker is handed', () => {
  /** Runs knapsack() in a fresh worker with the given module; returns the worker's report. */
  async function solveWith(wasmModule: object | null): Promise<{ instance: string | undefined; status: number | undefined }> {
    const prep = prepare('highs', knapsack());
    if ('status' in prep) throw new Error('knapsack() did not prepare');
    const run = await runSolverWorker(
      {
        backend: 'highs',
        moduleId: 'highs',
        timeLimitSec: 10,
        mipRelGap: 0,
        model: toHighsModel(prep),
        isMip: prep.isMip,
        incumbent: null,
        wasmModule,
      },
      20,
    );
    const done = run.done?.backend === 'highs' ? run.done : undefined;
    return { instance: done?.instance, status: done?.modelStatus };
  }

  it('is the one the worker instantiates (the highs package ignores a module passed any other way)', async () => {
    const module = await highsWasmModule();
    expect(module).not.toBeNull();
    expect(await solveWith(module)).toEqual({ instance: 'shared', status: 7 });
  });

  it('without one, or with one that is not HiGHS, the worker compiles its own and still solves', async () => {
    expect(await solveWith(null)).toEqual({ instance: 'own', status: 7 });
    // The smallest valid module: it instantiates, but has none of HiGHS' exports.
    const empty = new (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object } }).WebAssembly.Module(
      new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]),
    );
    expect(await solveWith(empty)).toEqual({ instance: 'own', status: 7 });
  });
});
