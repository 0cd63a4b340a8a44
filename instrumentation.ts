// Runs once when a Next.js server starts. A web process started without `atlas start` (e.g.
// `next start` in production) must still refuse to run without a session secret, clearly and
// at once, rather than fail on the first sign-in.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs' && process.env.NEXT_PHASE !== 'phase-production-build') {
    (await import('./lib/access/auth/assert-auth-configured')).assertAuthConfigured();
    // Size limits are read on every upload; a nonsense value (ATLAS_MAX_FILE_BYTES=lots) should
    // stop the server now, with the variable named, not fail the first upload.
    try {
      (await import('./lib/ingest/limits')).loadLimits();
    } catch (error) {
      console.error(`\nDMARC Atlas cannot start: ${(error as Error).message}\n`);
      process.exit(1);
    }
  }
}
