import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResolver } from '../../../lib/platform/dns/resolver';
import { checkSpf, DnsClient } from '../../../lib/dns';
import { startDnsZoneServer, type TDnsZoneServer, type TZone } from '../../helpers/dns-zone-server';

// DNS answers are written by whoever runs the zone: the checks bound their own work.

const leaves = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`l${i + 1}.test`, { TXT: ['v=spf1 ip4:192.0.2.0/24 -all'] }]));
const fan = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`f${i}.fan.test`, { TXT: [`v=spf1 ${Array.from({ length: 9 }, (_, j) => `include:l${j + 1}.test`).join(' ')} -all`] }]));

const zone: TZone = {
  ...leaves,
  ...fan,
  // 10 includes of records with 9 includes each: 100 lookups if followed to the end.
  'fan.test': { TXT: [`v=spf1 ${Array.from({ length: 10 }, (_, i) => `include:f${i}.fan.test`).join(' ')} -all`] },
  'big.test': { TXT: [`v=spf1 ${'ip4:192.0.2.1 '.repeat(400)}-all`] },
};

let dns: TDnsZoneServer;
const client = (limits = {}) => new DnsClient(createResolver({ dnsServers: [dns.address], dnsTimeoutMs: 300, dnsTries: 1 }), limits);

beforeAll(async () => {
  dns = await startDnsZoneServer(zone);
});
afterAll(async () => {
  await dns.close();
});

describe('bounds', () => {
  it('stops following SPF lookups after 60 and says the count is a lower bound', async () => {
    const before = dns.queries.length;
    const spf = await checkSpf(client(), 'fan.test');
    // 6 includes followed whole (10 each), the last 4 counted without following.
    expect(spf.lookups).toBe(64);
    expect(spf.findings.map((f) => f.code).sort()).toEqual(['spf.evaluation_capped', 'spf.too_many_lookups']);
    expect(spf.findings.find((f) => f.code === 'spf.too_many_lookups')?.message).toContain('64+ DNS lookups');
    expect(dns.queries.length - before).toBeLessThanOrEqual(20); // each name asked once
  });

  it('ignores a TXT record over the size bound and says so', async () => {
    const c = client();
    const spf = await checkSpf(c, 'big.test');
    expect(spf.findings.map((f) => f.code)).toEqual(['spf.missing']);
    expect(c.findings.map((f) => f.code)).toEqual(['dns.oversized']);
  });

  it('stops at the query budget and reports the lookups it did not make as failed', async () => {
    const c = client({ maxQueries: 3 });
    const spf = await checkSpf(c, 'fan.test');
    expect(c.queries).toBe(3);
    expect(c.findings.map((f) => f.code)).toEqual(['dns.query_budget']);
    expect(spf.findings.some((f) => f.code === 'spf.lookup_failed' && f.message.includes('query budget'))).toBe(true);
  });
});
