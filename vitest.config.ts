import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'optimizer/**/*.test.ts',
      'providers/**/*.test.ts',
      'controllers/**/*.test.ts',
      'benchmarks/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // kube-global-setup starts API servers lazily, only for test files that ask (test/kube/kube-test-env.ts).
    globalSetup: ['test/global-setup.ts', 'test/kube/kube-global-setup.ts'],
  },
});
