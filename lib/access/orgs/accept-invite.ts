import { z } from 'zod';
import { recordAudit } from '@/lib/platform/audit';
import { hashPassword } from '@/lib/access/auth/password';
import { ZPassword } from '@/lib/access/auth/password-policy';
import { prisma, type Prisma } from '@/lib/platform/db';
import { ActionError } from '@/lib/access/permissions/errors';
import type { TRole } from '@/lib/access/permissions/roles';
import { hashInviteToken } from './create-invite';

export type TInviteState = 'valid' | 'expired' | 'used' | 'revoked';

export interface TInviteView {
  id: number;
  email: string;
  role: TRole;
  organizationId: number;
  organizationName: string;
  expiresAt: Date;
  state: TInviteState;
  /** Whether an account with the invited address exists (sign in to accept) or must be created. */
  userExists: boolean;
}

/** The invitation behind a link, or null for a link that never existed. */
export async function findInvite(token: string): Promise<TInviteView | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const db = prisma();
  const invite = await db.invite.findUnique({
    where: { tokenHash: hashInviteToken(token) },
    select: { id: true, email: true, role: true, organizationId: true, expiresAt: true, acceptedAt: true, revokedAt: true, organization: { select: { name: true } } },
  });
  if (!invite) return null;
  const state: TInviteState = invite.acceptedAt ? 'used' : invite.revokedAt ? 'revoked' : invite.expiresAt <= new Date() ? 'expired' : 'valid';
  const userExists = (await db.user.count({ where: { email: invite.email } })) > 0;
  return {
    id: invite.id,
    email: invite.email,
    role: invite.role,
    organizationId: invite.organizationId,
    organizationName: invite.organization.name,
    expiresAt: invite.expiresAt,
    state,
    userExists,
  };
}

/** Marks the invite used (exactly once, even under concurrent clicks) and adds the membership. */
async function consume(tx: Prisma.TransactionClient, token: string, userId: number, email: string) {
  const tokenHash = hashInviteToken(token);
  const claimed = await tx.invite.updateMany({
    where: { tokenHash, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    data: { acceptedAt: new Date() },
  });
  if (claimed.count !== 1) throw new ActionError('invalid', 'This invitation has expired, was revoked or was already used.');
  const invite = await tx.invite.findUniqueOrThrow({ where: { tokenHash }, select: { id: true, email: true, role: true, organizationId: true, domainIds: true } });
  if (invite.email !== email) throw new ActionError('forbidden', `This invitation is for ${invite.email}.`);
  const membership = await tx.membership.upsert({
    where: { userId_organizationId: { userId, organizationId: invite.organizationId } },
    create: { userId, organizationId: invite.organizationId, role: invite.role },
    update: {},
    select: { id: true, role: true },
  });
  if (membership.role === 'viewer' && invite.domainIds.length) {
    // Only domains still in the organisation (one may have been removed since the invite).
    const domains = await tx.domain.findMany({ where: { id: { in: invite.domainIds }, organizationId: invite.organizationId }, select: { id: true } });
    await tx.domainGrant.createMany({ data: domains.map((d) => ({ membershipId: membership.id, domainId: d.id })), skipDuplicates: true });
  }
  return invite;
}

/** A signed-in user accepts an invitation sent to their address. */
export async function acceptInvite(token: string, user: { id: number; email: string }) {
  const invite = await prisma().$transaction((tx) => consume(tx, token, user.id, user.email));
  await recordAudit({ organizationId: invite.organizationId, actor: { userId: user.id, label: user.email }, action: 'member.joined', targetType: 'user', targetId: user.id, details: { role: invite.role, inviteId: invite.id } });
  return invite;
}

export const ZNewAccount = z.object({ name: z.string().trim().max(200).optional(), password: ZPassword });

/** Someone without an account accepts: the account is created with the invited address (proven by the link). */
export async function acceptInviteAsNewUser(token: string, input: z.input<typeof ZNewAccount>) {
  const data = ZNewAccount.parse(input);
  const view = await findInvite(token);
  if (!view || view.state !== 'valid') throw new ActionError('invalid', 'This invitation has expired, was revoked or was already used.');
  if (view.userExists) throw new ActionError('conflict', `An account for ${view.email} exists: sign in to accept.`);
  const passwordHash = await hashPassword(data.password);
  const result = await prisma().$transaction(async (tx) => {
    const user = await tx.user.create({ data: { email: view.email, name: data.name || null, passwordHash, emailVerifiedAt: new Date() }, select: { id: true, email: true } });
    const invite = await consume(tx, token, user.id, user.email);
    return { user, invite };
  });
  await recordAudit({ organizationId: result.invite.organizationId, actor: { userId: result.user.id, label: result.user.email }, action: 'member.joined', targetType: 'user', targetId: result.user.id, details: { role: result.invite.role, inviteId: result.invite.id, newAccount: true } });
  return { userId: result.user.id, email: result.user.email, organizationId: result.invite.organizationId };
}
