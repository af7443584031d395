import { defineConfig } from 'vitest/config';

// Two cores: run test files in two forks; integration and e2e tests spawn the built CLI.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { SNOWFLAKE_DISABLE_PLATFORM_DETECTION: 'true', NO_COLOR: '1' },
  },
});
