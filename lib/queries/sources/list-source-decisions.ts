import { prisma } from '@/lib/platform/db';
import type { TDomainScope } from '@/lib/access';

/** Users' approve/reject decisions on a domain's sources (they outrank the heuristics). */
export async function listSourceDecisions(scope: TDomainScope, domainId: number) {
  if (!scope.domainIds.includes(domainId)) return [];
  return prisma().sourceDecision.findMany({ where: { domainId } });
}
