import { prisma } from '@/lib/platform/db';
import type { TAccessScope } from '@/lib/access';

/** A domain by id, if the scope may see it (else null, like findDomainInScope). */
export async function findDomainById(scope: TAccessScope, domainId: number): Promise<{ id: number; name: string; organizationId: number } | null> {
  if (!scope.domainIds.includes(domainId)) return null;
  return prisma().domain.findFirst({ where: { id: domainId, organizationId: { in: scope.organizationIds } }, select: { id: true, name: true, organizationId: true } });
}
