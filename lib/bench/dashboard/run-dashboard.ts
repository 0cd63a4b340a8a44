import { createBenchDatabase } from '@/lib/bench/bench-database';
import { runChild } from '@/lib/bench/run-child';
import type { TConcurrentFigures } from './http-load';
import type { TQueryTiming } from './time-queries';

export interface TDashboardResult {
  records: number;
  reports: number;
  /** Seconds the fast path took to build the data set (generation, rollups, compaction, ANALYZE). */
  build_s: number;
  /** Seconds the worker's snapshot refresh took over the whole data set (every domain, 7/30/90 days). */
  snapshot_refresh_s: number;
  query_runs: number;
  queries: Record<string, TQueryTiming>;
  overview_http_ms: number;
  concurrent: TConcurrentFigures;
  concurrent_uncached: TConcurrentFigures;
  targets: { query_p95_ms: number; overview_http_ms: number; concurrent_p95_ms: number; concurrent_errors: number; met: boolean };
}

/** Issue 18's targets for the pages at 10 M records. */
export const DASHBOARD_TARGETS = { query_p95_ms: 200, overview_http_ms: 1000, concurrent_p95_ms: 500, concurrent_errors: 0 };

/**
 * The dashboard part of `npm run bench`: on a fresh database of its own (dropped at the end),
 * in a child process (its Prisma client and pool point at that database), `records` records
 * through the fast path, then the page queries and the production build under load.
 */
export async function runDashboardBench(opts: { records: number; seconds: number; log: (line: string) => void }): Promise<TDashboardResult> {
  const db = await createBenchDatabase();
  opts.log(`bench: dashboard database ${new URL(db.url).pathname.slice(1)} (dropped at the end)`);
  try {
    const r = await runChild<Omit<TDashboardResult, 'targets'>>('dashboard', db.url, ['--count', String(opts.records), '--seconds', String(opts.seconds)]);
    const t = DASHBOARD_TARGETS;
    const met = Object.values(r.queries).every((q) => q.p95_ms < t.query_p95_ms)
      && r.overview_http_ms < t.overview_http_ms && r.concurrent.p95_ms !== null && r.concurrent.p95_ms < t.concurrent_p95_ms && r.concurrent.errors <= t.concurrent_errors;
    return { ...r, targets: { ...t, met } };
  } finally {
    await db.drop();
  }
}
