import { closePool, databaseUrl, disconnectPrisma } from '@/lib/platform/db';
import { refreshSnapshots } from '@/lib/queries';
import { buildDataset } from './build-dataset';
import { measureHttp } from './http-load';
import { timeQueries } from './time-queries';

/** Warm runs of each query: the issue asks for p50 and p95 over at least 20. */
export const QUERY_RUNS = 20;

/**
 * The dashboard part inside its child process (`atlas bench --worker dashboard`), whose
 * DATABASE_URL is a fresh bench database: builds the data set, times the queries, then the
 * production build over HTTP. Progress on stderr; the result is the child's last stdout line.
 */
export async function dashboardWorker(args: { records: number; seconds: number }) {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  try {
    log(`bench: dashboard data set, ${args.records.toLocaleString('en-US')} records (SQL fast path)…`);
    const data = await buildDataset(args.records, log);
    log(`bench:   ${data.records.toLocaleString('en-US')} records in ${data.reports.toLocaleString('en-US')} reports, ${data.seconds.toFixed(0)} s`);
    // What the worker's snapshot job does after new reports arrive: the pages' default reads
    // are computed once and stored. Timed apart: it is the cost a domain's first view after new
    // data would pay if the job had not run yet.
    log('bench: query snapshots (the worker\'s refresh job)…');
    const t0 = performance.now();
    const refreshed = await refreshSnapshots();
    const snapshotSeconds = (performance.now() - t0) / 1000;
    log(`bench:   ${refreshed.domains} domains in ${snapshotSeconds.toFixed(1)} s`);
    log(`bench: page queries, warm, ${QUERY_RUNS} runs each (largest domain: ${data.largest.name})…`);
    const queries = await timeQueries(data.largest, QUERY_RUNS, log);
    log('bench: over HTTP (production build)…');
    const http = await measureHttp(databaseUrl(), { organization: data.organizations[0], domain: data.largest.name, seconds: args.seconds }, log);
    return { records: data.records, reports: data.reports, build_s: Math.round(data.seconds), snapshot_refresh_s: Math.round(snapshotSeconds * 10) / 10, query_runs: QUERY_RUNS, queries, ...http };
  } finally {
    await disconnectPrisma();
    await closePool();
  }
}
