import { recordAudit, type TAuditActor } from '@/lib/platform/audit';
import { prisma } from '@/lib/platform/db';

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
