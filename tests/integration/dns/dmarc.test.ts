import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResolver } from '../../../lib/platform/dns/resolver';
import { checkDmarc, DnsClient, treeWalkTargets, type TDmarcCheck } from '../../../lib/dns';
import { startDnsZoneServer, type TDnsZoneServer, type TZone } from '../../helpers/dns-zone-server';

// DMARC records, broken in every way we know of, served on loopback; RFC 7489 and DMARCbis
// (RFC 9989) read side by side.

const RUA = 'rua=mailto:dmarc@';
const rec = (domain: string, text: string) => ({ [`_dmarc.${domain}`]: { TXT: [text] } });

const zone: TZone = {
  ...rec('good.test', `v=DMARC1; p=reject; ${RUA}good.test`),
  ...rec('nov.test', `p=reject; ${RUA}nov.test`),
  ...rec('order.test', `p=reject; v=DMARC1; ${RUA}order.test`),
  ...rec('lower.test', `v=dmarc1; p=reject; ${RUA}lower.test`),
  ...rec('badp.test', `v=DMARC1; p=block; ${RUA}badp.test`),
  ...rec('pct150.test', `v=DMARC1; p=reject; pct=150; ${RUA}pct150.test`),
  ...rec('unknown.test', `v=DMARC1; p=reject; ${RUA}unknown.test; foo=bar`),
  ...rec('comma.test', `v=DMARC1, p=reject, ${RUA}comma.test`),
  ...rec('case.test', `v=DMARC1; P=Reject; ${RUA}case.test`),
  ...rec('dup.test', `v=DMARC1; p=reject; p=none; ${RUA}dup.test`),
  ...rec('nop.test', `v=DMARC1; ${RUA}nop.test`),
  ...rec('none.test', `v=DMARC1; p=none; ${RUA}none.test`),
  ...rec('pct50.test', `v=DMARC1; p=quarantine; pct=50; ${RUA}pct50.test`),
  ...rec('pct50t.test', `v=DMARC1; p=quarantine; pct=50; t=y; ${RUA}pct50t.test`),
  ...rec('pct100.test', `v=DMARC1; p=reject; pct=100; ${RUA}pct100.test`),
  ...rec('legacy.test', `v=DMARC1; p=reject; rf=afrf; ri=86400; ${RUA}legacy.test`),
  ...rec('weak-sp.test', `v=DMARC1; p=reject; sp=none; np=none; ${RUA}weak-sp.test`),
  ...rec('norua.test', 'v=DMARC1; p=reject'),
  ...rec('badrua.test', 'v=DMARC1; p=reject; rua=dmarc@badrua.test,mailto:x@badrua.test!10x,https://badrua.test/r'),
  ...rec('size.test', `v=DMARC1; p=reject; ${RUA}size.test!10m; fo=1`),
  ...rec('psd.test', `v=DMARC1; p=reject; psd=y; ${RUA}psd.test`),
  '_dmarc.two.test': { TXT: [`v=DMARC1; p=reject; ${RUA}two.test`, `v=DMARC1; p=none; ${RUA}two.test`] },
  ...rec('ext.test', 'v=DMARC1; p=reject; rua=mailto:reports@collector.example,mailto:own@ext.test'),
  ...rec('ext-ok.test', 'v=DMARC1; p=reject; rua=mailto:reports@collector.example; ruf=mailto:f@mail.ext-ok.test'),
  'ext-ok.test._report._dmarc.collector.example': { TXT: ['v=DMARC1'] },
  ...rec('org.test', `v=DMARC1; p=reject; sp=quarantine; ${RUA}org.test`),
  'sub.org.test': { A: ['192.0.2.1'] },
  ...rec('registry.test', `v=DMARC1; p=reject; psd=y; ${RUA}registry.test`),
  'x.shop.registry.test': { A: ['192.0.2.3'] },
  '_dmarc.slow.test': { timeout: true },
  '_dmarc.broken.test': { servfail: true },
  'nothing.test': { A: ['192.0.2.2'] },
};

