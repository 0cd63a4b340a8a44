import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourcesCommand } from '../../../cli/commands/sources';
import { prisma } from '../../../lib/platform/db/prisma';
import { loadEnrichmentConfig } from '../../../lib/sources/enrichment/config';
import { runEnrichment } from '../../../lib/sources/enrichment/run-enrichment';
import { listSourceAddresses } from '../../../lib/queries/sources/list-source-addresses';
import { buildSenderMap, type TSenderMap } from '../../../lib/sources/build-sender-map';
import { decideSource } from '../../../lib/sources/decide-source';
import { useTestDatabase } from '../../helpers/db';
import { reverseName, startDnsZoneServer, type TDnsZoneServer } from '../../helpers/dns-zone-server';

// The whole path on crafted rollup rows: the worker enriches addresses (offline data + reverse
// DNS from a loopback server), the sender map groups them into sources in SQL, each source gets
// its verdict and advice, and a user's approval flips a verdict (audited).

const DAY_MS = 86_400_000;
const today = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS);
const yesterday = new Date(today.getTime() - DAY_MS).toISOString().slice(0, 10);
const window = { start: new Date(today.getTime() - 7 * DAY_MS), end: new Date(today.getTime() + DAY_MS) };

let dns: TDnsZoneServer;
let domain: { id: number; name: string; organizationId: number };
const config = () => loadEnrichmentConfig({ ATLAS_DNS_SERVERS: dns.address, ATLAS_DNS_TIMEOUT_MS: '300', ATLAS_DNS_TRIES: '1' });

interface TRow {
  ip: string;
  messages: number;
  dkimAligned?: boolean;
  spfAligned?: boolean;
  dkimDomain?: string;
  dkimResult?: string;
  spfDomain?: string;
  spfResult?: string;
  reason?: string;
  org?: string;
}

async function insertRollups(rows: TRow[]): Promise<void> {
  for (const r of rows) {
    const pass = r.dkimAligned || r.spfAligned;
    await prisma().$executeRaw`
      INSERT INTO daily_rollup (domain_id, day, source_ip, org_name, header_from, disposition, dkim_aligned, spf_aligned,
                                dkim_domain, dkim_result, spf_domain, spf_result, override_reason, messages)
      VALUES (${domain.id}, ${yesterday}::date, ${r.ip}::inet, ${r.org ?? 'google.com'}, 'example.com', ${pass ? 'none' : 'quarantine'},
              ${r.dkimAligned ?? false}, ${r.spfAligned ?? false}, ${r.dkimDomain ?? ''}, ${r.dkimResult ?? ''}, ${r.spfDomain ?? ''},
              ${r.spfResult ?? ''}, ${r.reason ?? ''}, ${r.messages})`;
  }
}

function source(map: TSenderMap, key: string) {
  const s = map.sources.find((x) => x.key === key);
  if (!s) throw new Error(`no source ${key} in ${map.sources.map((x) => x.key).join(', ')}`);
  return s;
}

beforeAll(async () => {
  await useTestDatabase();
  const org = await prisma().organization.create({ data: { name: 'Example Inc', slug: 'example-inc' } });
  domain = await prisma().domain.create({ data: { name: 'example.com', organizationId: org.id }, select: { id: true, name: true, organizationId: true } });

  dns = await startDnsZoneServer({
    // Google Workspace, passing (published prefix, forward-confirmed PTR).
    [reverseName('209.85.220.41')]: { PTR: ['mail-yw1-f41.google.com'] },
    'mail-yw1-f41.google.com': { A: ['209.85.220.41'] },
    // SendGrid, failing: signs with d=sendgrid.net, return path sendgrid.net; example.com includes it in SPF.
    [reverseName('167.89.1.10')]: { PTR: ['o1.ptr1234.example-customer.sendgrid.net'] },
    // Own server on a Hetzner address with a confirmed PTR under example.com.
    [reverseName('5.9.10.10')]: { PTR: ['mail.example.com'] },
    'mail.example.com': { A: ['5.9.10.10'] },
    // A forwarder (PTR missing: NXDOMAIN) and a spoofer whose PTR query never gets an answer.
    [reverseName('45.33.1.1')]: { timeout: true },
    'example.com': { TXT: ['v=spf1 include:_spf.google.com include:sendgrid.net ip4:5.9.10.10 -all'] },
    '_spf.google.com': { TXT: ['v=spf1 include:_netblocks.google.com ~all'] },
    '_netblocks.google.com': { TXT: ['v=spf1 ip4:209.85.128.0/17 ~all'] },
    'sendgrid.net': { TXT: ['v=spf1 ip4:167.89.0.0/17 ~all'] },
    'google._domainkey.example.com': { TXT: ['v=DKIM1; k=rsa; p=MIIB'] },
  });

  await insertRollups([
    { ip: '209.85.220.41', messages: 500, dkimAligned: true, spfAligned: true, dkimDomain: 'example.com', dkimResult: 'pass', spfDomain: 'example.com', spfResult: 'pass' },
    { ip: '209.85.220.41', messages: 5, dkimAligned: true, dkimDomain: 'example.com', dkimResult: 'pass', spfDomain: 'example.com', spfResult: 'softfail', org: 'Outlook.com' },
    { ip: '167.89.1.10', messages: 200, dkimDomain: 'sendgrid.net', dkimResult: 'pass', spfDomain: 'sendgrid.net', spfResult: 'pass' },
    { ip: '5.9.10.10', messages: 120, spfAligned: true, spfDomain: 'example.com', spfResult: 'pass', dkimDomain: 'example.com', dkimResult: 'fail' },
    { ip: '88.198.1.1', messages: 80, dkimAligned: true, dkimDomain: 'example.com', dkimResult: 'pass', spfDomain: 'fwd.example.net', spfResult: 'pass' },
    { ip: '88.198.1.1', messages: 20, dkimDomain: 'example.com', dkimResult: 'fail', spfDomain: 'fwd.example.net', spfResult: 'pass', reason: 'forwarded' },
    { ip: '45.33.1.1', messages: 60, spfDomain: 'example.com', spfResult: 'fail' },
    { ip: '10.0.0.5', messages: 3, spfDomain: 'example.com', spfResult: 'fail' },
  ]);
});

