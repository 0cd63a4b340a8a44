import { describe, expect, it } from 'vitest';
import { fixAdvice, type TDomainSpfFacts } from '../../../lib/sources/advice/fix-advice';
import { serviceById } from '../../../lib/sources/catalogue';
import type { TSenderService } from '../../../lib/sources/types';
import { decideVerdict, type TDecision, type TVerdictInput, type TVerdictStats } from '../../../lib/sources/verdicts/decide-verdict';

// Verdicts for each kind of source, on hand-made aggregates (the SQL side is covered by
// tests/integration/enrichment/sender-map.test.ts).

const DOMAIN = 'example.com';

function stats(partial: Partial<TVerdictStats>): TVerdictStats {
  return { messages: 1000, dmarcPass: 0, dkimAligned: 0, spfAligned: 0, forwardedFail: 0, dkimPassUnaligned: 0, spfDomains: [], ...partial };
}

function input(partial: Partial<TVerdictInput> & { stats: TVerdictStats }): TVerdictInput {
  return { domain: DOMAIN, service: null, serviceType: null, decision: null, spfIncludes: [], selectorsFound: [], ...partial };
}

const svc = (id: string): TSenderService => {
  const s = serviceById(id);
  if (!s) throw new Error(id);
  return s;
};

describe('decideVerdict', () => {
  it('authorised, passing: a known service whose mail passes aligned', () => {
    const v = decideVerdict(input({ service: svc('google-workspace'), stats: stats({ dmarcPass: 990, dkimAligned: 985, spfAligned: 960, spfDomains: [{ domain: DOMAIN, messages: 1000, pass: 960, aligned: 960 }] }) }));
    expect(v).toMatchObject({ verdict: 'authorised_passing', authorisedBy: 'alignment' });
  });

  it('authorised, failing: a service the domain includes in SPF, failing alignment', () => {
    const v = decideVerdict(input({ service: svc('sendgrid'), spfIncludes: ['sendgrid.net'], stats: stats({ dmarcPass: 0, dkimPassUnaligned: 1000, spfDomains: [{ domain: 'sendgrid.net', messages: 1000, pass: 1000, aligned: 0 }] }) }));
    expect(v).toMatchObject({ verdict: 'authorised_failing', authorisedBy: 'spf-include' });
    expect(v.reasons[0]).toMatch(/includes sendgrid\.net/);
  });

  it('names each share for what it is: aligned DKIM, aligned SPF and the DMARC pass rate', () => {
    // 35 % pass DMARC: 28 % through aligned DKIM, 10 % through aligned SPF (some both).
    const v = decideVerdict(input({ stats: stats({ dmarcPass: 350, dkimAligned: 280, spfAligned: 100, spfDomains: [{ domain: DOMAIN, messages: 1000, pass: 100, aligned: 100 }] }) }));
    expect(v).toMatchObject({ verdict: 'authorised_failing', authorisedBy: 'alignment' });
    const text = v.reasons.join(' ');
    expect(text).toContain('aligned DKIM 28%');
    expect(text).toContain('aligned SPF 10%');
    expect(text).toContain('Only 35% of its mail passes DMARC');
    expect(text).not.toMatch(/35% of its mail passes aligned/);
  });

  it('authorised by a published DKIM selector of the service', () => {
    const v = decideVerdict(input({ service: svc('mailchimp'), selectorsFound: ['k2'], stats: stats({ dmarcPass: 10 }) }));
    expect(v).toMatchObject({ verdict: 'authorised_failing', authorisedBy: 'dkim-selector' });
  });

  it('forwarder: receivers excused the failures as forwarded', () => {
    const v = decideVerdict(input({ stats: stats({ dmarcPass: 700, dkimAligned: 700, forwardedFail: 300, spfDomains: [{ domain: 'fwd.example.net', messages: 1000, pass: 1000, aligned: 0 }] }) }));
    expect(v.verdict).toBe('forwarder');
  });

  it('forwarder: aligned DKIM survives, SPF never aligns, the envelope is the forwarder’s', () => {
    const v = decideVerdict(input({ serviceType: 'hosting', stats: stats({ dmarcPass: 1000, dkimAligned: 1000, spfDomains: [{ domain: 'srs.forwarder.example', messages: 1000, pass: 1000, aligned: 0 }] }) }));
    expect(v.verdict).toBe('forwarder');
  });

  it('forwarder: a known mailing-list service', () => {
    expect(decideVerdict(input({ service: svc('google-groups'), stats: stats({}) })).verdict).toBe('forwarder');
  });

  it('not a forwarder when the envelope is a sending service’s (SES on an AWS address)', () => {
    const v = decideVerdict(input({ service: svc('aws'), stats: stats({ dmarcPass: 900, dkimAligned: 900, spfDomains: [{ domain: 'amazonses.com', messages: 1000, pass: 1000, aligned: 0 }] }) }));
    expect(v).toMatchObject({ verdict: 'authorised_failing', authorisedBy: 'alignment' });
  });

  it('unknown / likely spoofing: nobody approved it and it fails', () => {
    const v = decideVerdict(input({ serviceType: 'hosting', stats: stats({ spfDomains: [{ domain: DOMAIN, messages: 1000, pass: 0, aligned: 0 }] }) }));
    expect(v.verdict).toBe('unknown');
    const shadow = decideVerdict(input({ service: svc('mailchimp'), stats: stats({ dkimPassUnaligned: 1000 }) }));
    expect(shadow.verdict).toBe('unknown');
  });

  it('a user decision outranks the heuristics, both ways', () => {
    const spoofing = input({ stats: stats({}) });
    const approved: TDecision = { decision: 'approved', label: 'Billing server', by: 'ops@example.com', at: new Date('2026-01-02T00:00:00Z') };
    expect(decideVerdict(spoofing).verdict).toBe('unknown');
    const flipped = decideVerdict({ ...spoofing, decision: approved });
    expect(flipped).toMatchObject({ verdict: 'authorised_failing', authorisedBy: 'decision' });
    expect(flipped.reasons[0]).toMatch(/Approved by ops@example\.com on 2026-01-02/);
    const google = input({ service: svc('google-workspace'), stats: stats({ dmarcPass: 1000, dkimAligned: 1000 }) });
    expect(decideVerdict({ ...google, decision: { ...approved, decision: 'rejected' } }).verdict).toBe('unknown');
  });
});

