import { prisma } from '@/lib/platform/db';
import { sessionRevoked } from '@/lib/access/auth/session-revocation';
import type { TRole } from './roles';
import { memberScope, type TActor } from './scope';

export interface TUserContext {
  user: { id: number; email: string; name: string | null; isInstanceAdmin: boolean };
  /** Organisations the user can switch to (instance admins: all of them, as owner). */
  organizations: { id: number; name: string; role: TRole }[];
  /** Null when the user belongs to no organisation yet. */
  actor: TActor | null;
}

/**
 * The signed-in user's rights, read fresh from the database on every request (role changes
 * and removals take effect at once, not when the session cookie expires). Null when the user
 * is gone or the session ended (signed out, or its version moved on: lib/access/auth/session-revocation.ts).
 */
export async function loadUserActor(input: { userId: number; sessionVersion: number; sid: string; organizationId?: number | null }): Promise<TUserContext | null> {
  const db = prisma();
  const [user, revoked] = await Promise.all([db.user.findUnique({
    where: { id: input.userId },
    select: {
      id: true,
      email: true,
      name: true,
      isInstanceAdmin: true,
      sessionVersion: true,
      memberships: {
        select: { id: true, role: true, organization: { select: { id: true, name: true } }, domainGrants: { select: { domainId: true } } },
      },
    },
  }), sessionRevoked(input.sid)]);
  if (!user || user.sessionVersion !== input.sessionVersion || revoked) return null;

  const organizations = user.memberships.map((m) => ({ id: m.organization.id, name: m.organization.name, role: m.role as TRole }));
  if (user.isInstanceAdmin) {
    const member = new Set(organizations.map((o) => o.id));
    const others = await db.organization.findMany({ where: { id: { notIn: [...member] } }, select: { id: true, name: true } });
    organizations.push(...others.map((o) => ({ ...o, role: 'owner' as const })));
  }
  organizations.sort((a, b) => a.name.localeCompare(b.name));
  const base = { user: { id: user.id, email: user.email, name: user.name, isInstanceAdmin: user.isInstanceAdmin }, organizations };

  // The chosen one if allowed; otherwise the first real membership (an instance admin lands in
  // their own organisation, not in whichever other one sorts first).
  const active =
    organizations.find((o) => o.id === input.organizationId) ??
    organizations.find((o) => user.memberships.some((m) => m.organization.id === o.id)) ??
    organizations[0];
  if (!active) return { ...base, actor: null };
  const membership = user.memberships.find((m) => m.organization.id === active.id);
  const domains = await db.domain.findMany({ where: { organizationId: active.id }, select: { id: true }, orderBy: { id: 'asc' } });
  const scope = memberScope({
    organizationId: active.id,
    role: active.role,
    allDomainIds: domains.map((d) => d.id),
    grantedDomainIds: membership?.domainGrants.map((g) => g.domainId) ?? [],
  });
  return {
    ...base,
    actor: {
      kind: 'user',
      userId: user.id,
      tokenId: null,
      label: user.email,
      organizationId: active.id,
      organizationName: active.name,
      role: active.role,
      tokenScope: null,
      isInstanceAdmin: user.isInstanceAdmin,
      scope,
    },
  };
}
