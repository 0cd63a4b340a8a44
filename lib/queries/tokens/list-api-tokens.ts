import { prisma } from '@/lib/platform/db';
import type { TAccessScope } from '@/lib/access';

/** The organisation's tokens, newest first (never the secret, which isn't stored). */
export async function listApiTokens(scope: TAccessScope, organizationId: number) {
  if (!scope.organizationIds.includes(organizationId)) return [];
  return prisma().apiToken.findMany({
    where: { organizationId },
    orderBy: [{ revokedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
    select: { id: true, name: true, scope: true, prefix: true, createdAt: true, lastUsedAt: true, lastUsedIp: true, expiresAt: true, revokedAt: true, createdById: true },
  });
}
