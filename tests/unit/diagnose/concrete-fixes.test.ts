import { describe, expect, it } from 'vitest';
import { concreteFixes, includesToFlatten, type TDomainEvidence, type TIpHealthEvidence } from '@/lib/diagnose';

// The steps for one case, from the evidence alone (pure): what to flatten, which source to fix
// and how, what a listing or a missing PTR asks for.

function evidence(over: Partial<TDomainEvidence> = {}): TDomainEvidence {
  return {
    domain: 'example.com',
    sender_domain: 'example.com',
    window: { from: '2026-11-01', to: '2026-12-01' },
    dmarc: { p: 'quarantine', sp: null, pct: '50', adkim: 'r', aspf: 'r', reporter: 'Outlook.com', seen_at: '2026-11-30T23:59:59.000Z' },
    spf: { status: 'ok', record: 'v=spf1 -all', lookups: 4, limit: 10, errors: [], checked_at: null, includes: [], flatten: [] },
    dkim_selectors: [],
    source: null,
    address: null,
    ...over,
  };
}

const health = (over: Partial<TIpHealthEvidence> = {}): TIpHealthEvidence => ({
  ip: '198.51.100.7',
  checked: 'live',
  checked_at: '2026-12-01T10:00:00.000Z',
  fcrdns: { status: 'pass', ptr: 'mail.example.com', names: ['mail.example.com'], error: null },
  dnsbl: [{ zone: 'zen.spamhaus.org', status: 'not_listed', codes: [], meanings: [], txt: null, error: null }],
  listed_on: [],
  ...over,
});

describe('includesToFlatten', () => {
  it('takes the most expensive includes until the record fits, skipping leaves', () => {
    const includes = [
      { include: 'big.example', cost: 5 },
      { include: 'mid.example', cost: 3 },
      { include: 'leaf.example', cost: 1 },
    ];
    expect(includesToFlatten(9, includes)).toEqual([]);
    expect(includesToFlatten(13, includes)).toEqual(['big.example']);
    expect(includesToFlatten(16, includes)).toEqual(['big.example', 'mid.example']);
    expect(includesToFlatten(30, [{ include: 'leaf.example', cost: 1 }, { include: 'unknown.example', cost: null }])).toEqual([]);
  });
});

describe('concreteFixes', () => {
  it('leads a DMARC rejection with the unauthorised source and says the policy did its job if it is not yours', () => {
    const fixes = concreteFixes(
      'dmarc_policy',
      evidence({
        source: {
          key: 'asn:63949', label: 'AS63949 Akamai', service: null, type: 'hosting', verdict: 'unknown', verdict_label: 'Unknown / likely spoofing', reasons: [],
          messages: 40, dmarc_pass_rate: 0, spf_aligned_rate: 0, dkim_aligned_rate: 0, dkim_domains: [], spf_domains: [], selectors: [], advice: [], addresses: 2,
          first_day: '2026-11-20', last_day: '2026-11-28',
        },
      }),
      null,
      '45.33.1.1',
    );
    expect(fixes[0]).toMatch(/^45\.33\.1\.1 belongs to AS63949 Akamai on the sender map of example\.com, which is not authorised: 0% of its 40 messages passed DMARC/);
    expect(fixes[0]).toMatch(/If it is not yours, the bounce is DMARC doing its job/);
    expect(fixes[1]).toMatch(/^example\.com publishes p=quarantine pct=50 \(as Outlook\.com last reported\)/);
  });

  it('names the SPF PermError and the include to flatten only for authentication failures', () => {
    const e = evidence({ spf: { status: 'ok', record: 'v=spf1 …', lookups: 13, limit: 10, errors: [], checked_at: null, includes: [{ include: 'spf.crm.example', cost: 6 }], flatten: ['spf.crm.example'] } });
    expect(concreteFixes('spf_fail', e, null, null).join('\n')).toMatch(/needs 13 DNS lookups, over the limit of 10.*flatten include:spf\.crm\.example \(6 lookups\)/);
    expect(concreteFixes('recipient_rejected', e, null, null)).toEqual([]);
    expect(concreteFixes('spf_fail', evidence({ spf: { ...e.spf, status: 'none', lookups: 0, flatten: [] } }), null, null)[0]).toMatch(/publishes no SPF record/);
  });

  it('turns listings and reverse DNS into steps for the address', () => {
    const listed = health({
      dnsbl: [
        { zone: 'zen.spamhaus.org', status: 'listed', codes: ['127.0.0.4'], meanings: ['XBL: exploited or infected host (CBL)'], txt: 'https://check.spamhaus.org/', error: null },
        { zone: 'bl.spamcop.net', status: 'error', codes: [], meanings: [], txt: null, error: 'DNS timeout' },
      ],
      listed_on: ['zen.spamhaus.org'],
      fcrdns: { status: 'mismatch', ptr: 'host.isp.example', names: ['host.isp.example'], error: null },
    });
    const fixes = concreteFixes('ip_reputation', null, listed, listed.ip);
    expect(fixes[0]).toMatch(/^198\.51\.100\.7 is listed on zen\.spamhaus\.org \(XBL: exploited or infected host \(CBL\)\)/);
    expect(fixes[1]).toMatch(/The PTR name of 198\.51\.100\.7 \(host\.isp\.example\) does not resolve back/);
    expect(fixes[2]).toMatch(/bl\.spamcop\.net gave no usable answer \(DNS timeout\)/);
    // A clean, confirmed address with a receiver's block: the receiver's own list.
    expect(concreteFixes('ip_reputation', null, health(), '198.51.100.7')[0]).toMatch(/on none of the checked lists .*the receiver's own list/);
    expect(concreteFixes('no_reverse_dns', null, health({ fcrdns: { status: 'fail', ptr: null, names: [], error: null } }), null)[0]).toMatch(/has no reverse DNS \(no PTR record\)/);
  });
});
