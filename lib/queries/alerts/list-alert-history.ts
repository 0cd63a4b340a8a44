import { prisma } from '@/lib/platform/db';
import type { TAccessScope } from '@/lib/access';

/**
 * An organisation's alerts, newest first, with each delivery's outcome: the history page.
 * Viewers see only alerts of domains they may see (and the domain-less ones).
 */
export async function listAlertHistory(scope: TAccessScope, organizationId: number, options: { take?: number; beforeId?: bigint } = {}) {
  if (!scope.organizationIds.includes(organizationId)) return [];
  return prisma().alertEvent.findMany({
    where: {
      organizationId,
      OR: [{ domainId: null }, { domainId: { in: scope.domainIds } }],
      ...(options.beforeId ? { id: { lt: options.beforeId } } : {}),
    },
    select: {
      id: true,
      kind: true,
      status: true,
      severity: true,
      title: true,
      occurredAt: true,
      createdAt: true,
      ruleId: true,
      deliveries: { select: { id: true, channel: true, target: true, status: true, attempts: true, lastError: true, deliveredAt: true }, orderBy: { id: 'asc' } },
    },
    orderBy: { id: 'desc' },
    take: Math.min(options.take ?? 50, 200),
  });
}

export type TAlertHistoryRow = Awaited<ReturnType<typeof listAlertHistory>>[number];