describe('fixAdvice', () => {
  const spf = (lookups: number, includes: string[] = []): TDomainSpfFacts => ({ status: 'ok', record: 'v=spf1 … -all', lookups, includes });

  it('names the signing domain and the service’s own fix (SendGrid)', () => {
    const service = svc('sendgrid');
    const s = { ...stats({ dmarcPass: 100, dkimAligned: 100, dkimPassUnaligned: 900, spfDomains: [{ domain: 'sendgrid.net', messages: 1000, pass: 1000, aligned: 0 }] }), spfPassUnaligned: 1000, dkimDomains: [{ domain: 'sendgrid.net', messages: 900, pass: 900, aligned: 0 }] };
    const verdict = decideVerdict(input({ service, spfIncludes: ['sendgrid.net'], stats: s }));
    const advice = fixAdvice({ domain: DOMAIN, label: 'SendGrid', stats: s, service, verdict, spf: spf(4, ['sendgrid.net']), includeCost: () => 1, servicesSeen: new Set(['sendgrid']) });
    expect(advice.items[0]).toMatch(/^SendGrid signs 90% of this mail with d=sendgrid\.net, not example\.com: enable domain authentication in SendGrid .*s1\._domainkey\.example\.com/);
  });

  it('counts the SPF lookups an include would add and says what to drop past 10', () => {
    const service = svc('mailchimp');
    const s = { ...stats({ dmarcPass: 500, dkimAligned: 500, spfDomains: [{ domain: DOMAIN, messages: 1000, pass: 0, aligned: 0 }] }), spfPassUnaligned: 0, dkimDomains: [{ domain: DOMAIN, messages: 1000, pass: 500, aligned: 500 }] };
    const verdict = decideVerdict(input({ service, stats: s, decision: { decision: 'approved', label: null, by: 'cli', at: new Date() } }));
    const within = fixAdvice({ domain: DOMAIN, label: 'Mailchimp', stats: s, service, verdict, spf: spf(6), includeCost: () => 2, servicesSeen: new Set(['mailchimp']) });
    expect(within.items.join(' ')).toMatch(/adding include:servers\.mcsv\.net would take the SPF record of example\.com to 8 DNS lookups \(limit 10\): add it\./);
    const over = fixAdvice({ domain: DOMAIN, label: 'Mailchimp', stats: s, service, verdict, spf: spf(9, ['_spf.salesforce.com', 'spf.protection.outlook.com']), includeCost: () => 2, servicesSeen: new Set(['mailchimp', 'microsoft-365']) });
    expect(over.items.join(' ')).toMatch(/to 11 DNS lookups, over the limit of 10: flatten the record or drop include:_spf\.salesforce\.com/);
  });

  it('has nothing to fix for passing sources and says so for forwarders', () => {
    const s = { ...stats({ dmarcPass: 1000, dkimAligned: 1000 }), spfPassUnaligned: 0, dkimDomains: [] };
    const passing = decideVerdict(input({ service: svc('google-workspace'), stats: s }));
    expect(fixAdvice({ domain: DOMAIN, label: 'Google', stats: s, service: svc('google-workspace'), verdict: passing, spf: spf(3), includeCost: () => null, servicesSeen: new Set() }).items).toEqual([]);
  });

  // Signing and envelope domains come from reports anyone can mail in: one that is not a host
  // name is never quoted back as advice (the figures still count its messages).
  it.each([
    ['a space and a call to action', 'call +1 555 0100 now.example'],
    ['markup', '<img src=x>.example'],
    ['an address', 'support@attacker.example'],
    ['an overlong label', `${'a'.repeat(64)}.example`],
  ])('quotes no DKIM or SPF domain that is not a host name (%s)', (_what, hostile) => {
    const service = svc('sendgrid');
    const s = {
      ...stats({ dmarcPass: 100, dkimAligned: 100, dkimPassUnaligned: 900, spfDomains: [{ domain: hostile, messages: 1000, pass: 1000, aligned: 0 }] }),
      spfPassUnaligned: 1000,
      dkimDomains: [{ domain: hostile, messages: 900, pass: 900, aligned: 0 }],
    };
    const verdict = decideVerdict(input({ service, spfIncludes: ['sendgrid.net'], stats: s }));
    const advice = fixAdvice({ domain: DOMAIN, label: 'SendGrid', stats: s, service, verdict, spf: spf(4, ['sendgrid.net']), includeCost: () => 1, servicesSeen: new Set(['sendgrid']) });
    expect(advice.items.length).toBeGreaterThan(0);
    for (const item of advice.items) expect(item).not.toContain(hostile);
    // The advice still says what fails, without the hostile name.
    expect(advice.items[0]).toMatch(/^Only 10% of SendGrid mail carries a valid DKIM signature aligned with example\.com/);
  });
});
