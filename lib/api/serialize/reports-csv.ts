import { stringify } from 'csv-stringify/sync';
import type { TReportSummary } from '@/lib/queries';

/** The CSV export's columns, in order (the JSON fields, flattened). */
export const REPORT_CSV_COLUMNS = [
  'id', 'domain', 'reporter', 'reporter_email', 'report_id', 'begin', 'end', 'p', 'sp', 'pct',
  'records', 'messages', 'dmarc_pass', 'dmarc_fail', 'dkim_aligned_pass', 'spf_aligned_pass', 'received_at',
  'verified', 'verified_by',
] as const;

/**
 * Reports as CSV (RFC 4180, CRLF, a header row). Reporter names and report ids are written by
 * whoever sent the report: `escape_formulas` keeps a cell such as `=HYPERLINK(…)` text when the
 * file is opened in a spreadsheet (the same CSV writer as every other export, lib/api/export).
 */
export function reportsCsv(reports: TReportSummary[]): string {
  const rows = reports.map((r) => [
    r.id, r.domain, r.reporter, r.reporterEmail ?? '', r.reportId, r.begin.toISOString(), r.end.toISOString(),
    r.policy.p ?? '', r.policy.sp ?? '', r.policy.pct ?? '', r.records, r.messages, r.dmarcPass, r.messages - r.dmarcPass,
    r.dkimAlignedPass, r.spfAlignedPass, r.receivedAt.toISOString(), String(r.verifiedBy !== null), r.verifiedBy ?? '',
  ]);
  return stringify(rows, { header: true, columns: [...REPORT_CSV_COLUMNS], escape_formulas: true, record_delimiter: 'windows' });
}