let dns: TDnsZoneServer;
const check = (domain: string): Promise<TDmarcCheck> => checkDmarc(new DnsClient(createResolver({ dnsServers: [dns.address], dnsTimeoutMs: 300, dnsTries: 1 })), domain);
const codes = (c: TDmarcCheck) => c.findings.map((f) => f.code).sort();

beforeAll(async () => {
  dns = await startDnsZoneServer(zone);
});
afterAll(async () => {
  await dns.close();
});

describe('a good record', () => {
  it('has no findings and its tags are read', async () => {
    const dmarc = await check('good.test');
    expect(codes(dmarc)).toEqual([]);
    expect(dmarc).toMatchObject({ record: 'v=DMARC1; p=reject; rua=mailto:dmarc@good.test', tags: { v: 'DMARC1', p: 'reject', rua: 'mailto:dmarc@good.test' }, policy_domain: 'good.test', inherited: false });
    expect(dmarc.organizational_domain).toEqual({ tree_walk: 'good.test', psl: 'good.test' });
    expect(dmarc.report_destinations).toEqual([{ tag: 'rua', uri: 'mailto:dmarc@good.test', host: 'good.test', external: false, authorised: true }]);
  });
});

describe('broken records', () => {
  it.each([
    ['nov.test', ['dmarc.version_missing']],
    ['order.test', ['dmarc.version_not_first']],
    ['lower.test', ['dmarc.version_invalid']],
    ['badp.test', ['dmarc.invalid_value']],
    ['pct150.test', ['dmarc.invalid_value']],
    ['unknown.test', ['dmarc.unknown_tag']],
    ['case.test', ['dmarc.case']],
    ['dup.test', ['dmarc.duplicate_tag']],
    ['nop.test', ['dmarc.p_missing']],
    ['two.test', ['dmarc.multiple_records']],
    ['norua.test', ['dmarc.rua_missing']],
    ['weak-sp.test', ['dmarc.sp_weaker']],
    ['psd.test', ['dmarc.psd_unexpected']],
    ['broken.test', ['dmarc.lookup_failed']],
    ['slow.test', ['dmarc.lookup_failed']],
    ['nothing.test', ['dmarc.missing']],
  ])('%s → %j', async (domain, expected) => {
    expect(codes(await check(domain))).toEqual(expected);
  });

  it('reads commas instead of semicolons as one broken value', async () => {
    const dmarc = await check('comma.test');
    expect(codes(dmarc)).toEqual(['dmarc.p_missing', 'dmarc.rua_missing', 'dmarc.version_invalid']);
    expect(dmarc.tags.v).toBe('DMARC1, p=reject, rua=mailto:dmarc@comma.test');
  });

  it('rejects report URIs without mailto:, with a bad size, or another scheme', async () => {
    const dmarc = await check('badrua.test');
    expect(codes(dmarc)).toEqual(['dmarc.uri_invalid', 'dmarc.uri_invalid', 'dmarc.uri_scheme']);
    expect(dmarc.findings[0].message).toMatch(/needs "mailto:"/);
  });

  it('accepts a size limit, and notes fo= without ruf=', async () => {
    const dmarc = await check('size.test');
    expect(codes(dmarc)).toEqual(['dmarc.fo_without_ruf']);
    expect(dmarc.report_destinations[0]).toMatchObject({ uri: 'mailto:dmarc@size.test!10m', host: 'size.test' });
  });

  it('never calls a failed lookup a missing record', async () => {
    const dmarc = await check('broken.test');
    expect(dmarc.record).toBeNull();
    expect(dmarc.findings[0].message).toMatch(/ESERVFAIL/);
  });
});

