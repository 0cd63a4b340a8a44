import { defineConfig } from 'vitest/config';
import path from 'node:path';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // expect.poll waits on a condition; its 1 s default is too short for a production Next.js
    // server on a loaded 2-core machine (a router.refresh() alone can take longer).
    expect: { poll: { timeout: 30_000, interval: 100 } },
    // Web apps started by tests sign sessions with this (production refuses to start without one).
    // Logs below warnings would bury the test report; ATLAS_LOG_LEVEL=info npm test shows them.
    env: {
      AUTH_SECRET: process.env.AUTH_SECRET ?? 'test-only-secret-for-dmarc-atlas-sessions-0123456789',
      ATLAS_LOG_LEVEL: process.env.ATLAS_LOG_LEVEL ?? 'error',
    },
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
  },
});
