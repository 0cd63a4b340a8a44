import { prisma } from '@/lib/platform/db';
import type { TActor, TRole } from '@/lib/access';

export interface TMemberRow {
  membershipId: number;
  userId: number;
  email: string;
  name: string | null;
  role: TRole;
  domainIds: number[];
  joinedAt: Date;
  lastSignInAt: Date | null;
}

/** Members of the actor's organisation (everyone in it may see who else is). */
export async function listMembers(actor: TActor): Promise<TMemberRow[]> {
  const rows = await prisma().membership.findMany({
    where: { organizationId: actor.organizationId },
    select: { id: true, role: true, createdAt: true, user: { select: { id: true, email: true, name: true, lastSignInAt: true } }, domainGrants: { select: { domainId: true } } },
    orderBy: [{ role: 'asc' }, { user: { email: 'asc' } }],
  });
  return rows.map((m) => ({
    membershipId: m.id,
    userId: m.user.id,
    email: m.user.email,
    name: m.user.name,
    role: m.role as TRole,
    domainIds: m.domainGrants.map((g) => g.domainId),
    joinedAt: m.createdAt,
    lastSignInAt: m.user.lastSignInAt,
  }));
}

/** Pending invitations (for members.manage holders). */
export async function listPendingInvites(actor: TActor) {
  return prisma().invite.findMany({
    where: { organizationId: actor.organizationId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true, email: true, role: true, domainIds: true, expiresAt: true, createdAt: true },
    orderBy: { createdAt: 'desc' },
  });
}
