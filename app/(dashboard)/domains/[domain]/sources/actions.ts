'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { ActionError, assertCan, clientIp, runAsMember } from '@/lib/access';
import { findDomainInScope } from '@/lib/queries';
import { decideSource, ZSourceKey } from '@/lib/sources';
import { requestIpHealthCheck } from '@/lib/diagnose';

/** Approve, reject or clear a user decision on one source of a domain (audited). */
export async function decideSourceAction(input: { domain: string; sourceKey: string; decision: 'approved' | 'rejected' | 'cleared'; label?: string }) {
  return runAsMember(async (actor) => {
    assertCan(actor, 'sources.approve', 'Only owners and admins can approve or reject sources.');
    const domain = await findDomainInScope(actor.scope, input.domain);
    if (!domain || domain.organizationId !== actor.organizationId) throw new ActionError('not_found', 'No such domain.');
    const sourceKey = ZSourceKey.parse(input.sourceKey);
    await decideSource(
      { domainId: domain.id, sourceKey, decision: input.decision, label: input.label },
      { userId: actor.userId, label: actor.label, organizationId: actor.organizationId, ip: clientIp(await headers()) },
    );
    revalidatePath(`/domains/${domain.name}/sources`);
  });
}

/** Queue a forced sending-IP health check (FCrDNS, DNSBLs) of the domain's authorised sources. */
export async function checkIpHealthAction(input: { domain: string }) {
  return runAsMember(async (actor) => {
    assertCan(actor, 'sources.approve', 'Only owners and admins can start a blocklist check.');
    const domain = await findDomainInScope(actor.scope, input.domain);
    if (!domain) throw new ActionError('not_found', 'No such domain.');
    return { queued: await requestIpHealthCheck(domain.id) };
  });
}
