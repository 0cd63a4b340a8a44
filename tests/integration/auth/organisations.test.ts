import { beforeAll, describe, expect, it } from 'vitest';
import { readSessionClaims } from '../../../lib/access/auth/session-token';
import { prisma } from '../../../lib/platform/db/prisma';
import { acceptInvite, acceptInviteAsNewUser, findInvite } from '../../../lib/access/orgs/accept-invite';
import { createInvite } from '../../../lib/access/orgs/create-invite';
import { listMembers } from '../../../lib/queries/members/list-members';
import { changeMemberRole, removeMember, revokeInvite, setDomainGrants } from '../../../lib/access/orgs/manage-members';
import { loadUserActor } from '../../../lib/access/permissions/load-user-actor';
import type { TActor } from '../../../lib/access/permissions/scope';
import { listDomainSummaries } from '../../../lib/queries/domains/list-domain-summaries';
import { listAuditLog } from '../../../lib/queries/audit/list-audit-log';
import { sendInviteMail } from '../../../lib/access/orgs/send-invite-mail';
import { createUserWithRole, createWorld, type TWorld } from '../../helpers/access-fixtures';
import { firstLink, startSmtpSink } from '../../helpers/smtp-sink';
import { useTestDatabase } from '../../helpers/db';

// Any well-formed session id (these sessions were never signed out).
const TEST_SID = '00000000-0000-4000-8000-000000000000';

async function actorOf(userId: number, organizationId?: number): Promise<TActor> {
  const context = await loadUserActor({ userId, sessionVersion: 0, sid: TEST_SID, organizationId });
  if (!context?.actor) throw new Error('no actor');
  return context.actor;
}
const tokenOf = (url: string) => url.split('/invite/')[1]!;

