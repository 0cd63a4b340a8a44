import { prisma } from '@/lib/platform/db';
import type { TAccessScope } from '@/lib/access';
import { normaliseDomain } from '@/lib/platform/net';

/**
 * A domain by name, if the scope may see it. Another organisation's domain and one a viewer
 * wasn't granted are both simply "not found": callers answer 404 and reveal nothing.
 */
export async function findDomainInScope(scope: TAccessScope, name: string): Promise<{ id: number; name: string; organizationId: number } | null> {
  const normalised = normaliseDomain(name);
  if (!normalised || scope.domainIds.length === 0) return null;
  return prisma().domain.findFirst({
    where: { name: normalised, id: { in: scope.domainIds }, organizationId: { in: scope.organizationIds } },
    select: { id: true, name: true, organizationId: true },
  });
}
