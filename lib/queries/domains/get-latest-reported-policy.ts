import { prisma } from '@/lib/platform/db';
import type { TDomainScope } from '@/lib/access';

/** The DMARC policy a domain published, as the newest aggregate report saw it. */
export interface TLatestReportedPolicy {
  p: string | null;
  sp: string | null;
  np: string | null;
  pct: string | null;
  adkim: string | null;
  aspf: string | null;
  testing: string | null;
  /** Who reported it and the end of the report's range. */
  reporter: string;
  reportedAt: Date;
}

/**
 * The policy in the newest report for the domain itself (reports for subdomains carry theirs),
 * or null when no report has arrived. Reporters fill these fields from the DNS record they
 * read, so they show what receivers actually applied.
 */
export async function getLatestReportedPolicy(scope: TDomainScope, domainId: number): Promise<TLatestReportedPolicy | null> {
  if (!scope.domainIds.includes(domainId)) return null;
  const row = await prisma().report.findFirst({
    where: { domainId, domain: { id: { in: [...scope.domainIds] } } },
    orderBy: [{ endAt: 'desc' }, { id: 'desc' }],
    select: { p: true, sp: true, np: true, pct: true, adkim: true, aspf: true, testing: true, orgName: true, endAt: true },
  });
  if (!row) return null;
  return { p: row.p, sp: row.sp, np: row.np, pct: row.pct, adkim: row.adkim, aspf: row.aspf, testing: row.testing, reporter: row.orgName, reportedAt: row.endAt };
}
