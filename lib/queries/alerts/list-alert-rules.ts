import { prisma } from '@/lib/platform/db';
import type { TAccessScope } from '@/lib/access';

const SELECT = {
  id: true,
  organizationId: true,
  kind: true,
  params: true,
  domainIds: true,
  enabled: true,
  emailTo: true,
  webhookIds: true,
  cooldownMinutes: true,
  state: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** The alert rules of an organisation of the scope (settings page). */
export async function listAlertRules(scope: Pick<TAccessScope, 'organizationIds'>, organizationId: number) {
  if (!scope.organizationIds.includes(organizationId)) return [];
  return prisma().alertRule.findMany({ where: { organizationId }, select: SELECT, orderBy: { id: 'asc' } });
}

/** Every enabled rule of the scope's organisations, with the organisation's name (the evaluator). */
export async function listEnabledAlertRules(scope: Pick<TAccessScope, 'organizationIds'>) {
  if (scope.organizationIds.length === 0) return [];
  return prisma().alertRule.findMany({
    where: { enabled: true, organizationId: { in: scope.organizationIds } },
    select: { ...SELECT, organization: { select: { name: true, domains: { select: { id: true } } } } },
    orderBy: { id: 'asc' },
  });
}

export type TAlertRuleRow = Awaited<ReturnType<typeof listEnabledAlertRules>>[number];
