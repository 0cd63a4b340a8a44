import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { recordAudit } from '@/lib/platform/audit';
import { appUrl, authEnv } from '@/lib/platform/env';
import { ZEmail } from '@/lib/access/auth/password-policy';
import { prisma } from '@/lib/platform/db';
import { ActionError, assertCan, auditActor } from '@/lib/access/permissions/errors';
import { ZRole } from '@/lib/access/permissions/roles';
import { actorCan, type TActor } from '@/lib/access/permissions/scope';

export const ZCreateInvite = z.object({
  email: ZEmail,
  role: ZRole,
  domainIds: z.array(z.number().int().positive()).default([]),
});

export function hashInviteToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Invites an address into the actor's organisation with a role (and, for viewers, the domains
 * they will see). Returns the link: shown once to the inviter and mailed by the caller when
 * SMTP is configured. A newer invite for the same address replaces the pending one.
 */
export async function createInvite(actor: TActor, input: z.input<typeof ZCreateInvite>) {
  assertCan(actor, 'members.manage');
  const data = ZCreateInvite.parse(input);
  if (data.role === 'owner' && !actorCan(actor, 'members.manage_owners')) throw new ActionError('forbidden', 'Only owners can invite owners.');
  const db = prisma();
  const member = await db.membership.findFirst({ where: { organizationId: actor.organizationId, user: { email: data.email } }, select: { id: true } });
  if (member) throw new ActionError('conflict', `${data.email} is already a member.`);
  const domainIds = data.role === 'viewer' ? [...new Set(data.domainIds)] : [];
  if (domainIds.length) {
    const owned = await db.domain.count({ where: { id: { in: domainIds }, organizationId: actor.organizationId } });
    if (owned !== domainIds.length) throw new ActionError('invalid', 'Some of those domains are not in this organisation.');
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + authEnv().ATLAS_INVITE_DAYS * 86_400_000);
  const invite = await db.$transaction(async (tx) => {
    await tx.invite.updateMany({
      where: { organizationId: actor.organizationId, email: data.email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    return tx.invite.create({
      data: { organizationId: actor.organizationId, email: data.email, role: data.role, domainIds, tokenHash: hashInviteToken(token), invitedById: actor.userId, expiresAt },
      select: { id: true, email: true, role: true, expiresAt: true },
    });
  });
  await recordAudit({
    organizationId: actor.organizationId,
    actor: auditActor(actor),
    action: 'member.invited',
    targetType: 'invite',
    targetId: invite.id,
    details: { email: invite.email, role: invite.role, domainIds },
  });
  return { ...invite, url: `${appUrl()}/invite/${token}` };
}
