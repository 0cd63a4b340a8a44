import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeSelector } from '../../../lib/sources/enrichment/dkim-selectors';
import { createResolver, type TResolver } from '../../../lib/platform/dns/resolver';
import { reverseDns } from '../../../lib/dns/reverse-dns';
import { analyseSpf } from '../../../lib/sources/spf/spf-cache';
import { reverseName, startDnsZoneServer, type TDnsZoneServer } from '../../helpers/dns-zone-server';

// Reverse DNS, SPF lookup counting and DKIM selector probes against a DNS server the test runs
// on loopback (ATLAS_DNS_SERVERS-style host:port), never the machine's resolver.

let dns: TDnsZoneServer;
let resolver: TResolver;

beforeAll(async () => {
  dns = await startDnsZoneServer({
    // Forward-confirmed: PTR and A agree.
    [reverseName('192.0.2.10')]: { PTR: ['mail-yw1-f41.google.com'] },
    'mail-yw1-f41.google.com': { A: ['192.0.2.10'] },
    // PTR that does not resolve back (anyone can put any name in their own PTR).
    [reverseName('192.0.2.11')]: { PTR: ['o1.ptr.sendgrid.net'] },
    'o1.ptr.sendgrid.net': { A: ['198.51.100.99'] },
    // IPv6, confirmed through AAAA.
    [reverseName('2001:db8::25')]: { PTR: ['mx.example.org'] },
    'mx.example.org': { AAAA: ['2001:db8::25'] },
    // 192.0.2.12 has no PTR (NXDOMAIN); 192.0.2.13 never answers (timeout).
    [reverseName('192.0.2.13')]: { timeout: true },

    // SPF: example.com → include:_spf.google.com (3 nested includes) + include:sendgrid.net + mx + a.
    'example.com': { TXT: ['v=spf1 include:_spf.google.com include:sendgrid.net mx a -all', 'google-site-verification=abc'], A: ['192.0.2.80'], MX: ['10 mx.example.com'] },
    '_spf.google.com': { TXT: ['v=spf1 include:_netblocks.google.com include:_netblocks2.google.com include:_netblocks3.google.com ~all'] },
    '_netblocks.google.com': { TXT: ['v=spf1 ip4:35.190.247.0/24 ip4:64.233.160.0/19 ~all'] },
    '_netblocks2.google.com': { TXT: ['v=spf1 ip6:2001:4860:4000::/36 ~all'] },
    '_netblocks3.google.com': { TXT: ['v=spf1 ip4:172.217.0.0/19 ~all'] },
    'sendgrid.net': { TXT: ['v=spf1 ip4:167.89.0.0/17 ~all'] },
    'broken.example': { TXT: ['v=spf1 include:missing.example redirect=example.com -all'] },
    'two.example': { TXT: ['v=spf1 -all', 'v=spf1 ~all'] },
    'loop.example': { TXT: ['v=spf1 include:loop.example -all'] },

    // DKIM selectors: SendGrid's s1 delegated by CNAME, Google's key as TXT.
    's1._domainkey.example.com': { CNAME: 's1.domainkey.u123.wl.sendgrid.net' },
    's1.domainkey.u123.wl.sendgrid.net': { TXT: ['k=rsa; p=MIIBIjANBgkq'] },
    'google._domainkey.example.com': { TXT: ['v=DKIM1; k=rsa; p=MIIBIjANBgkq'] },
  });
  resolver = createResolver({ dnsServers: [dns.address], dnsTimeoutMs: 300, dnsTries: 1 });
});

afterAll(async () => {
  await dns.close();
});

describe('reverse DNS', () => {
  it('returns a forward-confirmed PTR', async () => {
    const r = await reverseDns(resolver, '192.0.2.10');
    expect(r).toMatchObject({ status: 'ok', ptr: 'mail-yw1-f41.google.com', confirmed: true });
  });

  it('keeps an unconfirmed PTR but says so', async () => {
    const r = await reverseDns(resolver, '192.0.2.11');
    expect(r).toMatchObject({ status: 'ok', ptr: 'o1.ptr.sendgrid.net', confirmed: false });
  });

  it('confirms IPv6 through AAAA', async () => {
    const r = await reverseDns(resolver, '2001:db8::25');
    expect(r).toMatchObject({ status: 'ok', ptr: 'mx.example.org', confirmed: true });
  });

  it('records NXDOMAIN and timeouts as such', async () => {
    expect(await reverseDns(resolver, '192.0.2.12')).toMatchObject({ status: 'nxdomain', ptr: null });
    const started = Date.now();
    const timeout = await reverseDns(resolver, '192.0.2.13');
    expect(timeout.status).toBe('timeout');
    expect(timeout.error).toMatch(/ETIMEOUT/);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe('SPF lookup counting', () => {
  it('counts include, mx, a and nested includes (RFC 7208 4.6.4) and lists every include', async () => {
    const { result, all } = await analyseSpf(resolver, 'example.com');
    expect(result.status).toBe('ok');
    // include:_spf.google.com (1) + its 3 includes (3) + include:sendgrid.net (1) + mx (1) + a (1)
    expect(result.lookups).toBe(7);
    expect(result.includes).toEqual(['_spf.google.com', '_netblocks.google.com', '_netblocks2.google.com', '_netblocks3.google.com', 'sendgrid.net']);
    expect(all.find((a) => a.name === '_spf.google.com')?.lookups).toBe(3);
    expect(all.find((a) => a.name === 'sendgrid.net')?.lookups).toBe(0);
  });

  it('reports void includes, multiple records, loops and missing records', async () => {
    const broken = (await analyseSpf(resolver, 'broken.example')).result;
    expect(broken.voidLookups).toBe(1);
    expect(broken.errors.join(' ')).toMatch(/include:missing\.example: missing\.example has no SPF record/);
    expect(broken.lookups).toBe(1); // redirect= is ignored when the record has "all"
    expect((await analyseSpf(resolver, 'two.example')).result.status).toBe('permerror');
    expect((await analyseSpf(resolver, 'loop.example')).result.errors.join(' ')).toMatch(/loop/);
    expect((await analyseSpf(resolver, 'nothing.example')).result.status).toBe('none');
  });
});

describe('DKIM selector probes', () => {
  it('finds a CNAME-delegated selector and a TXT key; a missing one is missing', async () => {
    expect(await probeSelector(resolver, 'example.com', 's1')).toMatchObject({ status: 'found', target: 's1.domainkey.u123.wl.sendgrid.net' });
    expect(await probeSelector(resolver, 'example.com', 'google')).toMatchObject({ status: 'found', target: null });
    expect(await probeSelector(resolver, 'example.com', 'k2')).toMatchObject({ status: 'missing' });
  });
});
