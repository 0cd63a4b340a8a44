import { recordAudit } from '@/lib/platform/audit';
import { prisma } from '@/lib/platform/db';
import type { TActor } from '@/lib/access/permissions/scope';
import { hashToken, looksLikeToken } from './token-format';

// last_used_at is written at most this often per token: a busy ingest client must not turn
// every request into a write (and an audit entry).
const TOUCH_INTERVAL_MS = 60 * 60_000;

/**
 * The actor behind a bearer token, or null when the token is unknown, revoked or expired.
 * A token acts in its organisation on all of its domains (as an admin would, but limited by
 * its scope: read or ingest).
 */
export async function authenticateApiToken(token: string, ip: string | null): Promise<TActor | null> {
  if (!looksLikeToken(token)) return null;
  const db = prisma();
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, name: true, scope: true, organizationId: true, lastUsedAt: true, revokedAt: true, expiresAt: true, organization: { select: { name: true } } },
  });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= new Date())) return null;
  const domains = await db.domain.findMany({ where: { organizationId: row.organizationId }, select: { id: true }, orderBy: { id: 'asc' } });
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(), lastUsedIp: ip } });
    await recordAudit({ organizationId: row.organizationId, actor: { tokenId: row.id, label: row.name }, action: 'token.used', targetType: 'api_token', targetId: row.id, ip });
  }
  return {
    kind: 'token',
    userId: null,
    tokenId: row.id,
    label: row.name,
    organizationId: row.organizationId,
    organizationName: row.organization.name,
    role: 'admin',
    tokenScope: row.scope,
    isInstanceAdmin: false,
    scope: { organizationIds: [row.organizationId], domainIds: domains.map((d) => d.id) },
  };
}
