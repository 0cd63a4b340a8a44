import { prisma } from '@/lib/platform/db';
import type { TAccessScope } from '@/lib/access';

/** An organisation by its (unique) name, if the scope may see it. */
export async function findOrganizationInScope(scope: TAccessScope, name: string): Promise<{ id: number; name: string } | null> {
  if (scope.organizationIds.length === 0) return null;
  return prisma().organization.findFirst({ where: { name: name.trim(), id: { in: scope.organizationIds } }, select: { id: true, name: true } });
}