describe('organisations, invitations, roles and viewer domains', () => {
  let world: TWorld;

  beforeAll(async () => {
    await useTestDatabase();
    world = await createWorld();
  });

  it('invites a viewer with domains; the link creates the account and grants exactly those domains', async () => {
    const admin = await actorOf(world.users.adminA.id);
    const invite = await createInvite(admin, { email: 'New.Viewer@Alpha.test', role: 'viewer', domainIds: [world.domains.a2.id] });
    expect(invite.url).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    const view = await findInvite(tokenOf(invite.url));
    expect(view).toMatchObject({ email: 'new.viewer@alpha.test', role: 'viewer', organizationName: 'Alpha Org', state: 'valid', userExists: false });
    // The token itself is not stored.
    expect(JSON.stringify(await prisma().invite.findMany())).not.toContain(tokenOf(invite.url));

    const joined = await acceptInviteAsNewUser(tokenOf(invite.url), { name: 'Nia', password: 'a-long-password' });
    const viewer = await actorOf(joined.userId);
    expect(viewer.role).toBe('viewer');
    expect(viewer.scope.domainIds).toEqual([world.domains.a2.id]);
    expect((await listDomainSummaries(viewer.scope)).map((d) => d.name)).toEqual(['a2-alpha.test']);
    // A link works once.
    await expect(acceptInviteAsNewUser(tokenOf(invite.url), { password: 'a-long-password' })).rejects.toThrow();
    expect((await findInvite(tokenOf(invite.url)))?.state).toBe('used');
  });

  it('refuses expired and withdrawn invitations, and invitations for someone else', async () => {
    const owner = await actorOf(world.users.ownerA.id);
    const expired = await createInvite(owner, { email: 'late@alpha.test', role: 'admin' });
    await prisma().invite.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await findInvite(tokenOf(expired.url)))?.state).toBe('expired');
    await expect(acceptInviteAsNewUser(tokenOf(expired.url), { password: 'a-long-password' })).rejects.toThrow(/expired/);

    const withdrawn = await createInvite(owner, { email: 'maybe@alpha.test', role: 'viewer' });
    await revokeInvite(owner, withdrawn.id);
    expect((await findInvite(tokenOf(withdrawn.url)))?.state).toBe('revoked');

    // An existing user of org B accepts an invitation into A while signed in as themselves only.
    const forB = await createInvite(owner, { email: 'owner@beta.test', role: 'viewer', domainIds: [world.domains.a1.id] });
    const stranger = await createUserWithRole('stranger@else.test', world.orgB.id, 'viewer');
    await expect(acceptInvite(tokenOf(forB.url), { id: stranger.id, email: stranger.email })).rejects.toThrow('This invitation is for owner@beta.test');
    await acceptInvite(tokenOf(forB.url), { id: world.users.ownerB.id, email: 'owner@beta.test' });
    const context = await loadUserActor({ userId: world.users.ownerB.id, sessionVersion: 0, sid: TEST_SID });
    expect(context?.organizations.map((o) => [o.name, o.role])).toEqual([
      ['Alpha Org', 'viewer'],
      ['Beta Org', 'owner'],
    ]);
    // Switching organisation changes the scope entirely.
    const inA = await actorOf(world.users.ownerB.id, world.orgA.id);
    expect(inA.scope).toEqual({ organizationIds: [world.orgA.id], domainIds: [world.domains.a1.id] });
    const inB = await actorOf(world.users.ownerB.id, world.orgB.id);
    expect(inB.scope.organizationIds).toEqual([world.orgB.id]);
    expect(inB.scope.domainIds).not.toContain(world.domains.a1.id);
    // An organisation the user does not belong to can't be switched to: the first one is used.
    const viewerA = await actorOf(world.users.viewerA.id, world.orgB.id);
    expect(viewerA.organizationId).toBe(world.orgA.id);
  });

  it('admins manage admins and viewers; only owners touch owners; the last owner stays', async () => {
    const admin = await actorOf(world.users.adminA.id);
    const owner = await actorOf(world.users.ownerA.id);
    const viewer = await actorOf(world.users.viewerA.id);
    const members = await listMembers(owner);
    const byEmail = (email: string) => members.find((m) => m.email === email)!.membershipId;

    await expect(createInvite(viewer, { email: 'x@alpha.test', role: 'viewer' })).rejects.toThrow('Your role does not allow this.');
    await expect(createInvite(admin, { email: 'x@alpha.test', role: 'owner' })).rejects.toThrow('Only owners can invite owners.');
    await expect(createInvite(admin, { email: 'viewer@alpha.test', role: 'viewer' })).rejects.toThrow('already a member');
    await expect(createInvite(admin, { email: 'y@alpha.test', role: 'viewer', domainIds: [world.domains.b1.id] })).rejects.toThrow('not in this organisation');

    await expect(changeMemberRole(admin, byEmail('owner@alpha.test'), 'viewer')).rejects.toThrow('Only owners');
    await expect(changeMemberRole(admin, byEmail('viewer@alpha.test'), 'owner')).rejects.toThrow('Only owners');
    await expect(changeMemberRole(viewer, byEmail('viewer@alpha.test'), 'admin')).rejects.toThrow('Your role does not allow this.');
    await expect(changeMemberRole(owner, byEmail('owner@alpha.test'), 'admin')).rejects.toThrow('at least one owner');
    await expect(removeMember(owner, byEmail('owner@alpha.test'))).rejects.toThrow('at least one owner');

    // Another organisation's membership ids are simply not found.
    const foreign = (await prisma().membership.findFirstOrThrow({ where: { organizationId: world.orgB.id, role: 'owner' } })).id;
    await expect(changeMemberRole(owner, foreign, 'viewer')).rejects.toThrow('No such member.');
    await expect(setDomainGrants(owner, byEmail('viewer@alpha.test'), [world.domains.b1.id])).rejects.toThrow('not in this organisation');

    // Grants change what the viewer sees at the next request, with no new session.
    await setDomainGrants(admin, byEmail('viewer@alpha.test'), [world.domains.a2.id]);
    expect((await actorOf(world.users.viewerA.id)).scope.domainIds).toEqual([world.domains.a2.id]);
    await changeMemberRole(admin, byEmail('viewer@alpha.test'), 'admin');
    expect((await actorOf(world.users.viewerA.id)).scope.domainIds.sort()).toEqual([world.domains.a1.id, world.domains.a2.id].sort());
    await changeMemberRole(admin, byEmail('viewer@alpha.test'), 'viewer');
    expect((await actorOf(world.users.viewerA.id)).scope.domainIds).toEqual([]);
    expect(await listDomainSummaries((await actorOf(world.users.viewerA.id)).scope)).toEqual([]);

    await changeMemberRole(owner, byEmail('admin@alpha.test'), 'owner');
    await changeMemberRole(owner, byEmail('owner@alpha.test'), 'admin');
    await removeMember(admin, byEmail('viewer@alpha.test'));
    // Removal ends the removed member's sessions at once: their cookie still decodes, but it opens nothing.
    expect(await loadUserActor({ userId: world.users.viewerA.id, sessionVersion: 0, sid: TEST_SID })).toBeNull();
    expect(await readSessionClaims(world.users.viewerA.cookie)).not.toBeNull();
  });

  it('mails the invitation link when SMTP is configured (and says so when it is not)', async () => {
    const owner = await actorOf(world.users.adminA.id);
    const invite = await createInvite(owner, { email: 'mailed@alpha.test', role: 'admin' });
    const mail = { to: invite.email, url: invite.url, organizationName: 'Alpha Org', invitedBy: 'admin@alpha.test', expiresAt: invite.expiresAt };
    delete process.env.ATLAS_SMTP_URL;
    expect(await sendInviteMail(mail)).toBe(false);
    const smtp = await startSmtpSink();
    process.env.ATLAS_SMTP_URL = smtp.url;
    try {
      expect(await sendInviteMail(mail)).toBe(true);
      expect(smtp.mails[0]!.to).toEqual(['mailed@alpha.test']);
      expect(firstLink(smtp.mails[0]!.raw)).toBe(invite.url);
    } finally {
      delete process.env.ATLAS_SMTP_URL;
      await smtp.close();
    }
  });

  it('records membership changes in the organisation’s audit log, and keeps other organisations out of it', async () => {
    const ownerNow = await actorOf(world.users.adminA.id);
    const { rows } = await listAuditLog(ownerNow.scope, world.orgA.id, { page: 1, perPage: 200 });
    const actions = rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['member.invited', 'member.joined', 'member.invite_revoked', 'member.role_changed', 'member.domains_changed', 'member.removed', 'token.created']));
    const filtered = await listAuditLog(ownerNow.scope, world.orgA.id, { page: 1, perPage: 200, action: 'member.role' });
    expect(new Set(filtered.rows.map((r) => r.action))).toEqual(new Set(['member.role_changed']));
    const otherOrg = await listAuditLog(ownerNow.scope, world.orgB.id, { page: 1, perPage: 200 });
    expect(otherOrg.rows).toEqual([]);
    const fromB = await listAuditLog((await actorOf(world.users.ownerB.id, world.orgB.id)).scope, world.orgB.id, { page: 1, perPage: 200 });
    expect(JSON.stringify(fromB.rows)).not.toContain('new.viewer@alpha.test');
  });
});
