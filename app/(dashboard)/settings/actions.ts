'use server';

import { revalidatePath } from 'next/cache';
import { assertCan, auditActor, changeMemberRole, createApiToken, createInvite, removeMember, revokeInvite, revokeTokenAs, runAsMember, sendInviteMail, setDomainGrants, type TRole, type TTokenScope, ZRole } from '@/lib/access';

// Settings mutations. Each runs as the signed-in member (runAsMember) and the lib function
// checks the permission itself: the same rules hold for the CLI and for tests.

export async function inviteMemberAction(input: { email: string; role: TRole; domainIds: number[] }) {
  return runAsMember(async (actor) => {
    const invite = await createInvite(actor, { ...input, role: ZRole.parse(input.role) });
    const mailed = await sendInviteMail({ to: invite.email, url: invite.url, organizationName: actor.organizationName, invitedBy: actor.label, expiresAt: invite.expiresAt });
    revalidatePath('/settings/members');
    return { url: invite.url, email: invite.email, mailed };
  });
}

export async function revokeInviteAction(inviteId: number) {
  return runAsMember(async (actor) => {
    await revokeInvite(actor, inviteId);
    revalidatePath('/settings/members');
  });
}

export async function changeRoleAction(membershipId: number, role: TRole) {
  return runAsMember(async (actor) => {
    await changeMemberRole(actor, membershipId, ZRole.parse(role));
    revalidatePath('/settings/members');
  });
}

export async function removeMemberAction(membershipId: number) {
  return runAsMember(async (actor) => {
    await removeMember(actor, membershipId);
    revalidatePath('/settings/members');
  });
}

export async function setDomainGrantsAction(membershipId: number, domainIds: number[]) {
  return runAsMember(async (actor) => {
    await setDomainGrants(actor, membershipId, domainIds);
    revalidatePath('/settings/members');
  });
}

export async function createTokenAction(input: { name: string; scope: TTokenScope; expiresInDays?: number }) {
  return runAsMember(async (actor) => {
    assertCan(actor, 'tokens.manage');
    const created = await createApiToken({ organizationId: actor.organizationId, ...input }, auditActor(actor));
    revalidatePath('/settings/tokens');
    return { token: created.token, name: created.name, scope: created.scope };
  });
}

export async function revokeTokenAction(tokenId: number) {
  return runAsMember(async (actor) => {
    await revokeTokenAs(actor, tokenId);
    revalidatePath('/settings/tokens');
  });
}
