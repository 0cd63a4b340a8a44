import { prisma } from '@/lib/platform/db';
import type { TAccessScope } from '@/lib/access';

/** The organisation's stored gate thresholds (null: none saved, the defaults apply). */
export async function getEnforcementSettings(scope: TAccessScope, organizationId: number) {
  if (!scope.organizationIds.includes(organizationId)) return null;
  return prisma().enforcementSettings.findUnique({ where: { organizationId } });
}
