import { prisma, Prisma } from '@/lib/platform/db';
import type { TAccessScope } from '@/lib/access';
import { REPORT_RECORD_COLUMNS, reportRecordsWhere, toReportRecord, type TReportRecord, type TReportRecordRow } from './report-record-row';

/**
 * One page of a report's records, largest first (report detail page). `failures`: only rows
 * whose mail passed neither aligned DKIM nor aligned SPF (the receiver's policy_evaluated).
 * Returns null when the report is outside the scope. Reads the report's own partition; the
 * matching count comes from the same scan.
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
  const rows = await prisma().$queryRaw<(TReportRecordRow & { total: string })[]>`
    SELECT ${REPORT_RECORD_COLUMNS}, count(*) OVER ()::text AS total
      FROM report_record
     WHERE ${reportRecordsWhere(visible)} ${failing}
     ORDER BY count DESC, ord
     LIMIT ${options.perPage} OFFSET ${(options.page - 1) * options.perPage}`;
  const total = rows[0] ? Number(rows[0].total) : 0;
  return {
    total,
    records: rows.map(toReportRecord),
  };
}
