import { recordAudit } from '@/lib/platform/audit';
import { prisma, type Prisma } from '@/lib/platform/db';
import { ActionError, assertCan, auditActor } from '@/lib/access/permissions/errors';
import type { TRole } from '@/lib/access/permissions/roles';
import { actorCan, type TActor } from '@/lib/access/permissions/scope';
import { endAllSessions } from '@/lib/access/auth/session-revocation';

async function targetMembership(tx: Prisma.TransactionClient, actor: TActor, membershipId: number) {
  const membership = await tx.membership.findFirst({
    where: { id: membershipId, organizationId: actor.organizationId },
    select: { id: true, role: true, userId: true, user: { select: { email: true } } },
  });
  if (!membership) throw new ActionError('not_found', 'No such member.');
  return membership;
}

async function assertNotLastOwner(tx: Prisma.TransactionClient, organizationId: number) {
  const owners = await tx.membership.count({ where: { organizationId, role: 'owner' } });
  if (owners <= 1) throw new ActionError('conflict', 'An organisation needs at least one owner: make someone else owner first.');
}

/** Owners can change any role; admins can change admins and viewers, but never to or from owner. */
export async function changeMemberRole(actor: TActor, membershipId: number, role: TRole) {
  assertCan(actor, 'members.manage');
  const result = await prisma().$transaction(async (tx) => {
    // Serialise role changes per organisation so that two owners demoting each other can't leave none.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('atlas:members'), ${actor.organizationId})`;
    const target = await targetMembership(tx, actor, membershipId);
    if ((target.role === 'owner' || role === 'owner') && !actorCan(actor, 'members.manage_owners')) {
      throw new ActionError('forbidden', 'Only owners can grant or take away the owner role.');
    }
    if (target.role === role) return { target, changed: false };
    if (target.role === 'owner') await assertNotLastOwner(tx, actor.organizationId);
    await tx.membership.update({ where: { id: target.id }, data: { role } });
    if (role !== 'viewer') await tx.domainGrant.deleteMany({ where: { membershipId: target.id } });
    return { target, changed: true };
  });
  if (result.changed) {
    await recordAudit({
      organizationId: actor.organizationId,
      actor: auditActor(actor),
      action: 'member.role_changed',
      targetType: 'user',
      targetId: result.target.userId,
      details: { email: result.target.user.email, from: result.target.role, to: role },
    });
  }
}

/**
 * Removes a member (or lets a member leave); the last owner can't go. A removed member's
 * sessions end at once (rights are read afresh on every request anyway; this also closes open
 * tabs and any session in another organisation, so they sign in again knowingly).
 */
export async function removeMember(actor: TActor, membershipId: number) {
  const target = await prisma().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('atlas:members'), ${actor.organizationId})`;
    const found = await targetMembership(tx, actor, membershipId);
    const leaving = found.userId === actor.userId;
    if (!leaving) {
      assertCan(actor, 'members.manage');
      if (found.role === 'owner' && !actorCan(actor, 'members.manage_owners')) throw new ActionError('forbidden', 'Only owners can remove owners.');
    }
    if (found.role === 'owner') await assertNotLastOwner(tx, actor.organizationId);
    await tx.membership.delete({ where: { id: found.id } });
    if (!leaving) await endAllSessions(found.userId, tx);
    return found;
  });
  await recordAudit({
    organizationId: actor.organizationId,
    actor: auditActor(actor),
    action: 'member.removed',
    targetType: 'user',
    targetId: target.userId,
    details: { email: target.user.email, role: target.role },
  });
}

/** The domains a viewer sees (owners and admins see all; grants only apply to viewers). */
export async function setDomainGrants(actor: TActor, membershipId: number, domainIds: number[]) {
  assertCan(actor, 'members.manage');
  const wanted = [...new Set(domainIds)];
  const result = await prisma().$transaction(async (tx) => {
    const target = await targetMembership(tx, actor, membershipId);
    if (target.role !== 'viewer') throw new ActionError('invalid', 'Owners and admins see every domain; domain access applies to viewers.');
    const domains = await tx.domain.findMany({ where: { id: { in: wanted }, organizationId: actor.organizationId }, select: { id: true, name: true } });
    if (domains.length !== wanted.length) throw new ActionError('invalid', 'Some of those domains are not in this organisation.');
    const before = await tx.domainGrant.findMany({ where: { membershipId: target.id }, select: { domainId: true } });
    await tx.domainGrant.deleteMany({ where: { membershipId: target.id, domainId: { notIn: wanted } } });
    await tx.domainGrant.createMany({ data: wanted.map((domainId) => ({ membershipId: target.id, domainId })), skipDuplicates: true });
    return { target, before: before.map((g) => g.domainId), domains };
  });
  await recordAudit({
    organizationId: actor.organizationId,
    actor: auditActor(actor),
    action: 'member.domains_changed',
    targetType: 'user',
    targetId: result.target.userId,
    details: { email: result.target.user.email, before: result.before, after: wanted, domains: result.domains.map((d) => d.name) },
  });
}

export async function revokeInvite(actor: TActor, inviteId: number) {
  assertCan(actor, 'members.manage');
  const { count } = await prisma().invite.updateMany({
    where: { id: inviteId, organizationId: actor.organizationId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new ActionError('not_found', 'No such pending invitation.');
  await recordAudit({ organizationId: actor.organizationId, actor: auditActor(actor), action: 'member.invite_revoked', targetType: 'invite', targetId: inviteId });
}
