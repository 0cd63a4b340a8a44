import { prisma, Prisma } from '@/lib/platform/db';
import type { TAccessScope } from '@/lib/access';

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
}

interface TRow {
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
}

/**
 * One page of a report's records, largest first (report detail page). `failures`: only rows
 * whose mail passed neither aligned DKIM nor aligned SPF (the receiver's policy_evaluated).
 * Returns null when the report is outside the scope. Reads the report's records through
 * report_record(report_id); the matching count comes from the same scan.
 */
export async function listReportRecords(
  scope: TAccessScope,
  reportRowId: bigint,
  options: { failures?: boolean; page: number; perPage: number },
): Promise<{ records: TReportRecord[]; total: number } | null> {
  if (scope.domainIds.length === 0) return null;
  const visible = await prisma().report.findFirst({ where: { id: reportRowId, domainId: { in: scope.domainIds } }, select: { id: true, beginAt: true } });
  if (!visible) return null;
  const failing = options.failures ? Prisma.sql`AND policy_dkim <> 'pass' AND policy_spf <> 'pass'` : Prisma.empty;
  const rows = await prisma().$queryRaw<(TRow & { total: string })[]>`
    SELECT coalesce(host(source_ip), source_ip_text) AS source_ip, count::text, disposition, policy_dkim, policy_spf, reasons,
           header_from, envelope_from, envelope_to, dkim, spf, count(*) OVER ()::text AS total
      FROM report_record
     -- report_record has no id since it is partitioned by month: pruned to the report's
     -- partition (report_day = UTC day of its begin), ties in the report's own order.
     WHERE report_day = (${visible.beginAt}::timestamptz AT TIME ZONE 'UTC')::date AND report_id = ${reportRowId} ${failing}
     ORDER BY count DESC, ord ASC
     LIMIT ${options.perPage} OFFSET ${(options.page - 1) * options.perPage}`;
  const total = rows[0] ? Number(rows[0].total) : 0;
  return {
    total,
    records: rows.map((r) => ({
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
    })),
  };
}
