'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { clientIp } from '@/lib/access/auth/client-ip';
import { runAsMember } from '@/lib/access/auth/run-action';
import { ActionError, assertCan } from '@/lib/access/permissions/errors';
import { findDomainInScope } from '@/lib/queries/domains/find-domain-in-scope';
import { decideSource, ZSourceKey } from '@/lib/sources/decide-source';

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
