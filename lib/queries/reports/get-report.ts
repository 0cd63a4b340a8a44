import { prisma } from '@/lib/platform/db';
import type { TAccessScope } from '@/lib/access';
import { REPORT_RECORD_COLUMNS, reportRecordsWhere, toReportRecord, type TReportRecordRow } from './report-record-row';
import { readAuthenticity } from './report-authenticity';

/** One report with its records (at most `recordLimit`), or null when outside the scope. */
export async function getReport(scope: TAccessScope, id: bigint, recordLimit = 10_000) {
  if (scope.domainIds.length === 0) return null;
  const db = prisma();
  const report = await db.report.findFirst({
    where: { id, domainId: { in: scope.domainIds } },
    include: { domain: { select: { name: true } } },
  });
  if (!report) return null;
  const records = await db.$queryRaw<TReportRecordRow[]>`
    SELECT ${REPORT_RECORD_COLUMNS} FROM report_record WHERE ${reportRecordsWhere(report)} ORDER BY count DESC, ord LIMIT ${recordLimit}`;
  return {
    report,
    authenticity: readAuthenticity(report.verifiedBy, report.authNote),
    truncated: records.length < report.recordCount,
    records: records.map(toReportRecord),
  };
}
