import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.spec.ts', 'web/**/*.spec.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // two cores: the heavier suites start worker threads of their own
    maxWorkers: 2,
  },
});
