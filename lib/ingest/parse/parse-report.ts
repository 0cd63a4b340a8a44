import { DEFAULT_LIMITS, type Limits } from '@/lib/ingest/limits';
import { parseReportStreaming, streamReport, summariseStreaming, type ReportStreamEvent, type RowSink, type StreamInput } from './parse-stream';
import type { TReport, TReportHeader } from './schema';
import type { ReportFigures } from './summary';

export { parseReportFast } from './parse';
export { parseReportStreaming, streamReport, summariseStreaming, type ReportStreamEvent, type StreamInput } from './parse-stream';

type ParseLimits = Pick<Limits, 'maxRecordsPerReport' | 'streamThresholdBytes'>;

/**
 * THE choice of parser, for every caller (the pipeline, so CLI, upload, HTTP API and mailboxes;
 * `atlas reprocess`; `atlas parse`): the streaming reader at every size — plain XML read by
 * hand (xml-reader.ts), everything unusual and every error by saxes. Measured on this machine
 * (2 cores, load ~12, 2026-12-06; reports of the test fixtures, ms per parse):
 *
 *   records  bytes    fast-xml-parser  saxes     saxes faster by
 *   1        885 B    0.17             0.06      2.7×
 *   5        2.6 KB   0.52             0.11      4.8×
 *   50       22 KB    6.5              1.5       4.2×
 *   500      216 KB   118              16        7.6×
 *   5,000    2.2 MB   1,377            257       5.4×
 *   20,000   8.6 MB   6,147            492       12.5×
 *
 * and for 500k records (344 MB) fast-xml-parser peaks at 3.57 GB RSS, saxes at 166 MB
 * (/work/shared/stack-notes.md). So no size favours fast-xml-parser. (Those are saxes alone; the
 * quick reader now reads the plain part of a document ~1.4× faster again: docs/performance.md.)
 * What size decides is only whether a report's records are collected (up to ATLAS_STREAM_THRESHOLD_BYTES: parsed
 * before any database work, its failure recorded cleanly) or streamed (into COPY, never held).
 * fast-xml-parser stays as an independent second reading of the XML: the tests check that both
 * parsers give identical reports on the corpus, and the benchmark prints its speed.
 */
export function collectsRecords(size: number, limits: ParseLimits = DEFAULT_LIMITS): boolean {
  return size <= limits.streamThresholdBytes;
}

/** A whole report with its records (callers check `collectsRecords` for its size first). */
export function parseReport(xml: StreamInput, limits: ParseLimits = DEFAULT_LIMITS): Promise<TReport> {
  return parseReportStreaming(xml, { maxRecords: limits.maxRecordsPerReport });
}

/**
 * A report as a stream of events (header, record batches, end), for a store that writes as it
 * reads; with `rows`, each record goes to that sink instead of 'records' events (the lean path).
 */
export function reportEvents(xml: StreamInput, limits: ParseLimits = DEFAULT_LIMITS, rows?: RowSink): AsyncGenerator<ReportStreamEvent> {
  return streamReport(xml, { maxRecords: limits.maxRecordsPerReport, rows });
}

export interface ReportSummary {
  header: TReportHeader;
  figures: ReportFigures;
  warnings: string[];
}

/** The figures of one report, whatever its size, without keeping its records. */
export function summariseReport(xml: StreamInput, limits: ParseLimits = DEFAULT_LIMITS): Promise<ReportSummary> {
  return summariseStreaming(xml, { maxRecords: limits.maxRecordsPerReport });
}
