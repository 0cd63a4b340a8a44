import { recordAudit } from '@/lib/platform/audit';
import { prisma } from '@/lib/platform/db';
import { ActionError, assertCan, auditActor } from '@/lib/access/permissions/errors';
import type { TActor } from '@/lib/access/permissions/scope';

/**
 * Removes a domain from the organisation. Its reports are kept and set aside again (report.
 * domain_id → null); its rollups go. Owners only: it hides history from everyone.
 */
export async function removeDomain(actor: TActor, domainId: number) {
  assertCan(actor, 'members.manage_owners', 'Only owners can remove a domain.');
  const domain = await prisma().domain.findFirst({ where: { id: domainId, organizationId: actor.organizationId }, select: { id: true, name: true } });
  if (!domain) throw new ActionError('not_found', 'No such domain.');
  await prisma().domain.delete({ where: { id: domain.id } });
  await recordAudit({ organizationId: actor.organizationId, actor: auditActor(actor), action: 'domain.removed', targetType: 'domain', targetId: domain.id, details: { name: domain.name } });
}
