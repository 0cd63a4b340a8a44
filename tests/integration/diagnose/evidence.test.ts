import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../../lib/platform/db/prisma';
import { ingestBuffer } from '../../../lib/ingest/pipeline';
import { loadEnrichmentConfig } from '../../../lib/sources/enrichment/config';
import { runEnrichment } from '../../../lib/sources/enrichment/run-enrichment';
import { createIpHealthChecker, diagnoseWithEvidence, dnsblQueryName, runIpHealthCheck, loadIpHealthConfig } from '@/lib/diagnose';
import { listIpHealth, listIpListingEvents } from '@/lib/queries';
import type { TAccessScope } from '@/lib/access';
import { useTestDatabase } from '../../helpers/db';
import { reverseName, startDnsZoneServer, type TDnsZoneServer } from '../../helpers/dns-zone-server';

// The diagnoser's evidence from our own data: a crafted aggregate report through the real
// ingest pipeline, the worker's enrichment (reverse DNS, SPF tree, DKIM selectors) and its
// sending-IP health job against a DNS server on loopback, then bounces from those senders.

const DOMAIN = 'acme-widgets.com';
const SENDGRID = '167.89.1.10';
const OWN_SERVER = '5.9.10.10';
const SPOOFER = '45.33.1.1';
const GOOGLE = '209.85.220.41';

interface TRecord {
  ip: string;
  count: number;
  dkim: 'pass' | 'fail';
  spf: 'pass' | 'fail';
  dkimDomain?: string;
  dkimResult?: string;
  spfDomain: string;
  spfResult: string;
}

