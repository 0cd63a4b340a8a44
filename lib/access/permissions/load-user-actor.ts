import { prisma } from '@/lib/platform/db';
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
interface TUserRow {
  id: number;
  email: string;
  name: string | null;
  isInstanceAdmin: boolean;
  sessionVersion: number;
  revoked: boolean;
  memberships: { organizationId: number; organizationName: string; role: TRole; grants: number[]; domains: number[] }[];
}

export async function loadUserActor(input: { userId: number; sessionVersion: number; sid: string; organizationId?: number | null }): Promise<TUserContext | null> {
  const db = prisma();
  // Every page and API call runs this: one statement (the user, whether the session was ended,
  // each membership with its grants and its organisation's domains) rather than the six a
  // nested Prisma read issues, each a round trip and a parse on the rendering core.
  const [user] = await db.$queryRaw<TUserRow[]>`
    SELECT u.id, u.email, u.name, u.is_instance_admin AS "isInstanceAdmin", u.session_version AS "sessionVersion",
           EXISTS (SELECT 1 FROM revoked_session r WHERE r.sid = ${input.sid}) AS revoked,
           coalesce((
             SELECT json_agg(json_build_object(
                      'organizationId', o.id, 'organizationName', o.name, 'role', m.role,
                      'grants', coalesce((SELECT json_agg(g.domain_id ORDER BY g.domain_id) FROM domain_grant g WHERE g.membership_id = m.id), '[]'::json),
                      'domains', coalesce((SELECT json_agg(d.id ORDER BY d.id) FROM domain d WHERE d.organization_id = o.id), '[]'::json)
                    ) ORDER BY m.id)
               FROM membership m JOIN organization o ON o.id = m.organization_id
              WHERE m.user_id = u.id
           ), '[]'::json) AS memberships
      FROM app_user u
     WHERE u.id = ${input.userId}`;
  if (!user || user.sessionVersion !== input.sessionVersion || user.revoked) return null;

  const organizations = user.memberships.map((m) => ({ id: m.organizationId, name: m.organizationName, role: m.role }));
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
    organizations.find((o) => user.memberships.some((m) => m.organizationId === o.id)) ??
    organizations[0];
  if (!active) return { ...base, actor: null };
  const membership = user.memberships.find((m) => m.organizationId === active.id);
  // An instance admin's organisation without a membership: its domains are read here.
  const allDomainIds = membership
    ? membership.domains
    : (await db.domain.findMany({ where: { organizationId: active.id }, select: { id: true }, orderBy: { id: 'asc' } })).map((d) => d.id);
  const scope = memberScope({
    organizationId: active.id,
    role: active.role,
    allDomainIds,
    grantedDomainIds: membership?.grants ?? [],
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
