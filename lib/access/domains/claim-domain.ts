import { randomBytes } from 'node:crypto';
import { recordAudit } from '@/lib/platform/audit';
import { prisma } from '@/lib/platform/db';
import { ActionError, assertCan, auditActor } from '@/lib/access/permissions/errors';
import type { TActor } from '@/lib/access/permissions/scope';
import { ZDomainName } from '@/lib/platform/net';

/**
 * Starts adding a domain: a pending claim with a DNS token. The domain joins the organisation
 * (and receives its reports) only once the TXT record proves control (verifyDomainClaim).
 */
export async function claimDomain(actor: TActor, rawName: string) {
  assertCan(actor, 'domains.manage');
  const parsed = ZDomainName.safeParse(rawName);
  if (!parsed.success) throw new ActionError('invalid', parsed.error.issues[0]?.message ?? 'Invalid domain name.');
  const name = parsed.data;
  const db = prisma();
  const owned = await db.domain.findUnique({ where: { name }, select: { organizationId: true } });
  if (owned?.organizationId === actor.organizationId) throw new ActionError('conflict', `${name} is already one of your domains.`);
  if (owned) {
    throw new ActionError('conflict', `${name} is registered by another organisation on this instance. If you control its DNS, ask the instance administrator to transfer it.`);
  }
  const existing = await db.domainClaim.findUnique({ where: { organizationId_name: { organizationId: actor.organizationId, name } } });
  if (existing) return existing;
  const claim = await db.domainClaim.create({
    data: { organizationId: actor.organizationId, name, token: randomBytes(16).toString('hex'), createdById: actor.userId },
  });
  await recordAudit({ organizationId: actor.organizationId, actor: auditActor(actor), action: 'domain.claimed', targetType: 'domain_claim', targetId: claim.id, details: { name } });
  return claim;
}

export async function removeDomainClaim(actor: TActor, claimId: number) {
  assertCan(actor, 'domains.manage');
  const { count } = await prisma().domainClaim.deleteMany({ where: { id: claimId, organizationId: actor.organizationId } });
  if (count === 0) throw new ActionError('not_found', 'No such pending domain.');
  await recordAudit({ organizationId: actor.organizationId, actor: auditActor(actor), action: 'domain.claim_removed', targetType: 'domain_claim', targetId: claimId });
}
