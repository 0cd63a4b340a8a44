import { recordAudit, type TAuditActor } from '@/lib/platform/audit';
import { prisma } from '@/lib/platform/db';
import { ActionError, assertCan, auditActor } from '@/lib/access/permissions/errors';
import type { TActor } from '@/lib/access/permissions/scope';

/** Revokes a token of the organisation; false when there is no such live token there. */
export async function revokeApiToken(input: { organizationId: number; tokenId: number }, actor: TAuditActor): Promise<boolean> {
  const { count } = await prisma().apiToken.updateMany({
    where: { id: input.tokenId, organizationId: input.organizationId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) return false;
  await recordAudit({ organizationId: input.organizationId, actor, action: 'token.revoked', targetType: 'api_token', targetId: input.tokenId });
  return true;
}

/**
 * What Settings › API tokens calls: a token of the member's own organisation, or "not found"
 * (another organisation's token id is as absent as one that never existed).
 */
export async function revokeTokenAs(actor: TActor, tokenId: number): Promise<void> {
  assertCan(actor, 'tokens.manage');
  if (!(await revokeApiToken({ organizationId: actor.organizationId, tokenId }, auditActor(actor)))) {
    throw new ActionError('not_found', 'No such token: it may have been revoked already.');
  }
}
