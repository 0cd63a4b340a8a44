import { z } from 'zod';
import { parseFlags } from '../args';

/**
 * `atlas bench [--json] [--quick] [--dashboard-records N] [--dashboard-seconds S] [--dashboard-only]`
 * (npm run bench): the ingest benchmark, then the dashboard's (lib/bench; 10 M records by
 * default, 200,000 with --quick). Progress on stderr; --json prints one JSON object. `--worker` runs one measured part (internal: the
 * benchmark starts itself in child processes so each part's memory is its own).
 */
export async function benchCommand(argv: string[]): Promise<number> {
  const { flags } = parseFlags(
    argv,
    {
      json: { type: 'boolean' },
      quick: { type: 'boolean' },
      worker: { type: 'string' },
      file: { type: 'string' },
      count: { type: 'string' },
      concurrency: { type: 'string' },
      seconds: { type: 'string' },
      'dashboard-records': { type: 'string' },
      'dashboard-seconds': { type: 'string' },
      'dashboard-only': { type: 'boolean' },
    },
    z.object({
      json: z.boolean().optional(),
      quick: z.boolean().optional(),
      worker: z.enum(['parse', 'stream-parse', 'large', 'small', 'small-many', 'dashboard']).optional(),
      file: z.string().optional(),
      count: z.coerce.number().int().positive().optional(),
      concurrency: z.coerce.number().int().positive().optional(),
      seconds: z.coerce.number().int().positive().max(3600).optional(),
      'dashboard-records': z.coerce.number().int().positive().max(1_000_000_000).optional(),
      'dashboard-seconds': z.coerce.number().int().positive().max(3600).optional(),
      'dashboard-only': z.boolean().optional(),
    }),
  );
  if (flags.worker) {
    const { runWorker } = await import('@/lib/bench');
    const result = await runWorker(flags.worker, { file: flags.file, count: flags.count, concurrency: flags.concurrency, seconds: flags.seconds });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  }
  const { releaseBenchServer, runBench, runDashboardBench } = await import('@/lib/bench');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const { ingest, dashboard } = await (async () => {
    try {
      const ingest = flags['dashboard-only'] ? null : await runBench({ quick: Boolean(flags.quick), log });
      const dashboard = await runDashboardBench({
        records: flags['dashboard-records'] ?? (flags.quick ? 200_000 : 10_000_000),
        seconds: flags['dashboard-seconds'] ?? 30,
        log,
      });
      return { ingest, dashboard };
    } finally {
      await releaseBenchServer();
    }
  })();
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ ...ingest, dashboard })}\n`);
    return 0;
  }
  const n = (v: number) => Math.round(v).toLocaleString('en-US');
  const mark = (ok: boolean) => (ok ? 'ok' : 'BELOW TARGET');
  const lines: string[] = [];
  if (ingest) {
    const result = ingest;
    lines.push(
      `parse only (${result.parse.parser}, ${n(result.parse.records)} records): ${n(result.parse.records_per_s)} records/s` +
        ` (streaming parser alone: ${n(result.parse.stream_records_per_s)} records/s)`,
      `large report, full ingest (${n(result.large.records)} records, ${result.large.xml_mb} MB): ${n(result.large.records_per_s)} records/s` +
        ` [${mark(result.large.records_per_s >= result.targets.large_records_per_s)}], peak RSS ${result.large.peak_rss_mb} MB [${mark(result.large.peak_rss_mb < result.targets.peak_rss_mb)}]` +
        `, ${result.large.cpu_s} s CPU (Node), then ${result.large.compaction_s} s compaction`,
      `small reports, one per transaction (${n(result.small.reports)} × 5 records, ${result.small.concurrency} at a time): ${n(result.small.reports_per_s)} reports/s`,
      `small reports, ingestMany (${n(result.small_batched.reports)} × 5 records, several per transaction): ${n(result.small_batched.reports_per_s)} reports/s` +
        ` [${mark(result.small_batched.reports_per_s >= result.targets.small_reports_per_s)}]`,
      `raw COPY of the same rows (plain table): ${n(result.copy.rows_per_s)} rows/s`,
      `ratios: ingest/COPY ${result.ratio.ingest_to_copy} [${mark(result.ratio.ingest_to_copy >= result.targets.ingest_to_copy)}], ingest/parse ${result.ratio.ingest_to_parse}`,
      `machine: ${result.machine.cpus} CPUs, load average at start ${result.machine.load_average_at_start.join(' ')}, Postgres ${result.machine.postgres}, Node ${result.machine.node}`,
    );
  }
  const t = dashboard.targets;
  const c = dashboard.concurrent;
  const u = dashboard.concurrent_uncached;
  // No p95 when no response completed within the window: every one took longer than it.
  const ms = (v: number | null) => (v === null ? `> ${n(c.seconds * 1000)}` : n(v));
  lines.push(`dashboard: ${n(dashboard.records)} records in ${n(dashboard.reports)} reports (built in ${n(dashboard.build_s)} s, snapshots refreshed in ${dashboard.snapshot_refresh_s} s); queries warm, ${dashboard.query_runs} runs each (target p95 < ${t.query_p95_ms} ms):`);
  for (const [name, q] of Object.entries(dashboard.queries)) {
    lines.push(`  ${name.padEnd(22)} p50 ${String(q.p50_ms).padStart(8)} ms   p95 ${String(q.p95_ms).padStart(8)} ms [${mark(q.p95_ms < t.query_p95_ms)}]`);
  }
  lines.push(
    `overview first load over HTTP: ${n(dashboard.overview_http_ms)} ms [${mark(dashboard.overview_http_ms < t.overview_http_ms)}] (target < ${t.overview_http_ms} ms)`,
    `${c.clients} clients, one user each, × ${c.seconds} s (overview + sender map), ${c.web_processes} web processes: ${n(c.requests)} requests (${n(c.cache_hits)} from the page cache), p50 ${ms(c.p50_ms)} ms,` +
      ` p95 ${ms(c.p95_ms)} ms [${mark(c.p95_ms !== null && c.p95_ms < t.concurrent_p95_ms)}] (target < ${t.concurrent_p95_ms} ms),` +
      ` ${c.errors} errors (${c.render_errors} of them failed parts of a streamed page) [${mark(c.errors <= t.concurrent_errors)}] (target ${t.concurrent_errors})`,
    `  baseline, page cache off (every request rendered): ${n(u.requests)} requests, p50 ${ms(u.p50_ms)} ms, p95 ${ms(u.p95_ms)} ms, ${u.errors} errors`,
  );
  console.log(lines.join('\n'));
  return 0;
}