afterAll(async () => {
  await dns.close();
});

describe('enrichment worker', () => {
  it('enriches new addresses offline and by reverse DNS, recording failures as such', async () => {
    const run = await runEnrichment({ config: config(), budgetMs: 10_000 });
    expect(run).toMatchObject({ addresses: 6, resolved: 4, failed: 1 });
    expect(run.domains).toBe(3); // example.com, sendgrid.net, fwd.example.net
    const rows = await prisma().$queryRaw<{ ip: string; ptr_status: string; ptr: string | null; ptr_confirmed: boolean; asn: number | null; country: string | null; service_id: string | null; matched_by: string | null; dns_attempts: number; wait_min: number }[]>`
      SELECT host(ip) AS ip, ptr_status::text, ptr, ptr_confirmed, asn, country, service_id, matched_by, dns_attempts,
             extract(epoch FROM next_resolve_at - now())::float8 / 60 AS wait_min
        FROM ip_enrichment ORDER BY ip`;
    const by = Object.fromEntries(rows.map((r) => [r.ip, r]));
    expect(by['209.85.220.41']).toMatchObject({ ptr_status: 'ok', ptr: 'mail-yw1-f41.google.com', ptr_confirmed: true, asn: 15169, country: 'US', service_id: 'google-workspace', matched_by: 'prefix' });
    expect(by['167.89.1.10']).toMatchObject({ ptr_status: 'ok', ptr_confirmed: false, asn: 11377, service_id: 'sendgrid', matched_by: 'asn' });
    expect(by['5.9.10.10']).toMatchObject({ ptr_status: 'ok', ptr: 'mail.example.com', ptr_confirmed: true, asn: 24940, service_id: 'hetzner' });
    expect(by['88.198.1.1']).toMatchObject({ ptr_status: 'nxdomain', ptr: null });
    expect(by['88.198.1.1'].wait_min).toBeGreaterThan(60 * 23);
    expect(by['45.33.1.1']).toMatchObject({ ptr_status: 'timeout', dns_attempts: 1, asn: 63949, service_id: 'akamai-linode' });
    expect(by['45.33.1.1'].wait_min).toBeGreaterThan(10);
    expect(by['10.0.0.5']).toMatchObject({ ptr_status: 'skipped', asn: null });
    const spf = await prisma().spfCache.findUnique({ where: { name: 'example.com' } });
    expect(spf).toMatchObject({ status: 'ok', lookups: 3, includes: ['_spf.google.com', '_netblocks.google.com', 'sendgrid.net'] });
  });

  it('does not retry a timed-out address in a hot loop', async () => {
    const asked = () => dns.queries.filter((q) => q === `PTR ${reverseName('45.33.1.1')}`).length;
    const before = asked();
    const run = await runEnrichment({ config: config(), budgetMs: 5_000 });
    expect(run).toMatchObject({ addresses: 0, resolved: 0, failed: 0 });
    expect(asked()).toBe(before);
  });
});

