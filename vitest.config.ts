import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./', import.meta.url)) } },
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/browser/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // TEST_POSTGRES_URL set: migrate a PostgreSQL template database once (no-op on SQLite).
    globalSetup: ['tests/helpers/pg-global-setup.ts'],
    // Expected failures (hostile feeds) log warnings by design; keep the run readable.
    env: { LOG_LEVEL: 'error' },
  },
});
