import { Prisma } from '@/lib/platform/db';

/** One record of a report as pages and the API show it. */
export interface TReportRecord {
  sourceIp: string | null;
  count: number;
  disposition: string;
  policyDkim: string;
  policySpf: string;
  reasons: unknown;
  headerFrom: string;
  envelopeFrom: string | null;
  envelopeTo: string | null;
  dkim: unknown;
  spf: unknown;
  /** header_from is not the policy domain or a subdomain: left out of the domain's figures. */
  headerFromForeign: boolean;
}

export interface TReportRecordRow {
  source_ip: string | null;
  count: string;
  disposition: string;
  policy_dkim: string;
  policy_spf: string;
  reasons: unknown;
  header_from: string;
  envelope_from: string | null;
  envelope_to: string | null;
  dkim: unknown;
  spf: unknown;
  header_from_foreign: boolean;
}

/** The columns behind TReportRecordRow (report_record has no Prisma model: raw SQL reads it). */
export const REPORT_RECORD_COLUMNS = Prisma.sql`coalesce(host(source_ip), source_ip_text) AS source_ip, count::text AS count, disposition, policy_dkim,
  policy_spf, reasons, header_from, envelope_from, envelope_to, dkim, spf, header_from_foreign`;

/**
 * The rows of one report: its own partition only (report_day is the UTC day its range begins,
 * the partition key), so a read never scans other months.
 */
export function reportRecordsWhere(report: { id: bigint; beginAt: Date }): Prisma.Sql {
  return Prisma.sql`report_day = (${report.beginAt}::timestamptz AT TIME ZONE 'UTC')::date AND report_id = ${report.id}`;
}

export function toReportRecord(r: TReportRecordRow): TReportRecord {
  return {
    sourceIp: r.source_ip,
    count: Number(r.count),
    disposition: r.disposition,
    policyDkim: r.policy_dkim,
    policySpf: r.policy_spf,
    reasons: r.reasons,
    headerFrom: r.header_from,
    envelopeFrom: r.envelope_from,
    envelopeTo: r.envelope_to,
    dkim: r.dkim,
    spf: r.spf,
    headerFromForeign: r.header_from_foreign,
  };
}
