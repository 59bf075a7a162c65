import { defineConfig } from 'vitest/config';

// Two cores in CI: keep parallelism modest so tests that start real servers do not starve each other.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
