import { prisma } from '@/lib/platform/db';
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

/** One report with its records (at most `recordLimit`), or null when outside the scope. */
export async function getReport(scope: TAccessScope, id: bigint, recordLimit = 10_000) {
  if (scope.domainIds.length === 0) return null;
  const db = prisma();
  const report = await db.report.findFirst({
    where: { id, domainId: { in: scope.domainIds } },
    include: { domain: { select: { name: true } } },
  });
  if (!report) return null;
  const records = await db.reportRecord.findMany({
    where: { reportId: report.id },
    orderBy: [{ count: 'desc' }, { id: 'asc' }],
    take: recordLimit,
  });
  return {
    report,
    truncated: records.length < report.recordCount,
    records: records.map(
      (r): TReportRecord => ({
        sourceIp: r.sourceIp ?? r.sourceIpText,
        count: Number(r.count),
        disposition: r.disposition,
        policyDkim: r.policyDkim,
        policySpf: r.policySpf,
        reasons: r.reasons,
        headerFrom: r.headerFrom,
        envelopeFrom: r.envelopeFrom,
        envelopeTo: r.envelopeTo,
        dkim: r.dkim,
        spf: r.spf,
      }),
    ),
  };
}
