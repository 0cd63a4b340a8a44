import { DEFAULT_LIMITS, type Limits } from '@/lib/ingest/limits';
import { parseReportFast } from './parse';
import { parseReportStreaming, summariseStreaming } from './parse-stream';
import type { TReport, TReportHeader } from './schema';
import { summarise, type ReportFigures } from './summary';

export { parseReportFast } from './parse';
export { parseReportStreaming, streamReport, summariseStreaming, type ReportStreamEvent, type StreamInput } from './parse-stream';

type ParseLimits = Pick<Limits, 'maxRecordsPerReport' | 'streamThresholdBytes'>;

/**
 * Chooses the parser by size: fast-xml-parser for ordinary reports, the streaming parser
 * above `streamThresholdBytes` (fast-xml-parser needs ~10× the document in memory and reads
 * ~9k records/s; saxes ~70k/s in flat memory). Both give the same normalised report.
 */
export function usesStreaming(xml: Buffer, limits: ParseLimits = DEFAULT_LIMITS): boolean {
  return xml.length > limits.streamThresholdBytes;
}

export async function parseReport(xml: Buffer, limits: ParseLimits = DEFAULT_LIMITS): Promise<TReport> {
  const maxRecords = limits.maxRecordsPerReport;
  return usesStreaming(xml, limits) ? parseReportStreaming(xml, { maxRecords }) : parseReportFast(xml, { maxRecords });
}

export interface ReportSummary {
  header: TReportHeader;
  figures: ReportFigures;
  warnings: string[];
}

/** The figures of one report without keeping its records when it is large. */
export async function summariseReport(xml: Buffer, limits: ParseLimits = DEFAULT_LIMITS): Promise<ReportSummary> {
  const maxRecords = limits.maxRecordsPerReport;
  if (usesStreaming(xml, limits)) return summariseStreaming(xml, { maxRecords });
  const report = parseReportFast(xml, { maxRecords });
  return { header: report, figures: summarise(report), warnings: report.warnings };
}
