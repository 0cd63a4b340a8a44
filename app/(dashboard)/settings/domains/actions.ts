'use server';

import { revalidatePath } from 'next/cache';
import { claimDomain, removeDomain, removeDomainClaim, runAsMember, verifyDomainClaim } from '@/lib/access';

// Domain mutations (runAsMember + the lib functions' own permission checks).

export async function claimDomainAction(name: string) {
  return runAsMember(async (actor) => {
    const claim = await claimDomain(actor, name);
    revalidatePath('/settings/domains');
    return { id: claim.id, name: claim.name };
  });
}

export async function verifyDomainAction(claimId: number) {
  return runAsMember(async (actor) => {
    const result = await verifyDomainClaim(actor, claimId);
    revalidatePath('/settings/domains');
    return result.verified
      ? { verified: true as const, name: result.name, attachedReports: result.attachedReports }
      : { verified: false as const, name: result.name, reason: result.reason };
  });
}

export async function removeDomainClaimAction(claimId: number) {
  return runAsMember(async (actor) => {
    await removeDomainClaim(actor, claimId);
    revalidatePath('/settings/domains');
  });
}

export async function removeDomainAction(domainId: number) {
  return runAsMember(async (actor) => {
    await removeDomain(actor, domainId);
    revalidatePath('/settings/domains');
  });
}