describe('sender map', () => {
  it('groups addresses into sources and gives each kind of verdict', async () => {
    const map = await buildSenderMap({ domainIds: [domain.id] }, domain, window);
    expect(source(map, 'service:google-workspace')).toMatchObject({ type: 'mailbox', messages: 505, reporters: ['Outlook.com', 'google.com'], verdict: { verdict: 'authorised_passing' } });
    const sendgrid = source(map, 'service:sendgrid');
    expect(sendgrid).toMatchObject({ type: 'esp', dmarcPass: 0, verdict: { verdict: 'authorised_failing', authorisedBy: 'spf-include' } });
    expect(sendgrid.advice[0]).toMatch(/SendGrid signs 100% of this mail with d=sendgrid\.net, not example\.com: enable domain authentication/);
    expect(source(map, 'ptr:example.com')).toMatchObject({ serviceId: 'hetzner', verdict: { verdict: 'authorised_passing' } });
    expect(source(map, 'service:hetzner')).toMatchObject({ messages: 100, verdict: { verdict: 'forwarder' } });
    expect(source(map, 'service:akamai-linode')).toMatchObject({ type: 'hosting', verdict: { verdict: 'unknown' } });
    expect(source(map, 'net:10.0.0.0/24').verdict.verdict).toBe('unknown');
    expect(map.totals.messages).toBe(988);
    expect(map.spf).toMatchObject({ status: 'ok', lookups: 3 });
    const addresses = await listSourceAddresses({ domainIds: [domain.id] }, domain.id, 'service:google-workspace', window);
    expect(addresses).toEqual([expect.objectContaining({ ip: '209.85.220.41', ptr: 'mail-yw1-f41.google.com', ptrConfirmed: true, asn: 15169, country: 'US', messages: 505 })]);
  });

  it('shows nothing for a domain outside the caller’s scope', async () => {
    const map = await buildSenderMap({ domainIds: [] }, domain, window);
    expect(map.sources).toEqual([]);
  });

  it('an approval flips a verdict, keeps who and when, and is audited', async () => {
    await decideSource({ domainId: domain.id, sourceKey: 'service:akamai-linode', decision: 'approved', label: 'Legacy web server' }, { userId: null, label: 'ops@example.com', organizationId: domain.organizationId });
    const map = await buildSenderMap({ domainIds: [domain.id] }, domain, window);
    const linode = source(map, 'service:akamai-linode');
    expect(linode).toMatchObject({ label: 'Legacy web server', verdict: { verdict: 'authorised_failing', authorisedBy: 'decision' }, decision: { decision: 'approved', by: 'ops@example.com' } });
    const audit = await prisma().auditLog.findMany({ where: { action: 'source.approved' } });
    expect(audit).toEqual([expect.objectContaining({ organizationId: domain.organizationId, actorLabel: 'ops@example.com', targetId: `${domain.id}/service:akamai-linode` })]);

    await decideSource({ domainId: domain.id, sourceKey: 'service:google-workspace', decision: 'rejected' }, { userId: null, label: 'cli', organizationId: domain.organizationId });
    expect(source(await buildSenderMap({ domainIds: [domain.id] }, domain, window), 'service:google-workspace').verdict.verdict).toBe('unknown');
    await decideSource({ domainId: domain.id, sourceKey: 'service:google-workspace', decision: 'cleared' }, { userId: null, label: 'cli', organizationId: domain.organizationId });
    expect(source(await buildSenderMap({ domainIds: [domain.id] }, domain, window), 'service:google-workspace').verdict.verdict).toBe('authorised_passing');
    expect(await prisma().auditLog.count({ where: { targetType: 'source' } })).toBe(3);
  });

  it('atlas sources DOMAIN --json lists the sources with service, type, verdict and rates', async () => {
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      out.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    let code: number;
    try {
      code = await sourcesCommand(['example.com', '--json', '--days', '7']);
    } finally {
      process.stdout.write = write;
    }
    expect(code).toBe(0);
    const json = JSON.parse(out.join('')) as { domain: string; sources: { key: string; service: string | null; type: string | null; verdict: string; messages: number; dmarc_pass_rate: number; spf_aligned_rate: number; dkim_aligned_rate: number }[] };
    expect(json.domain).toBe('example.com');
    expect(json.sources.find((s) => s.key === 'service:sendgrid')).toMatchObject({ service: 'SendGrid', type: 'esp', verdict: 'authorised_failing', messages: 200, dmarc_pass_rate: 0, dkim_aligned_rate: 0 });
    expect(json.sources.find((s) => s.key === 'service:google-workspace')).toMatchObject({ verdict: 'authorised_passing', spf_aligned_rate: 0.9901 });
  });
});
