import { prisma } from '@/lib/platform/db';
import type { TAccessScope } from '@/lib/access';
import { readAuthenticity } from './report-authenticity';

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

interface TRecordRow {
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

/** One report with its records (at most `recordLimit`), or null when outside the scope. */
export async function getReport(scope: TAccessScope, id: bigint, recordLimit = 10_000) {
  if (scope.domainIds.length === 0) return null;
  const db = prisma();
  const report = await db.report.findFirst({
    where: { id, domainId: { in: scope.domainIds } },
    include: { domain: { select: { name: true } } },
  });
  if (!report) return null;
  // report_record has no Prisma model (no unique key, see schema.prisma): raw SQL, pruned to
  // the report's partition (report_day = UTC day of its begin), in the report's own order.
  const records = await db.$queryRaw<TRecordRow[]>`
    SELECT coalesce(host(source_ip), source_ip_text) AS source_ip, count::text AS count, disposition, policy_dkim, policy_spf,
           reasons, header_from, envelope_from, envelope_to, dkim, spf, header_from_foreign
      FROM report_record
     WHERE report_day = (${report.beginAt}::timestamptz AT TIME ZONE 'UTC')::date AND report_id = ${report.id}
     ORDER BY count DESC, ord
     LIMIT ${recordLimit}`;
  return {
    report,
    authenticity: readAuthenticity(report.verifiedBy, report.authNote),
    truncated: records.length < report.recordCount,
    records: records.map(
      (r): TReportRecord => ({
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
      }),
    ),
  };
}
