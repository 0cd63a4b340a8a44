import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { writeSyntheticReport } from '@/lib/demo';
import { createBenchDatabase } from './bench-database';
import { measureRawCopy } from './raw-copy';
import { runChild as child } from './run-child';

export interface BenchOptions {
  quick: boolean;
  /** Progress lines (stderr). */
  log: (line: string) => void;
}

export interface BenchResult {
  machine: { cpus: number; total_memory_gb: number; load_average_at_start: number[]; node: string; postgres: string };
  parse: { parser: 'fast-xml-parser'; records: number; seconds: number; records_per_s: number; peak_rss_mb: number; stream_records_per_s: number };
  large: { records: number; xml_mb: number; seconds: number; records_per_s: number; peak_rss_mb: number; cpu_s: number; compaction_s: number };
  small: { reports: number; records: number; concurrency: number; seconds: number; reports_per_s: number };
  /** The same number of other small reports through ingestMany (several per transaction). */
  small_batched: { reports: number; records: number; seconds: number; reports_per_s: number };
  copy: { rows: number; seconds: number; rows_per_s: number };
  ratio: { ingest_to_copy: number; ingest_to_parse: number };
  targets: { large_records_per_s: number; ingest_to_copy: number; small_reports_per_s: number; peak_rss_mb: number; met: boolean };
}

const SYNTHETIC_BEGIN = 1_735_689_600; // 2025-01-01, one day

/** fast-xml-parser needs ~11× the document in memory: below this much RAM it parses a smaller report. */
const WHOLE_PARSE_MIN_MEMORY = 12 * 1024 ** 3;

/**
 * `npm run bench`: in one run, on a fresh database — fast-xml-parser alone on the large report,
 * the large report (500k records) through the full ingest (in a child, whose peak RSS is the
 * ingest's own), 10,000 small reports through the full pipeline, and raw COPY of the same rows
 * into the same Postgres; then the ratios. Timings are of this machine at this moment: other
 * load on it shows in the figures (machine.load_average_at_start).
 */
