import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../../lib/platform/db/prisma';
import { claimDomain, removeDomainClaim } from '../../../lib/access/domains/claim-domain';
import { dmarcSetup, verificationRecord } from '../../../lib/access/domains/dmarc-setup';
import { verifyDomainClaim } from '../../../lib/access/domains/verify-domain-claim';
import { ingestBuffer } from '../../../lib/ingest/pipeline';
import { loadUserActor } from '../../../lib/access/permissions/load-user-actor';
import type { TActor } from '../../../lib/access/permissions/scope';
import { listDomainSummaries } from '../../../lib/queries/domains/list-domain-summaries';
import { syntheticReportXml } from '../../../lib/demo/synthetic';
import { createWorld, type TWorld } from '../../helpers/access-fixtures';
import { useTestDatabase } from '../../helpers/db';

// Any well-formed session id (these sessions were never signed out).
const TEST_SID = '00000000-0000-4000-8000-000000000000';
import { startDnsZoneServer, type TDnsZoneServer } from '../../helpers/dns-zone-server';

async function actorOf(userId: number, organizationId?: number): Promise<TActor> {
  const context = await loadUserActor({ userId, sessionVersion: 0, sid: TEST_SID, organizationId });
  return context!.actor!;
}

describe('adding a domain and proving it by DNS', () => {
  let world: TWorld;
  let dns: TDnsZoneServer;

  beforeAll(async () => {
    await useTestDatabase();
    world = await createWorld();
    dns = await startDnsZoneServer();
    process.env.ATLAS_DNS_SERVERS = dns.address;
    process.env.ATLAS_DNS_TIMEOUT_MS = '500';
    process.env.ATLAS_RUA_ADDRESS = 'dmarc@reports.atlas.test';
  });

  afterAll(async () => {
    await dns?.close();
  });

  it('shows the DMARC record and the rua address to publish', () => {
    const setup = dmarcSetup('newco.test');
    expect(setup.record).toEqual({ name: '_dmarc.newco.test', value: 'v=DMARC1; p=none; rua=mailto:dmarc@reports.atlas.test' });
    expect(setup.externalAuthorisation).toEqual({ name: 'newco.test._report._dmarc.reports.atlas.test', value: 'v=DMARC1' });
    expect(verificationRecord('newco.test', 'abc')).toEqual({ name: '_atlas-verify.newco.test', value: 'atlas-verification=abc' });
  });

  it('sets reports aside until the domain is verified, then attaches them to the verifying organisation', async () => {
    // Reports arrive before anyone owns the domain.
    const xml = syntheticReportXml({ records: 4, domain: 'newco.test', reportId: 'early-1', begin: Math.floor(Date.now() / 1000) - 2 * 86_400 });
    const arrived = await ingestBuffer({ bytes: xml, name: 'early.xml', source: 'cli' });
    expect(arrived.reports.map((r) => r.outcome)).toEqual(['set_aside']);

    const admin = await actorOf(world.users.adminA.id);
    const claim = await claimDomain(admin, ' NewCo.TEST. ');
    expect(claim.name).toBe('newco.test');
    expect(await claimDomain(admin, 'newco.test')).toMatchObject({ id: claim.id });
    // Another organisation may claim it too; only DNS decides.
    const otherClaim = await claimDomain(await actorOf(world.users.ownerB.id), 'newco.test');

    const missing = await verifyDomainClaim(admin, claim.id);
    expect(missing).toMatchObject({ verified: false });
    expect((missing as { reason: string }).reason).toContain('No TXT record at _atlas-verify.newco.test');
    dns.zone['_atlas-verify.newco.test'] = { TXT: ['atlas-verification=wrong'] };
    expect(await verifyDomainClaim(admin, claim.id)).toMatchObject({ verified: false, reason: expect.stringContaining('does not contain') });
    // A viewer can't verify; another organisation's member can't touch this claim.
    await expect(verifyDomainClaim(await actorOf(world.users.viewerA.id), claim.id)).rejects.toThrow('Your role does not allow this.');
    await expect(verifyDomainClaim(await actorOf(world.users.ownerB.id), claim.id)).rejects.toThrow('No such pending domain.');

    dns.zone['_atlas-verify.newco.test'] = { TXT: ['v=spf1 -all', verificationRecord('newco.test', claim.token).value] };
    const verified = await verifyDomainClaim(admin, claim.id);
    expect(verified).toMatchObject({ verified: true, attachedReports: 1 });
    const domain = await prisma().domain.findUniqueOrThrow({ where: { name: 'newco.test' } });
    expect(domain).toMatchObject({ organizationId: world.orgA.id, verification: 'dns' });
    const summaries = await listDomainSummaries((await actorOf(world.users.ownerA.id)).scope);
    expect(summaries.find((d) => d.name === 'newco.test')).toMatchObject({ reports: 1 });
    // The viewer was not granted the new domain: it does not appear for them.
    expect((await listDomainSummaries((await actorOf(world.users.viewerA.id)).scope)).map((d) => d.name)).toEqual(['a1-alpha.test']);

    // The other organisation's claim can no longer win, even with the right record.
    dns.zone['_atlas-verify.newco.test'] = { TXT: [verificationRecord('newco.test', otherClaim.token).value] };
    await expect(verifyDomainClaim(await actorOf(world.users.ownerB.id), otherClaim.id)).rejects.toThrow('registered by another organisation');
    await expect(claimDomain(await actorOf(world.users.ownerB.id), 'newco.test')).rejects.toThrow('registered by another organisation');

    const actions = (await prisma().auditLog.findMany({ where: { organizationId: world.orgA.id, action: { startsWith: 'domain.' } }, orderBy: { id: 'asc' } })).map((a) => a.action);
    expect(actions).toEqual(['domain.claimed', 'domain.verification_failed', 'domain.verification_failed', 'domain.verified']);
  });

  it('refuses public suffixes, IPs and nonsense, and claims already owned', async () => {
    const admin = await actorOf(world.users.adminA.id);
    for (const bad of ['co.uk', 'com', '192.0.2.1', 'not a domain', '']) await expect(claimDomain(admin, bad)).rejects.toThrow();
    await expect(claimDomain(admin, 'a1-alpha.test')).rejects.toThrow('already one of your domains');
    const claim = await claimDomain(admin, 'later.test');
    await removeDomainClaim(admin, claim.id);
    expect(await prisma().domainClaim.count({ where: { name: 'later.test' } })).toBe(0);
  });
});
