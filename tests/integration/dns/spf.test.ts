import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResolver } from '../../../lib/platform/dns/resolver';
import { checkSpf, DnsClient, type TSpfCheck } from '../../../lib/dns';
import { startDnsZoneServer, type TDnsZoneServer, type TZone } from '../../helpers/dns-zone-server';

// SPF checked against a zone served on loopback: lookups and void lookups counted through the
// whole include/redirect tree as receivers count them (RFC 7208 section 4.6.4).

const leaf = { TXT: ['v=spf1 ip4:192.0.2.0/24 -all'] };
const leaves = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`l${i + 1}.test`, leaf]));
const host = { A: ['192.0.2.10'], MX: ['10 mx.host.test'] };
const chain = (name: string, includes: number) => ({
  [name]: { ...host, TXT: [`v=spf1 ${Array.from({ length: includes }, (_, i) => `include:l${i + 1}.test`).join(' ')} include:mid.test a mx -all`] },
});

const zone: TZone = {
  ...leaves,
  'mid.test': { TXT: ['v=spf1 include:l9.test ~all'] },
  // include:mid.test costs 2 (itself and its include); a and mx one each.
  ...chain('nine.test', 5),
  ...chain('ten.test', 6),
  ...chain('eleven.test', 7),
  'void2.test': { TXT: ['v=spf1 a:gone1.test a:gone2.test ip4:192.0.2.1 -all'] },
  'void3.test': { TXT: ['v=spf1 a:gone1.test a:gone2.test exists:gone3.test -all'] },
  'rl1.test': { TXT: ['v=spf1 redirect=rl2.test'] },
  'rl2.test': { TXT: ['v=spf1 redirect=rl1.test'] },
  'il1.test': { TXT: ['v=spf1 include:il2.test -all'] },
  'il2.test': { TXT: ['v=spf1 include:il1.test ~all'] },
  'macro.test': { A: ['192.0.2.20'], TXT: ['v=spf1 include:_spf.%{d} exists:%{ir}.%{v}._spf.%{d} a:%{l}.users.%{d} -all'] },
  '_spf.macro.test': { A: ['192.0.2.21'], TXT: ['v=spf1 a:%{d} a:%{o} -all'] },
  'multi.test': { TXT: ['v=spf1 -all', 'v=spf1 ~all', 'google-site-verification=x'] },
  'plus.test': { TXT: ['v=spf1 ip4:192.0.2.0/24 +all'] },
  'neutral.test': { TXT: ['v=spf1 ip4:192.0.2.0/24 ?all'] },
  'noall.test': { TXT: ['v=spf1 ip4:192.0.2.0/24'] },
  'mx.test': { TXT: ['v=spf1 mx -all'], MX: Array.from({ length: 11 }, (_, i) => `${i} mx${i}.mx.test`) },
  'syntax.test': { TXT: ['v=spf1 ip4:300.1.1.1 includ:l1.test -all'] },
  'ptr.test': { TXT: ['v=spf1 ptr:ptr.test -all'] },
  'nospf.test': { TXT: ['google-site-verification=abc'] },
  'noinclude.test': { TXT: ['v=spf1 include:nowhere.test -all'] },
  'redirect.test': { TXT: ['v=spf1 redirect=_spf.redirect.test'] },
  '_spf.redirect.test': { TXT: ['v=spf1 include:l1.test ?all'] },
  'slowinc.test': { TXT: ['v=spf1 include:slow.test -all'] },
  'slow.test': { timeout: true },
  'broken.test': { servfail: true },
  'long.test': { TXT: [['v=spf1 ip4:192.0.2.1 ', 'include:l1.test -all']] },
};

let dns: TDnsZoneServer;
const check = (domain: string): Promise<TSpfCheck> => checkSpf(new DnsClient(createResolver({ dnsServers: [dns.address], dnsTimeoutMs: 300, dnsTries: 1 })), domain);
const codes = (c: TSpfCheck) => c.findings.map((f) => f.code).sort();

beforeAll(async () => {
  dns = await startDnsZoneServer(zone);
});
afterAll(async () => {
  await dns.close();
});

