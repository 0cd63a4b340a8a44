import { prisma } from '@/lib/platform/db';
import type { TDomainScope } from '@/lib/access';

/** Where the wizard last saw a domain, and a stage someone advanced to (or null). */
export async function getEnforcementState(scope: TDomainScope, domainId: number) {
  if (!scope.domainIds.includes(domainId)) return null;
  return prisma().enforcementState.findUnique({ where: { domainId } });
}
