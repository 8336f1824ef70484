import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/** Test workers (see maxWorkers below). */
const WORKERS = Math.max(2, availableParallelism() - 1);

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default for `run` is one worker less than the cores: on a 2-core machine a single worker, so the
    // files ran one after another and the second core mostly idled. Two workers at least; files sharing an API
    // server stay apart by namespace (test/kube/kube-test-env.ts).
    maxWorkers: WORKERS,
    // As many from the start: the pool never stops an idle worker mid-run to start another.
    minWorkers: WORKERS,
    // One worker process runs many test files, so each heavy dependency (the Kubernetes client, Pulumi, HiGHS) is
    // loaded once per worker instead of once per file: the suite is CPU-bound on 2 cores, and loading took about a
    // third of it (docs/testing.md). The price: module state lives across files. Nothing here keeps per-file state
    // in modules except what is set per use (Pulumi's mocks, the in-process CLI's clock, src/cli/command-clock.ts).
    isolate: false,
    // kube-global-setup starts API servers lazily, only for test files that ask (test/kube/kube-test-env.ts).
    globalSetup: ['test/global-setup.ts', 'test/kube/kube-global-setup.ts'],
    projects: [
      // What `npm test` runs (package.json: vitest run --project default): everything but the slow sweeps.
      {
        extends: true,
        test: {
          name: 'default',
          include: [
            'src/**/*.test.ts',
            'optimizer/**/*.test.ts',
            'providers/**/*.test.ts',
            'controllers/**/*.test.ts',
            'benchmarks/**/*.test.ts',
            'test/**/*.test.ts',
          ],
          exclude: [...configDefaults.exclude, '**/*.slow.test.ts'],
        },
      },
      // Larger optimizer sweeps, run by hand: SKYCLUSTER_TEST_SKIP_BUILD=1 npx vitest run --project slow
      { extends: true, test: { name: 'slow', include: ['optimizer/**/*.slow.test.ts'] } },
    ],
  },
});
