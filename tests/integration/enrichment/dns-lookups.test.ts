import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeSelector } from '../../../lib/sources/enrichment/dkim-selectors';
import { createResolver, type TResolver } from '../../../lib/platform/dns/resolver';
import { reverseDns } from '../../../lib/sources/enrichment/reverse-dns';
import { analyseSpf } from '../../../lib/sources/spf/analyse-spf';
import { reverseName, startLoopbackDns, type TLoopbackDns } from './loopback-dns';

// Reverse DNS, SPF lookup counting and DKIM selector probes against a DNS server the test runs
// on loopback (ATLAS_DNS_SERVERS-style host:port), never the machine's resolver.

let dns: TLoopbackDns;
let resolver: TResolver;

beforeAll(async () => {
  dns = await startLoopbackDns();
  resolver = createResolver({ dnsServers: [dns.address], dnsTimeoutMs: 300, dnsTries: 1 });
  // Forward-confirmed: PTR and A agree.
  dns.add('PTR', reverseName('192.0.2.10'), 'mail-yw1-f41.google.com');
  dns.add('A', 'mail-yw1-f41.google.com', '192.0.2.10');
  // PTR that does not resolve back (anyone can put any name in their own PTR).
  dns.add('PTR', reverseName('192.0.2.11'), 'o1.ptr.sendgrid.net');
  dns.add('A', 'o1.ptr.sendgrid.net', '198.51.100.99');
  // IPv6, confirmed through AAAA.
  dns.add('PTR', reverseName('2001:db8::25'), 'mx.example.org');
  dns.add('AAAA', 'mx.example.org', '2001:db8::25');
  // 192.0.2.12 has no PTR (NXDOMAIN); 192.0.2.13 never answers (timeout).
  dns.silent.add(reverseName('192.0.2.13'));

  // SPF: example.com → include:_spf.google.com (3 nested includes) + include:sendgrid.net + mx + a.
  dns.add('TXT', 'example.com', 'v=spf1 include:_spf.google.com include:sendgrid.net mx a -all', 'google-site-verification=abc');
  dns.add('TXT', '_spf.google.com', 'v=spf1 include:_netblocks.google.com include:_netblocks2.google.com include:_netblocks3.google.com ~all');
  dns.add('TXT', '_netblocks.google.com', 'v=spf1 ip4:35.190.247.0/24 ip4:64.233.160.0/19 ~all');
  dns.add('TXT', '_netblocks2.google.com', 'v=spf1 ip6:2001:4860:4000::/36 ~all');
  dns.add('TXT', '_netblocks3.google.com', 'v=spf1 ip4:172.217.0.0/19 ~all');
  dns.add('TXT', 'sendgrid.net', 'v=spf1 ip4:167.89.0.0/17 ~all');
  dns.add('TXT', 'broken.example', 'v=spf1 include:missing.example redirect=example.com -all');
  dns.add('TXT', 'two.example', 'v=spf1 -all', 'v=spf1 ~all');
  dns.add('TXT', 'loop.example', 'v=spf1 include:loop.example -all');

  // DKIM selectors: SendGrid's s1 delegated by CNAME, Google's key as TXT.
  dns.add('CNAME', 's1._domainkey.example.com', 's1.domainkey.u123.wl.sendgrid.net');
  dns.add('TXT', 'google._domainkey.example.com', 'v=DKIM1; k=rsa; p=MIIBIjANBgkq');
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
    expect(broken.errors.join(' ')).toMatch(/include:missing\.example has no SPF record/);
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
