import { prisma } from '@/lib/platform/db';
import type { TAccessScope } from '@/lib/access';

/** An organisation's webhooks without their secrets (settings page). */
export async function listAlertWebhooks(scope: Pick<TAccessScope, 'organizationIds'>, organizationId: number) {
  if (!scope.organizationIds.includes(organizationId)) return [];
  return prisma().alertWebhook.findMany({
    where: { organizationId },
    select: { id: true, name: true, url: true, format: true, enabled: true, createdAt: true },
    orderBy: { name: 'asc' },
  });
}
