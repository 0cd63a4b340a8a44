import { prisma } from '@/lib/platform/db';
import type { TDomainScope } from '@/lib/access';

/** The latest stored DNS check of a domain (DNS watch or a re-check), or null. */
export async function getDomainDnsState(scope: TDomainScope, domainId: number) {
  if (!scope.domainIds.includes(domainId)) return null;
  return prisma().domainDnsState.findUnique({ where: { domainId } });
}

/** What each domain of the scope was last seen publishing (no check results). */
export async function listDomainDnsStates(scope: TDomainScope) {
  if (scope.domainIds.length === 0) return [];
  return prisma().domainDnsState.findMany({
    where: { domainId: { in: scope.domainIds } },
    select: { domainId: true, checkedAt: true, dmarcStatus: true, dmarcRecord: true, spfStatus: true, spfRecord: true, errorCount: true },
  });
}
