import { prisma } from '@/lib/platform/db';
import type { TDomainScope } from '@/lib/access';

/** Changes the DNS watch saw in a domain's DMARC and SPF records, newest first. */
export async function listDnsChangeEvents(scope: TDomainScope, domainId: number, options: { limit?: number; since?: Date } = {}) {
  if (!scope.domainIds.includes(domainId)) return [];
  return prisma().dnsChangeEvent.findMany({
    where: { domainId, ...(options.since ? { detectedAt: { gte: options.since } } : {}) },
    orderBy: [{ detectedAt: 'desc' }, { id: 'desc' }],
    take: options.limit ?? 50,
  });
}
