import { readFileSync } from 'node:fs';
import { closePool } from '@/lib/platform/db';
import { ingestBuffer, ingestFile, ingestMany, parseReportFast, parseReportStreaming, settleCompactions } from '@/lib/ingest';
import { syntheticReportXml } from '@/lib/demo';
import { dashboardWorker } from './dashboard/dashboard-worker';

// The measured parts of the benchmark. Each runs in its own child process (`atlas bench
// --worker NAME`) so that its peak memory is its own and one cannot slow the next down
// through a bloated heap; each prints one JSON line.

export type WorkerName = 'parse' | 'stream-parse' | 'large' | 'small' | 'small-many' | 'dashboard';

const seconds = (t0: number) => (performance.now() - t0) / 1000;

/** fast-xml-parser (the whole-document parser) alone on the file. */
function parseFile(file: string) {
  const xml = readFileSync(file);
  const t0 = performance.now();
  const report = parseReportFast(xml);
  const s = seconds(t0);
  return { records: report.records.length, seconds: s, records_per_s: report.records.length / s, peak_rss_mb: rssMb() };
}

/** The streaming parser (the quick reader, saxes for the unusual) alone on the file, records kept. */
async function streamParseFile(file: string) {
  const xml = readFileSync(file);
  const t0 = performance.now();
  const report = await parseReportStreaming(xml);
  const s = seconds(t0);
  return { records: report.records.length, seconds: s, records_per_s: report.records.length / s, peak_rss_mb: rssMb() };
}

/** The large report through the whole pipeline, from disk, as `atlas ingest` runs it. */
async function ingestLarge(file: string) {
  const t0 = performance.now();
  const outcome = await ingestFile(file, 'cli');
  const s = seconds(t0);
  const report = outcome.reports[0];
  if (report?.outcome !== 'ingested') throw new Error(`the large report was not ingested: ${JSON.stringify(outcome.reports)}`);
  const records = report.records ?? 0;
  const cpu = cpuSeconds();
  // The compaction of its contributions runs after the commit, off the ingest path (the report's
  // figures are exact without it): timed apart.
  const t1 = performance.now();
  await settleCompactions();
  return { records, seconds: s, records_per_s: records / s, peak_rss_mb: rssMb(), cpu_s: cpu, compaction_s: seconds(t1), report_row_id: report.reportRowId };
}

/** `count` distinct 5-record reports over 90 days from two reporters; `prefix` keeps runs apart. */
function smallInputs(count: number, prefix: string, seed: number): Buffer[] {
  return Array.from({ length: count }, (_, i) =>
    syntheticReportXml({ records: 5, seed: seed + i, reportId: `${prefix}-${i}`, begin: 1_735_689_600 + (i % 90) * 86_400, orgName: i % 3 ? 'google.com' : 'Outlook.com' }),
  );
}

/** Many small reports through ingestBuffer, several in flight (one transaction per report). */
async function ingestSmall(count: number, concurrency: number) {
  const inputs = smallInputs(count, 'bench-small', 10_000);
  const t0 = performance.now();
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const o = await ingestBuffer({ bytes: inputs[i], name: `bench/small-${i}.xml`, source: 'cli' });
        if (o.status !== 'ingested') failed++;
      }
    }),
  );
  const s = seconds(t0);
  if (failed) throw new Error(`${failed} small reports were not ingested`);
  return { reports: count, records: count * 5, concurrency, seconds: s, reports_per_s: count / s };
}

/** Many small reports through ingestMany, as a mailbox backlog, a folder or an upload runs them (several per transaction). */
async function ingestSmallMany(count: number) {
  const inputs = smallInputs(count, 'bench-many', 50_000);
  const c0 = cpuSeconds();
  const t0 = performance.now();
  const results = await ingestMany(inputs.map((bytes, i) => ({ bytes, name: `bench/many-${i}.xml`, source: 'cli' as const })));
  const s = seconds(t0);
  const failed = results.filter((r) => !('outcome' in r) || r.outcome.status !== 'ingested').length;
  if (failed) throw new Error(`${failed} small reports were not ingested`);
  return { reports: count, records: count * 5, seconds: s, reports_per_s: count / s, cpu_s: cpuSeconds() - c0 };
}

/** CPU seconds of this process so far, all threads (GC and the zlib pool included): steadier than wall time on a loaded machine. */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function rssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export async function runWorker(name: WorkerName, args: { file?: string; count?: number; concurrency?: number; seconds?: number }): Promise<unknown> {
  try {
    switch (name) {
      case 'parse':
        return parseFile(args.file as string);
      case 'stream-parse':
        return await streamParseFile(args.file as string);
      case 'large':
        return await ingestLarge(args.file as string);
      case 'small':
        return await ingestSmall(args.count ?? 10_000, args.concurrency ?? 8);
      case 'small-many':
        return await ingestSmallMany(args.count ?? 10_000);
      case 'dashboard':
        return await dashboardWorker({ records: args.count ?? 10_000_000, seconds: args.seconds ?? 30 });
    }
  } finally {
    if (name === 'large' || name === 'small' || name === 'small-many') await closePool();
  }
}