describe('the 10-lookup limit', () => {
  it('accepts 9 lookups without a finding and shows what each include costs', async () => {
    const spf = await check('nine.test');
    expect(spf.lookups).toBe(9);
    expect(codes(spf)).toEqual([]);
    const mid = spf.tree.terms.find((t) => t.term === 'include:mid.test');
    expect(mid).toMatchObject({ lookups: 1, cost: 2, target: 'mid.test' });
    expect(mid?.child?.terms[0]).toMatchObject({ term: 'include:l9.test', cost: 1 });
    expect(spf.tree.terms.find((t) => t.term === 'mx')).toMatchObject({ cost: 1, mx_hosts: 1, void: false });
  });

  it('warns at exactly 10 lookups', async () => {
    const spf = await check('ten.test');
    expect(spf.lookups).toBe(10);
    expect(codes(spf)).toEqual(['spf.lookups_at_limit']);
  });

  it('fails at 11 and names the include to flatten with its cost', async () => {
    const spf = await check('eleven.test');
    expect(spf.lookups).toBe(11);
    expect(codes(spf)).toEqual(['spf.too_many_lookups']);
    const [f] = spf.findings;
    expect(f.severity).toBe('error');
    expect(f.fix).toMatch(/^Flatten include:mid\.test, which costs 2 lookups/);
  });
});

describe('void lookups', () => {
  it('allows two, each reported', async () => {
    const spf = await check('void2.test');
    expect(spf).toMatchObject({ lookups: 2, void_lookups: 2 });
    expect(codes(spf)).toEqual(['spf.void_lookup', 'spf.void_lookup']);
  });

  it('fails on the third', async () => {
    const spf = await check('void3.test');
    expect(spf).toMatchObject({ lookups: 3, void_lookups: 3 });
    expect(codes(spf)).toEqual(['spf.too_many_void_lookups', 'spf.void_lookup', 'spf.void_lookup', 'spf.void_lookup']);
  });

  it('counts an include of a name without SPF as void and as a permerror', async () => {
    const spf = await check('noinclude.test');
    expect(spf).toMatchObject({ lookups: 1, void_lookups: 1 });
    expect(codes(spf)).toEqual(['spf.include_no_record', 'spf.void_lookup']);
  });
});

describe('loops', () => {
  it('stops a redirect loop', async () => {
    const spf = await check('rl1.test');
    expect(codes(spf)).toEqual(['spf.redirect_loop']);
    expect(spf.lookups).toBe(2);
    expect(spf.tree.terms[0].child?.terms[0].child?.status).toBe('loop');
  });

  it('stops an include loop', async () => {
    const spf = await check('il1.test');
    expect(codes(spf)).toEqual(['spf.include_loop']);
    expect(spf.lookups).toBe(2);
  });
});

describe('macros', () => {
  it('expands %{d} and %{o}, counts the others without following them', async () => {
    const spf = await check('macro.test');
    // include (1) + its a:%{d} and a:%{o} (2) + exists (1) + a:%{l}… (1)
    expect(spf.lookups).toBe(5);
    expect(spf.void_lookups).toBe(0);
    const [include, exists, a] = spf.tree.terms;
    expect(include).toMatchObject({ target: '_spf.macro.test', cost: 3 });
    expect(include.child?.terms.filter((t) => t.lookups).map((t) => t.target)).toEqual(['_spf.macro.test', 'macro.test']);
    expect(exists).toMatchObject({ needs_sender: true, target: null, cost: 1 });
    expect(a).toMatchObject({ needs_sender: true, cost: 1 });
    expect(codes(spf)).toEqual(['spf.macro_unexpandable', 'spf.macro_unexpandable']);
  });
});

describe('record problems', () => {
  it.each([
    ['multi.test', ['spf.multiple_records']],
    ['plus.test', ['spf.pass_all']],
    ['neutral.test', ['spf.neutral_all']],
    ['noall.test', ['spf.no_all']],
    ['mx.test', ['spf.mx_too_many']],
    ['syntax.test', ['spf.syntax']],
    ['ptr.test', ['spf.ptr_deprecated']],
    ['nospf.test', ['spf.missing']],
    ['slowinc.test', ['spf.lookup_failed']],
    ['broken.test', ['spf.lookup_failed']],
  ])('%s → %j', async (domain, expected) => {
    expect(codes(await check(domain))).toEqual(expected);
  });

  it('reads the record the redirect points to as the domain’s own', async () => {
    const spf = await check('redirect.test');
    expect(spf.lookups).toBe(2);
    expect(codes(spf)).toEqual(['spf.neutral_all']);
  });

  it('joins a record split over several strings', async () => {
    const spf = await check('long.test');
    expect(spf.record).toBe('v=spf1 ip4:192.0.2.1 include:l1.test -all');
    expect(spf.lookups).toBe(1);
  });

  it('says a lookup failed, never that the record is missing', async () => {
    const spf = await check('broken.test');
    expect(spf.status).toBe('temperror');
    expect(spf.findings[0].message).toMatch(/ESERVFAIL/);
  });
});