describe('policies, pct and DMARCbis', () => {
  it.each([
    ['none.test', ['dmarc.policy_none']],
    ['pct50.test', ['dmarc.pct_deprecated']],
    ['pct50t.test', ['dmarc.pct_transition', 'dmarc.testing']],
    ['pct100.test', ['dmarc.pct_redundant']],
    ['legacy.test', ['dmarc.tag_deprecated']],
  ])('%s → %j', async (domain, expected) => {
    expect(codes(await check(domain))).toEqual(expected);
  });

  it('tells to publish t=y and keep pct for RFC 7489 receivers', async () => {
    const [f] = (await check('pct50.test')).findings;
    expect(f).toMatchObject({ severity: 'warning', fix: 'Add t=y (DMARCbis testing mode); keep pct=50 for RFC 7489 receivers during the transition.' });
  });
});

describe('external report destinations', () => {
  it('flags a destination outside the organisation without the authorisation record', async () => {
    const dmarc = await check('ext.test');
    expect(codes(dmarc)).toEqual(['dmarc.external_unauthorised']);
    expect(dmarc.findings[0].message).toContain('ext.test._report._dmarc.collector.example');
    expect(dmarc.report_destinations.map((d) => [d.host, d.external, d.authorised])).toEqual([
      ['collector.example', true, false],
      ['ext.test', false, true],
    ]);
  });

  it('accepts an authorised one (and a subdomain of our own is not external)', async () => {
    const dmarc = await check('ext-ok.test');
    expect(codes(dmarc)).toEqual([]);
    expect(dmarc.report_destinations.map((d) => [d.tag, d.host, d.external, d.authorised])).toEqual([
      ['rua', 'collector.example', true, true],
      ['ruf', 'mail.ext-ok.test', false, true],
    ]);
  });
});

describe('the DNS tree walk', () => {
  it('finds the organisational domain’s record for a subdomain without one', async () => {
    const dmarc = await check('sub.org.test');
    expect(codes(dmarc)).toEqual(['dmarc.inherited']);
    expect(dmarc).toMatchObject({ record: 'v=DMARC1; p=reject; sp=quarantine; rua=mailto:dmarc@org.test', policy_domain: 'org.test', inherited: true });
    expect(dmarc.findings[0].message).toContain('its subdomain policy: quarantine');
    expect(dmarc.walk.map((s) => [s.name, s.result])).toEqual([
      ['sub.org.test', 'none'],
      ['org.test', 'record'],
      ['test', 'none'],
    ]);
    expect(dmarc.organizational_domain).toEqual({ tree_walk: 'org.test', psl: 'org.test' });
  });

  it('stops at a psd=y record and takes the name one label below it as the organisational domain', async () => {
    const dmarc = await check('x.shop.registry.test');
    expect(codes(dmarc)).toEqual(['dmarc.inherited', 'dmarc.org_domain_mismatch']);
    expect(dmarc.walk.map((s) => [s.name, s.result, s.psd])).toEqual([
      ['x.shop.registry.test', 'none', 'u'],
      ['shop.registry.test', 'none', 'u'],
      ['registry.test', 'record', 'y'],
    ]);
    expect(dmarc.organizational_domain).toEqual({ tree_walk: 'shop.registry.test', psl: 'registry.test' });
    expect(dmarc).toMatchObject({ policy_domain: 'registry.test', inherited: true });
  });

  it('sends at most 8 queries, jumping to 7 labels on long names', async () => {
    const long = 'a.b.c.d.e.f.g.h.i.test';
    expect(treeWalkTargets(long)).toEqual([long, 'd.e.f.g.h.i.test', 'e.f.g.h.i.test', 'f.g.h.i.test', 'g.h.i.test', 'h.i.test', 'i.test', 'test']);
    const before = dns.queries.length;
    const dmarc = await check(long);
    const asked = dns.queries.slice(before).filter((q) => q.startsWith('TXT _dmarc.'));
    expect(asked).toHaveLength(8);
    expect(codes(dmarc)).toEqual(['dmarc.missing']);
  });
});
