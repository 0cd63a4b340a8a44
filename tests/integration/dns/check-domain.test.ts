import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnsCommand } from '../../../cli/commands/dns';
import { checkDomainDns, type TDnsCheck } from '../../../lib/dns';
import { addDomainToOrganization, findOrCreateOrganization, operatorScope } from '../../../lib/access';
import { listReportSelectors } from '../../../lib/queries';
import { COMMON_DKIM_SELECTORS } from '../../../lib/sources';
import { createResolver } from '../../../lib/platform/dns/resolver';
import { ingestBuffer } from '../../../lib/ingest/pipeline';
import { useTestDatabase } from '../../helpers/db';
import { startDnsZoneServer, type TDnsZoneServer } from '../../helpers/dns-zone-server';

// The whole check of a domain: DMARC, SPF and DKIM together, the selectors of its stored
// reports, and `atlas dns check --json`, against a loopback zone and a real Postgres.

const key = (bits: number) => (generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ type: 'spki', format: 'der' }) as Buffer).toString('base64');
const DAY = 86_400;
const now = Math.floor(Date.now() / 1000);

function report(domain: string, rows: { ip: string; count: number; dkim: [string, string][] }[]): Buffer {
  const records = rows
    .map(
      (r) => `<record><row><source_ip>${r.ip}</source_ip><count>${r.count}</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated></row>
<identifiers><header_from>${domain}</header_from></identifiers><auth_results>${r.dkim.map(([d, s]) => `<dkim><domain>${d}</domain><selector>${s}</selector><result>pass</result></dkim>`).join('')}
<spf><domain>${domain}</domain><result>fail</result></spf></auth_results></record>`,
    )
    .join('\n');
  return Buffer.from(`<?xml version="1.0"?><feedback><report_metadata><org_name>google.com</org_name><email>noreply-dmarc-support@google.com</email><report_id>dns-${domain}</report_id>
<date_range><begin>${now - 2 * DAY}</begin><end>${now - DAY}</end></date_range></report_metadata>
<policy_published><domain>${domain}</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp><pct>100</pct></policy_published>${records}</feedback>`);
}

let dns: TDnsZoneServer;

beforeAll(async () => {
  await useTestDatabase();
  dns = await startDnsZoneServer({
    'shop.test': { TXT: ['v=spf1 include:_spf.mailer.test mx -all'], MX: ['10 mx.shop.test'] },
    '_spf.mailer.test': { TXT: ['v=spf1 ip4:192.0.2.0/24 ~all'] },
    '_dmarc.shop.test': { TXT: ['v=DMARC1; p=quarantine; t=y; rua=mailto:dmarc@shop.test'] },
    'google._domainkey.shop.test': { TXT: [`v=DKIM1; k=rsa; p=${key(2048)}`] },
    'news2026._domainkey.shop.test': { TXT: [`v=DKIM1; k=rsa; p=${key(1024)}`] },
  });
  process.env.ATLAS_DNS_SERVERS = dns.address;
  process.env.ATLAS_DNS_TIMEOUT_MS = '300';
  process.env.ATLAS_DNS_TRIES = '1';
  const ingested = await ingestBuffer({
    bytes: report('shop.test', [
      { ip: '192.0.2.10', count: 50, dkim: [['shop.test', 'news2026']] },
      { ip: '192.0.2.11', count: 20, dkim: [['shop.test', 'gone2025'], ['mailer.test', 'm1']] },
      { ip: '192.0.2.12', count: 5, dkim: [['shop.test', 'bad selector!']] },
    ]),
    name: 'shop.xml',
    source: 'cli',
  });
  expect(ingested.reports.map((r) => r.outcome)).toEqual(['set_aside']);
  await findOrCreateOrganization('Shop');
  await addDomainToOrganization('shop.test', 'Shop');
});

afterAll(async () => {
  delete process.env.ATLAS_DNS_SERVERS;
  await dns.close();
});

describe('checkDomainDns', () => {
  it('gathers every section’s findings at the top', async () => {
    const result = await checkDomainDns('SHOP.test.', { selectors: ['news2026'], commonSelectors: COMMON_DKIM_SELECTORS, resolver: createResolver({ dnsServers: [dns.address], dnsTimeoutMs: 300, dnsTries: 1 }) });
    expect(result.domain).toBe('shop.test');
    expect(result.dmarc.tags).toMatchObject({ p: 'quarantine', t: 'y' });
    expect(result.spf).toMatchObject({ lookups: 2, void_lookups: 0 });
    expect(result.dkim.map((d) => [d.selector, d.source, d.status, d.key_bits])).toEqual([
      ['news2026', 'given', 'ok', 1024],
      ['google', 'common', 'ok', 2048],
    ]);
    expect(result.findings.map((f) => f.code)).toEqual(['dmarc.testing', 'dkim.key_weak']);
    expect(result.findings).toEqual([...result.dmarc.findings, ...result.spf.findings, ...result.dkim.flatMap((d) => d.findings)]);
  });

  it('converts an internationalised name to punycode', async () => {
    const result = await checkDomainDns('bücher.test', { resolver: createResolver({ dnsServers: [dns.address], dnsTimeoutMs: 300, dnsTries: 1 }) });
    expect(result.domain).toBe('xn--bcher-kva.test');
    expect(result.findings.map((f) => f.code)).toEqual(['dmarc.missing', 'spf.missing', 'dkim.none_found']);
  });
});

describe('atlas dns check --json', () => {
  it('reads the selectors of stored reports (only valid ones of the domain itself) and checks them', async () => {
    expect(await listReportSelectors(await operatorScope(), 'shop.test')).toEqual(['news2026', 'gone2025']);

    const out: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => {
      out.push(chunk);
      return true;
    }) as typeof process.stdout.write;
    let code: number;
    try {
      code = await dnsCommand(['check', 'shop.test', '--json', '--no-common', '--selector', 'Google']);
    } finally {
      process.stdout.write = write;
    }
    expect(code).toBe(0);
    const json = JSON.parse(out.join('')) as TDnsCheck;
    expect(Object.keys(json)).toEqual(['domain', 'dmarc', 'spf', 'dkim', 'findings']);
    expect(json.dkim.map((d) => [d.selector, d.source, d.status])).toEqual([
      ['google', 'given', 'ok'],
      ['news2026', 'reports', 'ok'],
      ['gone2025', 'reports', 'missing'],
    ]);
    expect(json.findings.map((f) => [f.severity, f.code])).toEqual([
      ['info', 'dmarc.testing'],
      ['warning', 'dkim.key_weak'],
      ['error', 'dkim.missing'],
    ]);
    expect(json.spf.tree.terms[0]).toMatchObject({ term: 'include:_spf.mailer.test', cost: 1 });
  });
});