export async function runBench(opts: BenchOptions): Promise<BenchResult> {
  const largeRecords = opts.quick ? 50_000 : 500_000;
  const smallReports = opts.quick ? 1_000 : 10_000;
  const concurrency = 8;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'atlas-bench-'));
  const loadAtStart = os.loadavg().map((l) => Math.round(l * 100) / 100);
  opts.log(`bench: ${os.cpus().length} CPUs, load average ${loadAtStart.join(' ')}`);
  const db = await createBenchDatabase();
  opts.log(`bench: database ${new URL(db.url).pathname.slice(1)} (dropped at the end)`);
  try {
    const domainsSql = `WITH o AS (INSERT INTO organization (name, slug) VALUES ('Bench', 'bench') RETURNING id)
                        INSERT INTO domain (organization_id, name) SELECT id, 'example.com' FROM o`;
    const postgres = await withClient(db.url, async (c) => {
      await c.query(domainsSql);
      return String((await c.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version);
    });

    const largeFile = path.join(dir, 'large.xml');
    opts.log(`bench: writing a ${largeRecords.toLocaleString('en-US')}-record synthetic report…`);
    await writeReport(largeFile, largeRecords, 1);
    const xmlMb = (await stat(largeFile)).size / 1024 ** 2;
    opts.log(`bench: ${xmlMb.toFixed(0)} MB of XML`);

    // The whole-document parse of a 344 MB report takes ~3.6 GB; below that much RAM a
    // 50k-record report stands in (records/s barely depends on size).
    let parseFile = largeFile;
    if (os.totalmem() < WHOLE_PARSE_MIN_MEMORY && largeRecords > 50_000) {
      parseFile = path.join(dir, 'parse.xml');
      await writeReport(parseFile, 50_000, 2);
    }
    opts.log('bench: parse only (fast-xml-parser, whole document)…');
    const parse = await child<{ records: number; seconds: number; records_per_s: number; peak_rss_mb: number }>('parse', db.url, ['--file', parseFile]);
    opts.log(`bench:   ${fmt(parse.records_per_s)} records/s`);
    opts.log('bench: parse only (the streaming parser, records kept)…');
    const streamParse = await child<{ records_per_s: number }>('stream-parse', db.url, ['--file', parseFile]);
    opts.log(`bench:   ${fmt(streamParse.records_per_s)} records/s`);

    opts.log('bench: large report through the full ingest…');
    const large = await child<{ records: number; seconds: number; records_per_s: number; peak_rss_mb: number; cpu_s: number; compaction_s: number; report_row_id: string }>(
      'large', db.url, ['--file', largeFile],
    );
    opts.log(`bench:   ${fmt(large.records_per_s)} records/s, peak RSS ${large.peak_rss_mb} MB, ${large.cpu_s.toFixed(1)} s CPU (Node); then ${large.compaction_s.toFixed(1)} s compaction`);

    opts.log('bench: raw COPY of the same rows into a plain table…');
    const copy = await measureRawCopy(db.url, large.report_row_id, path.join(dir, 'rows.copy'));
    opts.log(`bench:   ${fmt(copy.rows_per_s)} rows/s`);
    await rm(largeFile, { force: true });

    opts.log(`bench: ${smallReports.toLocaleString('en-US')} small reports (5 records) through the full pipeline, ${concurrency} at a time…`);
    const small = await child<BenchResult['small']>('small', db.url, ['--count', String(smallReports), '--concurrency', String(concurrency)]);
    opts.log(`bench:   ${fmt(small.reports_per_s)} reports/s`);
    opts.log(`bench: ${smallReports.toLocaleString('en-US')} other small reports through ingestMany (several per transaction)…`);
    const smallBatched = await child<BenchResult['small_batched']>('small-many', db.url, ['--count', String(smallReports)]);
    opts.log(`bench:   ${fmt(smallBatched.reports_per_s)} reports/s`);

    const round = (n: number, d = 0) => Math.round(n * 10 ** d) / 10 ** d;
    // Issue 18's targets: ≥ 50k records/s at the very least (100k wished), half the speed of raw
    // COPY, ≥ 1,000 small reports/s (the batched path: what mailboxes, folders and uploads use).
    const targets = { large_records_per_s: 50_000, ingest_to_copy: 0.5, small_reports_per_s: 1_000, peak_rss_mb: 1024 };
    const ingestToCopy = round(large.records_per_s / copy.rows_per_s, 3);
    return {
      machine: { cpus: os.cpus().length, total_memory_gb: round(os.totalmem() / 1024 ** 3, 1), load_average_at_start: loadAtStart, node: process.version, postgres },
      parse: {
        parser: 'fast-xml-parser', records: parse.records, seconds: round(parse.seconds, 2), records_per_s: round(parse.records_per_s),
        peak_rss_mb: parse.peak_rss_mb, stream_records_per_s: round(streamParse.records_per_s),
      },
      large: {
        records: large.records, xml_mb: round(xmlMb), seconds: round(large.seconds, 2), records_per_s: round(large.records_per_s), peak_rss_mb: large.peak_rss_mb,
        cpu_s: round(large.cpu_s, 2), compaction_s: round(large.compaction_s, 2),
      },
      small: { ...small, seconds: round(small.seconds, 2), reports_per_s: round(small.reports_per_s) },
      small_batched: { ...smallBatched, seconds: round(smallBatched.seconds, 2), reports_per_s: round(smallBatched.reports_per_s) },
      copy: { rows: copy.rows, seconds: round(copy.seconds, 2), rows_per_s: round(copy.rows_per_s) },
      ratio: { ingest_to_copy: ingestToCopy, ingest_to_parse: round(large.records_per_s / parse.records_per_s, 2) },
      targets: {
        ...targets,
        met: large.records_per_s >= targets.large_records_per_s && ingestToCopy >= targets.ingest_to_copy
          && smallBatched.reports_per_s >= targets.small_reports_per_s && large.peak_rss_mb < targets.peak_rss_mb,
      },
    };
  } finally {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function writeReport(file: string, records: number, seed: number): Promise<void> {
  const out = createWriteStream(file);
  await writeSyntheticReport(out, { records, seed, begin: SYNTHETIC_BEGIN, reportId: `bench-large-${seed}-${records}` });
  await new Promise<void>((resolve, reject) => {
    out.once('error', reject);
    out.end(resolve);
  });
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
