import type { TDigestInput } from '../../../lib/notify';

// Digests as the digest query would fill them, for rendering tests and the sample screenshots.

type TDomainInput = TDigestInput['domains'][number];

export const BASE_URL = 'https://atlas.example.test';
export const UNSUBSCRIBE_URL = 'https://atlas.example.test/unsubscribe?token=u1.7.digest.sample';

export function busyDomain(overrides: Partial<TDomainInput> = {}): TDomainInput {
  return {
    domain: 'example.com',
    messages: 12_345,
    dmarcPass: 12_120,
    previous: { messages: 11_002, dmarcPass: 10_760 },
    reports: 41,
    reporters: 6,
    lastReportAt: '2026-05-10T23:59:59Z',
    verdicts: {
      authorised_passing: { sources: 5, messages: 11_890 },
      authorised_failing: { sources: 2, messages: 260 },
      forwarder: { sources: 3, messages: 75 },
      unknown: { sources: 4, messages: 120 },
    },
    newSources: {
      total: 3,
      top: [
        { label: 'Mailchimp', detail: '198.51.100.7 · AS64500 · US', verdict: 'authorised_failing', messages: 210, dmarcPass: 12 },
        { label: 'vps-12.hosting.example', detail: '203.0.113.9 · NL', verdict: 'unknown', messages: 88, dmarcPass: 0 },
      ],
    },
    worstFailing: [
      {
        label: 'Mailchimp',
        detail: '198.51.100.7',
        verdict: 'authorised_failing',
        messages: 210,
        dmarcPass: 12,
        path: '/domains/example.com/sources?source=svc%3Amailchimp',
        advice: ['Mailchimp signs 94% of this mail with d=mcsv.net, not example.com: set up a custom DKIM domain in Mailchimp (Settings › Domains › Authenticate).'],
      },
      { label: 'vps-12.hosting.example', detail: '203.0.113.9', verdict: 'unknown', messages: 88, dmarcPass: 0, advice: ['Not authorised: if this is yours, approve it; otherwise p=quarantine or p=reject will stop this mail.'] },
    ],
    spoofing: { messages: 118, quarantined: 0, rejected: 0 },
    policy: { record: 'v=DMARC1; p=none; rua=mailto:dmarc@atlas.example.test; fo=1', p: 'none' },
    enforcement: {
      stage: 'Monitoring (p=none)',
      next: { label: 'Quarantine in testing (p=quarantine; t=y)', record: 'v=DMARC1; p=quarantine; t=y; rua=mailto:dmarc@atlas.example.test; fo=1' },
      gatesHold: false,
      gates: [
        { label: 'Authorised mail passing', holds: true, detail: '99.1% (needs 98%)' },
        { label: 'No authorised source failing above 1% of volume', holds: false, detail: 'Mailchimp: 1.6% of volume' },
        { label: '14 days at this stage', holds: true, detail: null },
      ],
    },
    ...overrides,
  };
}

export function quietDomain(domain: string, lastReportAt: string | null): TDomainInput {
  return {
    domain,
    messages: 0,
    dmarcPass: 0,
    previous: null,
    reports: 0,
    reporters: 0,
    lastReportAt,
    verdicts: {
      authorised_passing: { sources: 0, messages: 0 },
      authorised_failing: { sources: 0, messages: 0 },
      forwarder: { sources: 0, messages: 0 },
      unknown: { sources: 0, messages: 0 },
    },
    newSources: { total: 0, top: [] },
    worstFailing: [],
    spoofing: { messages: 0, quarantined: 0, rejected: 0 },
    policy: { record: 'v=DMARC1; p=reject; rua=mailto:dmarc@atlas.example.test', p: 'reject' },
  };
}

export function digestOf(domains: TDomainInput[], overrides: Partial<TDigestInput> = {}): TDigestInput {
  return {
    user: { id: 7, email: 'ann@example.com', name: 'Ann', timeZone: 'Europe/Berlin' },
    week: { from: '2026-05-04', to: '2026-05-11' },
    scope: domains.length === 1 ? domains[0].domain : 'All domains',
    domains,
    generatedAt: '2026-05-11T06:00:00Z',
    ...overrides,
  };
}

/** Three domains: a busy one, a second busy one, and one without reports this week. */
export function severalDomains(): TDigestInput {
  return digestOf([
    busyDomain(),
    busyDomain({
      domain: 'shop.example.org',
      messages: 2_040,
      dmarcPass: 1_530,
      previous: { messages: 1_990, dmarcPass: 1_700 },
      reports: 12,
      reporters: 3,
      worstFailing: [],
      newSources: { total: 0, top: [] },
      enforcement: null,
      verdicts: {
        authorised_passing: { sources: 2, messages: 1_500 },
        authorised_failing: { sources: 1, messages: 400 },
        forwarder: { sources: 0, messages: 0 },
        unknown: { sources: 2, messages: 140 },
      },
      spoofing: { messages: 140, quarantined: 30, rejected: 100 },
      policy: { record: 'v=DMARC1; p=quarantine; pct=100', p: 'quarantine' },
    }),
    quietDomain('quiet.example.net', '2026-04-20T00:00:00Z'),
  ]);
}
