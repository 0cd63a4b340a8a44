import { recordAudit } from '@/lib/platform/audit';
import { prisma } from '@/lib/platform/db';
import { attachSetAsideReports } from '@/lib/ingest';
import { log } from '@/lib/platform/log';
import { ActionError, assertCan, auditActor } from '@/lib/access/permissions/errors';
import type { TActor } from '@/lib/access/permissions/scope';
import { verificationRecord } from './dmarc-setup';
import { resolveTxt } from './resolve-txt';

export type TVerifyResult =
  | { verified: true; domainId: number; name: string; attachedReports: number }
  | { verified: false; name: string; reason: string };

/**
 * Looks up _atlas-verify.<domain>; when it carries the claim's token, the domain becomes the
 * organisation's and the reports set aside for it join it (attachSetAsideReports).
 */
export async function verifyDomainClaim(actor: TActor, claimId: number): Promise<TVerifyResult> {
  assertCan(actor, 'domains.manage');
  const db = prisma();
  const claim = await db.domainClaim.findFirst({ where: { id: claimId, organizationId: actor.organizationId } });
  if (!claim) throw new ActionError('not_found', 'No such pending domain.');
  const expected = verificationRecord(claim.name, claim.token);

  let reason: string | null = null;
  try {
    const records = await resolveTxt(expected.name);
    if (!records.some((r) => r.trim() === expected.value)) {
      reason = records.length
        ? `TXT ${expected.name} does not contain "${expected.value}" (found: ${records.map((r) => `"${r}"`).join(', ')}).`
        : `No TXT record at ${expected.name} yet. DNS changes can take a few minutes to appear.`;
    }
  } catch (error) {
    reason = `DNS lookup of ${expected.name} failed: ${(error as Error).message}`;
  }
  if (reason) {
    await db.domainClaim.update({ where: { id: claim.id }, data: { lastCheckedAt: new Date(), lastCheckError: reason } });
    await recordAudit({ organizationId: actor.organizationId, actor: auditActor(actor), action: 'domain.verification_failed', targetType: 'domain_claim', targetId: claim.id, details: { name: claim.name, reason } });
    return { verified: false, name: claim.name, reason };
  }

  const domain = await db.$transaction(async (tx) => {
    const owner = await tx.domain.findUnique({ where: { name: claim.name }, select: { organizationId: true } });
    if (owner) throw new ActionError('conflict', `${claim.name} was registered by another organisation in the meantime.`);
    const created = await tx.domain.create({
      data: { name: claim.name, organizationId: actor.organizationId, verification: 'dns', verifiedAt: new Date() },
      select: { id: true, name: true },
    });
    await tx.domainClaim.delete({ where: { id: claim.id } });
    return created;
  });
  // After the commit: the ingest side moves the set-aside reports over and builds their rollups.
  let attachedReports = 0;
  try {
    attachedReports = await attachSetAsideReports(domain.id);
  } catch (error) {
    log.error({ err: error, domain: domain.name }, 'attaching set-aside reports failed; they stay set aside');
  }
  await recordAudit({
    organizationId: actor.organizationId,
    actor: auditActor(actor),
    action: 'domain.verified',
    targetType: 'domain',
    targetId: domain.id,
    details: { name: domain.name, method: 'dns', attachedReports },
  });
  return { verified: true, domainId: domain.id, name: domain.name, attachedReports };
}