/** An aggregate report from google.com for yesterday, with the policy p=reject. */
function report(records: TRecord[]): Buffer {
  const day = Math.floor(Date.now() / 86_400_000) * 86_400 - 86_400;
  const rows = records
    .map(
      (r) => `  <record>
    <row><source_ip>${r.ip}</source_ip><count>${r.count}</count>
      <policy_evaluated><disposition>${r.dkim === 'pass' || r.spf === 'pass' ? 'none' : 'reject'}</disposition><dkim>${r.dkim}</dkim><spf>${r.spf}</spf></policy_evaluated>
    </row>
    <identifiers><header_from>${DOMAIN}</header_from></identifiers>
    <auth_results>
      ${r.dkimDomain ? `<dkim><domain>${r.dkimDomain}</domain><selector>s1</selector><result>${r.dkimResult}</result></dkim>` : ''}
      <spf><domain>${r.spfDomain}</domain><scope>mfrom</scope><result>${r.spfResult}</result></spf>
    </auth_results>
  </record>`,
    )
    .join('\n');
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<feedback>
  <version>1.0</version>
  <report_metadata><org_name>google.com</org_name><email>noreply-dmarc-support@google.com</email>
    <report_id>evidence-${day}</report_id><date_range><begin>${day}</begin><end>${day + 86_399}</end></date_range></report_metadata>
  <policy_published><domain>${DOMAIN}</domain><adkim>r</adkim><aspf>r</aspf><p>reject</p><sp>reject</sp><pct>100</pct></policy_published>
${rows}
</feedback>
`);
}

/** An Exchange Online NDR as a user pastes it, for a message from alice@<from>. */
function pastedNdr(reply: string, from = `alice@${DOMAIN}`): string {
  return [
    'Delivery has failed to these recipients or groups:',
    'bob@fabrikam.example',
    '',
    'Diagnostic information for administrators:',
    'Generating server: mx.fabrikam.example',
    `Remote Server returned '${reply}'`,
    '',
    'Original message headers:',
    '',
    `From: Alice <${from}>`,
    'To: bob@fabrikam.example',
    'Subject: invoice 4711',
    '',
  ].join('\n');
}

let dns: TDnsZoneServer;
let scope: TAccessScope;
let otherScope: TAccessScope;
let domainId: number;
const zen = (ip: string) => dnsblQueryName(ip, 'zen.spamhaus.org')!;
const env = () => ({ ATLAS_DNS_SERVERS: dns.address, ATLAS_DNS_TIMEOUT_MS: '500', ATLAS_DNS_TRIES: '1', ATLAS_DNSBL_ZONES: 'zen.spamhaus.org bl.spamcop.net', ATLAS_DNSBL_TIMEOUT_MS: '2000' });
const checker = () => createIpHealthChecker(env());

beforeAll(async () => {
  await useTestDatabase();
  dns = await startDnsZoneServer({
    // Twelve lookups: a, mx, Google (2), SendGrid (1) and a bulk mailer whose include costs 7.
    [DOMAIN]: { TXT: ['v=spf1 a mx include:_spf.google.com include:sendgrid.net include:spf.bulk-mailer.example -all'], A: [OWN_SERVER], MX: [`10 mail.${DOMAIN}`] },
    [`mail.${DOMAIN}`]: { A: [OWN_SERVER] },
    '_spf.google.com': { TXT: ['v=spf1 include:_netblocks.google.com ~all'] },
    '_netblocks.google.com': { TXT: ['v=spf1 ip4:209.85.128.0/17 ~all'] },
    'sendgrid.net': { TXT: ['v=spf1 ip4:167.89.0.0/17 ~all'] },
    'spf.bulk-mailer.example': { TXT: [`v=spf1 ${['a', 'b', 'c', 'd', 'e', 'f'].map((x) => `include:${x}.bulk-mailer.example`).join(' ')} ~all`] },
    ...Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map((x, i) => [`${x}.bulk-mailer.example`, { TXT: [`v=spf1 ip4:198.18.${i}.0/24 ~all`] }])),
    // Reverse DNS: the own server is forward-confirmed; the spoofer has no PTR at all.
    [reverseName(OWN_SERVER)]: { PTR: [`mail.${DOMAIN}`] },
    [reverseName(GOOGLE)]: { PTR: ['mail-yw1-f41.google.com'] },
    'mail-yw1-f41.google.com': { A: [GOOGLE] },
    [reverseName(SENDGRID)]: { PTR: ['o1.ptr1234.sendgrid.net'] },
    'o1.ptr1234.sendgrid.net': { A: [SENDGRID] },
    // The own server is on Spamhaus ZEN (SBL); nothing is on SpamCop.
    [zen(OWN_SERVER)]: { A: ['127.0.0.2'], TXT: ['https://check.spamhaus.org/sbl/query/SBL4711'] },
  });

  const org = await prisma().organization.create({ data: { name: 'Acme', slug: 'acme' } });
  const other = await prisma().organization.create({ data: { name: 'Other', slug: 'other' } });
  const domain = await prisma().domain.create({ data: { name: DOMAIN, organizationId: org.id } });
  const otherDomain = await prisma().domain.create({ data: { name: 'other-org.example', organizationId: other.id } });
  domainId = domain.id;
  scope = { organizationIds: [org.id], domainIds: [domain.id] };
  otherScope = { organizationIds: [other.id], domainIds: [otherDomain.id] };

  const outcome = await ingestBuffer({
    name: 'crafted.xml',
    source: 'cli',
    bytes: report([
      { ip: GOOGLE, count: 300, dkim: 'pass', spf: 'pass', dkimDomain: DOMAIN, dkimResult: 'pass', spfDomain: DOMAIN, spfResult: 'pass' },
      // SendGrid: authorised by the SPF include, a fifth signed with the domain's key.
      { ip: SENDGRID, count: 20, dkim: 'pass', spf: 'fail', dkimDomain: DOMAIN, dkimResult: 'pass', spfDomain: 'sendgrid.net', spfResult: 'pass' },
      { ip: SENDGRID, count: 80, dkim: 'fail', spf: 'fail', dkimDomain: 'sendgrid.net', dkimResult: 'pass', spfDomain: 'sendgrid.net', spfResult: 'pass' },
      // The own mail server: SPF aligned.
      { ip: OWN_SERVER, count: 120, dkim: 'fail', spf: 'pass', spfDomain: DOMAIN, spfResult: 'pass' },
      // A spoofer on a Linode address.
      { ip: SPOOFER, count: 20, dkim: 'fail', spf: 'fail', spfDomain: DOMAIN, spfResult: 'fail' },
    ]),
  });
  expect(outcome.status).toBe('ingested');
  await runEnrichment({ config: loadEnrichmentConfig(env()), budgetMs: 20_000 });
}, 120_000);

afterAll(async () => {
  await dns?.close();
});

describe('evidence from our own reports', () => {
  it('names the source of a DMARC rejection, its verdict and rates, the policy, the SPF include to flatten and the service\'s own fix', async () => {
    const d = await diagnoseWithEvidence(pastedNdr(`550 5.7.509 Access denied, sending domain ${DOMAIN} does not pass DMARC verification and has a DMARC policy of reject. [${SENDGRID}]`), scope, { ipHealth: null });
    expect(d).toMatchObject({ category: 'dmarc_policy', sending_ip: SENDGRID, sender: `alice@${DOMAIN}` });
    const e = d.evidence.domain!;
    expect(e).toMatchObject({
      domain: DOMAIN,
      sender_domain: DOMAIN,
      dmarc: { p: 'reject', sp: 'reject', pct: '100', reporter: 'google.com' },
      source: { key: 'service:sendgrid', service: 'SendGrid', type: 'esp', selectors: ['s1', 's2'], verdict: 'authorised_failing', messages: 100, dmarc_pass_rate: 0.2, dkim_aligned_rate: 0.2, spf_aligned_rate: 0 },
      address: { ip: SENDGRID, found_by: 'sending_ip', messages: 100, dmarc_pass_rate: 0.2, spf_pass_rate: 1 },
      spf: { lookups: 12, limit: 10, flatten: ['spf.bulk-mailer.example'] },
    });
    expect(e.spf.includes[0]).toEqual({ include: 'spf.bulk-mailer.example', cost: 7 });
    expect(e.dkim_selectors).toEqual(expect.arrayContaining([expect.objectContaining({ selector: 's1', status: 'missing' })]));
    // The concrete steps come first: the source with the catalogue's SendGrid advice, the policy, the flattening, the missing key.
    expect(d.fixes[0]).toMatch(new RegExp(`^${SENDGRID.replaceAll('.', '\\.')} belongs to SendGrid on the sender map of ${DOMAIN}, an authorised source failing DMARC: 20% of its 100 messages`));
    expect(d.fixes[0]).toMatch(/Sender Authentication › Authenticate Your Domain/);
    expect(d.fixes.join('\n')).toMatch(/publishes p=reject .*google\.com/);
    expect(d.fixes.join('\n')).toMatch(/needs 12 DNS lookups, over the limit of 10.*flatten include:spf\.bulk-mailer\.example \(7 lookups\)/);
    expect(d.fixes.join('\n')).toMatch(/No DKIM key is published at s1\._domainkey\.acme-widgets\.com, s2\._domainkey\.acme-widgets\.com, where SendGrid expects one/);
    // …then the category's general advice, once.
    expect(d.fixes.filter((f) => /Aligned DKIM is the robust fix/.test(f))).toHaveLength(1);
    // …without the general step the evidence already took.
    expect(d.fixes.join('\n')).not.toMatch(/Find the source that sent this message/);
  });

  it('says when the sending address is not in the reports, and when the domain is not the caller\'s', async () => {
    const unseen = await diagnoseWithEvidence(pastedNdr(`550 5.7.509 Access denied, sending domain ${DOMAIN} does not pass DMARC verification and has a DMARC policy of reject. [198.51.100.77]`), scope, { ipHealth: null });
    expect(unseen.evidence.domain).toMatchObject({ domain: DOMAIN, source: null, address: null, dmarc: { p: 'reject' } });
    expect(unseen.evidence.notes.join(' ')).toMatch(/198\.51\.100\.77 sent no mail as acme-widgets\.com in the aggregate reports/);

    const foreign = await diagnoseWithEvidence(pastedNdr(`550 5.7.509 Access denied, sending domain ${DOMAIN} does not pass DMARC verification. [${SENDGRID}]`), otherScope, { ipHealth: null });
    expect(foreign.evidence.domain).toBeNull();
    expect(foreign.evidence.notes).toEqual([expect.stringMatching(/^acme-widgets\.com is not one of your domains/)]);
    expect(JSON.stringify(foreign)).not.toMatch(/SendGrid|bulk-mailer/);
  });

  it('finds the domain from a subdomain sender', async () => {
    const d = await diagnoseWithEvidence(pastedNdr(`550 5.7.509 Access denied, sending domain news.${DOMAIN} does not pass DMARC verification. [${SENDGRID}]`, `offers@news.${DOMAIN}`), scope, { ipHealth: null });
    expect(d.evidence.domain).toMatchObject({ domain: DOMAIN, sender_domain: `news.${DOMAIN}`, source: { key: 'service:sendgrid' } });
  });

  it('checks reverse DNS of the address a no-PTR bounce names, and says the source is not authorised', async () => {
    const d = await diagnoseWithEvidence(
      pastedNdr(`550 5.7.25 [${SPOOFER}] The IP address sending this message does not have a PTR record setup, or the corresponding forward DNS entry does not point to the sending IP.`),
      scope,
      { ipHealth: checker() },
    );
    expect(d.category).toBe('no_reverse_dns');
    expect(d.evidence.ip_health).toMatchObject({ ip: SPOOFER, checked: 'live', fcrdns: { status: 'fail' }, listed_on: [] });
    expect(d.evidence.domain?.source).toMatchObject({ verdict: 'unknown' });
    expect(d.fixes[0]).toMatch(/45\.33\.1\.1 has no reverse DNS \(no PTR record\)/);
  });
});

describe('sending-IP health of authorised sources', () => {
  it('checks the authorised sources\' addresses, stores the answers and records the new listing', async () => {
    const asked = dns.queries.length;
    const run = await runIpHealthCheck({ config: loadIpHealthConfig(env()) });
    // Google Workspace, SendGrid and the own server are authorised; the spoofer is not.
    expect(run).toMatchObject({ domains: 2, addresses: 3, checked: 3, listed: 1, newlyListed: 1, delisted: 0, deferred: 0 });
    expect(dns.queries.slice(asked)).toContain(`A ${zen(OWN_SERVER)}`);
    expect(dns.queries.slice(asked)).not.toContain(`A ${zen(SPOOFER)}`);
    const health = await listIpHealth(scope, [OWN_SERVER, SENDGRID, SPOOFER]);
    expect(health.get(OWN_SERVER)).toMatchObject({ fcrdns: { status: 'pass', ptr: `mail.${DOMAIN}` }, listedOn: ['zen.spamhaus.org'] });
    expect(health.get(OWN_SERVER)!.listings.find((l) => l.zone === 'zen.spamhaus.org')).toMatchObject({ codes: ['127.0.0.2'], txt: 'https://check.spamhaus.org/sbl/query/SBL4711' });
    expect(health.get(SENDGRID)).toMatchObject({ fcrdns: { status: 'pass' }, listedOn: [] });
    expect(health.has(SPOOFER)).toBe(false);
    // Another organisation learns nothing about these addresses.
    expect((await listIpHealth(otherScope, [OWN_SERVER])).size).toBe(0);

    const events = await listIpListingEvents(scope);
    expect(events).toEqual([expect.objectContaining({ domain: DOMAIN, sourceKey: `ptr:${DOMAIN}`, ip: OWN_SERVER, zone: 'zen.spamhaus.org', kind: 'listed', codes: ['127.0.0.2'] })]);
    expect(await listIpListingEvents(otherScope)).toEqual([]);
  });

  it('does not look again before the answers expire, nor report a listing twice', async () => {
    const asked = dns.queries.length;
    const run = await runIpHealthCheck({ config: loadIpHealthConfig(env()) });
    expect(run).toMatchObject({ checked: 0, newlyListed: 0 });
    expect(dns.queries.slice(asked).filter((q) => q.includes('spamhaus') || q.includes('spamcop'))).toEqual([]);
    const forced = await runIpHealthCheck({ config: loadIpHealthConfig(env()), domainIds: [domainId], force: true });
    expect(forced).toMatchObject({ domains: 1, checked: 3, listed: 1, newlyListed: 0 });
    expect(await listIpListingEvents(scope)).toHaveLength(1);
  });

  it('uses the stored answers in an IP-reputation diagnosis, with the delisting steps', async () => {
    const asked = dns.queries.length;
    const d = await diagnoseWithEvidence(
      pastedNdr(`550 5.7.1 Unfortunately, messages from [${OWN_SERVER}] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).`),
      scope,
      { ipHealth: checker() },
    );
    expect(d.category).toBe('ip_reputation');
    expect(d.evidence.ip_health).toMatchObject({ ip: OWN_SERVER, checked: 'cached', listed_on: ['zen.spamhaus.org'], fcrdns: { status: 'pass' } });
    expect(dns.queries.length).toBe(asked);
    expect(d.fixes[0]).toMatch(/5\.9\.10\.10 is listed on zen\.spamhaus\.org \(SBL: Spamhaus SBL \(direct spam source\)\): "https:\/\/check\.spamhaus\.org\/sbl\/query\/SBL4711"/);
    expect(d.fixes[1]).toMatch(/5\.9\.10\.10 belongs to Hetzner on the sender map of acme-widgets\.com \(authorised, passing\): the address is yours or your hosting provider's/);
    expect(d.fixes.join('\n')).toMatch(/Smart Network Data Services/);
  });

  it('records the delisting once the list drops the address', async () => {
    delete dns.zone[zen(OWN_SERVER)];
    const run = await runIpHealthCheck({ config: loadIpHealthConfig(env()), domainIds: [domainId], force: true });
    expect(run).toMatchObject({ listed: 0, delisted: 1 });
    const events = await listIpListingEvents(scope);
    expect(events.map((e) => `${e.kind} ${e.ip} ${e.zone}`)).toEqual([`listed ${OWN_SERVER} zen.spamhaus.org`, `delisted ${OWN_SERVER} zen.spamhaus.org`]);
    expect(await listIpListingEvents(scope, { afterId: events[0].id })).toHaveLength(1);
    expect((await listIpHealth(scope, [OWN_SERVER])).get(OWN_SERVER)?.listedOn).toEqual([]);
  });

  it('keeps the last answer when a list stops answering, and retries it soon', async () => {
    dns.zone[zen(SENDGRID)] = { servfail: true };
    await runIpHealthCheck({ config: loadIpHealthConfig(env()), domainIds: [domainId], force: true });
    const zenRow = (await listIpHealth(scope, [SENDGRID])).get(SENDGRID)!.listings.find((l) => l.zone === 'zen.spamhaus.org')!;
    expect(zenRow).toMatchObject({ status: 'not_listed', error: expect.stringMatching(/SERVFAIL|server failure/i) });
    const ttlHours = (zenRow.expiresAt.getTime() - Date.now()) / 3_600_000;
    expect(ttlHours).toBeLessThan(2);
  });
});
