import { prisma } from '@/lib/platform/db';
import { memberScope, type TAccessScope } from './scope';
import type { TRole } from './roles';

/**
 * Everything a user may see across all their memberships (the weekly digest covers every
 * organisation they belong to): each membership's scope, as a page would compute it, united.
 * Being an instance admin adds nothing here; a digest follows memberships, not powers.
 */
export async function loadUserScope(userId: number): Promise<TAccessScope> {
  const memberships = await prisma().membership.findMany({
    where: { userId },
    select: { organizationId: true, role: true, domainGrants: { select: { domainId: true } }, organization: { select: { domains: { select: { id: true } } } } },
  });
  const organizationIds = new Set<number>();
  const domainIds = new Set<number>();
  for (const m of memberships) {
    const scope = memberScope({
      organizationId: m.organizationId,
      role: m.role as TRole,
      allDomainIds: m.organization.domains.map((d) => d.id),
      grantedDomainIds: m.domainGrants.map((g) => g.domainId),
    });
    scope.organizationIds.forEach((id) => organizationIds.add(id));
    scope.domainIds.forEach((id) => domainIds.add(id));
  }
  return { organizationIds: [...organizationIds].sort((a, b) => a - b), domainIds: [...domainIds].sort((a, b) => a - b) };
}
