import { z } from 'zod';
import { parseFlags } from '../args';

/**
 * `atlas bench [--json] [--quick]` (npm run bench): the ingest benchmark (lib/bench). Progress
 * on stderr; --json prints one JSON object. `--worker` runs one measured part (internal: the
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
    },
    z.object({
      json: z.boolean().optional(),
      quick: z.boolean().optional(),
      worker: z.enum(['parse', 'stream-parse', 'large', 'small', 'small-many']).optional(),
      file: z.string().optional(),
      count: z.coerce.number().int().positive().optional(),
      concurrency: z.coerce.number().int().positive().optional(),
    }),
  );
  if (flags.worker) {
    const { runWorker } = await import('@/lib/bench');
    const result = await runWorker(flags.worker, { file: flags.file, count: flags.count, concurrency: flags.concurrency });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  }
  const { runBench } = await import('@/lib/bench');
  const result = await runBench({ quick: Boolean(flags.quick), log: (line) => process.stderr.write(`${line}\n`) });
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  }
  const n = (v: number) => Math.round(v).toLocaleString('en-US');
  const mark = (ok: boolean) => (ok ? 'ok' : 'BELOW TARGET');
  console.log(
    [
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
    ].join('\n'),
  );
  return 0;
}
