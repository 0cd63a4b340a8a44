import { prisma } from '@/lib/platform/db';
import type { TDomainScope } from '@/lib/access';

/** A domain's stage history, newest first. */
export async function listEnforcementEvents(scope: TDomainScope, domainId: number, options: { limit?: number } = {}) {
  if (!scope.domainIds.includes(domainId)) return [];
  return prisma().enforcementEvent.findMany({ where: { domainId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: options.limit ?? 50 });
}
