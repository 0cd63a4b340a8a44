'use server';

import { revalidatePath } from 'next/cache';
import { ActionError, assertCan, runAsMember, type TActor } from '@/lib/access';
import { advanceStage, checkDomainNow, stageShortLabel, ZStage } from '@/lib/enforcement';
import { findDomainInScope } from '@/lib/queries';

async function domainOf(actor: TActor, name: string) {
  const domain = await findDomainInScope(actor.scope, name);
  if (!domain) throw new ActionError('not_found', 'No such domain.');
  return domain;
}

function revalidate(name: string) {
  revalidatePath(`/domains/${name}/enforcement`);
  revalidatePath(`/domains/${name}/dns`);
}

/** Check the domain's DNS now (any member who sees the domain): records changes like the DNS watch. */
export async function recheckDnsAction(name: string) {
  return runAsMember(async (actor) => {
    const domain = await domainOf(actor, name);
    const result = await checkDomainNow(domain);
    revalidate(domain.name);
    const errors = result.check.findings.filter((f) => f.severity === 'error').length;
    return {
      changes: result.changes.length,
      errors,
      message: result.rolledBack
        ? `Rolled back: what is published now puts the domain at "${stageShortLabel(result.rolledBack.to)}".`
        : result.published
          ? `Published: the domain is at "${stageShortLabel(result.published.to)}" now.`
          : result.changes.length
          ? `${result.changes.length === 1 ? 'One record changed' : `${result.changes.length} records changed`} since the last check.`
          : 'No change since the last check.',
    };
  });
}

/** Move the wizard to the next stage (owners and admins; the gates must hold). */
export async function advanceStageAction(name: string, to: string) {
  return runAsMember(async (actor) => {
    assertCan(actor, 'policy.manage', 'Only owners and admins can advance the enforcement stage.');
    const domain = await domainOf(actor, name);
    if (domain.organizationId !== actor.organizationId) throw new ActionError('not_found', 'No such domain.');
    const result = await advanceStage(actor.scope, domain, { to: ZStage.parse(to) }, { userId: actor.userId, label: actor.label });
    revalidate(domain.name);
    return result;
  });
}
