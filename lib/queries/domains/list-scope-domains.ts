import { prisma } from '@/lib/platform/db';
import type { TAccessScope } from '@/lib/access';

/** The scope's domains with how ownership was established (settings page). */
export async function listScopeDomains(scope: TAccessScope) {
  if (scope.domainIds.length === 0) return [];
  return prisma().domain.findMany({
    where: { id: { in: scope.domainIds }, organizationId: { in: scope.organizationIds } },
    select: { id: true, name: true, verification: true, verifiedAt: true, createdAt: true, _count: { select: { reports: true } } },
    orderBy: { name: 'asc' },
  });
}

/** Pending domain claims of an organisation of the scope. */
export async function listDomainClaims(scope: TAccessScope, organizationId: number) {
  if (!scope.organizationIds.includes(organizationId)) return [];
  return prisma().domainClaim.findMany({
    where: { organizationId },
    select: { id: true, name: true, token: true, createdAt: true, lastCheckedAt: true, lastCheckError: true },
    orderBy: { createdAt: 'desc' },
  });
}

/** How many set-aside reports (no owner yet) carry this policy domain: shown before verifying. */
export async function countSetAsideReports(names: string[]): Promise<Map<string, number>> {
  if (names.length === 0) return new Map();
  const rows = await prisma().report.groupBy({ by: ['policyDomain'], where: { domainId: null, policyDomain: { in: names } }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.policyDomain, r._count._all]));
}
