import { describe, expect, it } from 'vitest';
import { parseDmarc } from '../../../lib/dns';
import { classifyPublished, computeImpact, readPublishedPolicy, settingsFromRow, stageRecord, STAGES, suggestDmarcRecord, DEFAULT_ENFORCEMENT_SETTINGS, nextStage, type TStage } from '../../../lib/enforcement';
import { daysAtStage } from '../../../lib/enforcement/days-at-stage';
import type { TSenderMapSource } from '../../../lib/sources';

const D = 'example.com';
const stageOf = (record: string | null) => classifyPublished(readPublishedPolicy(record, D));
const options = { ruaAddress: 'reports@atlas.example', testingPct: 25 };

describe('the stage a published record puts a domain at', () => {
  it.each([
    [null, 'unpublished'],
    ['v=DMARC1; p=none; rua=mailto:d@example.com', 'monitoring'],
    ['v=DMARC1; rua=mailto:d@example.com', 'monitoring'], // no p: read as none
    ['p=reject; v=DMARC1', 'unpublished'], // v= not first: receivers ignore it
    ['v=DMARC1; p=quarantine; pct=10', 'quarantine_testing'], // RFC 7489 partial
    ['v=DMARC1; p=quarantine; t=y', 'quarantine_testing'], // DMARCbis testing
    ['v=DMARC1; p=quarantine; pct=100', 'quarantine'],
    ['v=DMARC1; p=REJECT; pct=50; t=y', 'reject_testing'],
    ['v=DMARC1; p=reject; sp=none', 'reject'],
    ['v=DMARC1; p=reject; np=quarantine', 'reject'],
    ['v=DMARC1; p=reject', 'subdomains'], // sp and np inherit reject
    ['v=DMARC1; p=reject; sp=reject; np=reject; t=n', 'subdomains'],
  ] as const)('%s → %s', (record, stage) => {
    expect(stageOf(record)).toBe(stage);
  });

  it('orders the stages, ending after the subdomains', () => {
    expect(nextStage('unpublished')).toBe('monitoring');
    expect(STAGES.map((s) => nextStage(s))).toEqual(['quarantine_testing', 'quarantine', 'reject_testing', 'reject', 'subdomains', null]);
  });
});

describe('the record of each stage', () => {
  const published = readPublishedPolicy('v=DMARC1; p=none; rua=mailto:dmarc@example.com; ruf=mailto:f@example.com; fo=1; adkim=s; rf=afrf; ri=3600; pct=100; x=1', D);

  it.each(STAGES.map((s) => [s]))('%s: a record both kinds of receivers read as that stage, nothing lost', (stage: TStage) => {
    const record = stageRecord(stage, D, published, options);
    expect(record.name).toBe('_dmarc.example.com');
    expect(stageOf(record.value)).toBe(stage);
    const parsed = parseDmarc(record.value, D);
    expect(parsed.usable).toBe(true);
    // Only the notes a stage implies: monitoring is p=none; testing keeps pct for RFC 7489
    // receivers; subdomains stay at the policy they had until their own stage (sp weaker).
    const allowed = new Set(['dmarc.policy_none', 'dmarc.testing', 'dmarc.pct_transition', 'dmarc.sp_weaker']);
    expect(parsed.findings.filter((f) => !allowed.has(f.code))).toEqual([]);
    expect(record.value).toContain('rua=mailto:dmarc@example.com,mailto:reports@atlas.example');
    expect(record.value).toContain('ruf=mailto:f@example.com; adkim=s; fo=1');
    expect(record.value).not.toMatch(/\b(rf|ri|x)=/);
  });

  it('tests with pct for RFC 7489 receivers and t=y for DMARCbis ones', () => {
    expect(stageRecord('quarantine_testing', D, published, options).value).toMatch(/^v=DMARC1; p=quarantine; sp=none; pct=25; t=y; /);
    expect(stageRecord('reject_testing', D, published, { ...options, testingPct: 10 }).value).toMatch(/^v=DMARC1; p=reject; sp=none; pct=10; t=y; /);
    expect(stageRecord('subdomains', D, published, options).value).toMatch(/^v=DMARC1; p=reject; rua=/);
  });

  it('never weakens the subdomain policy in force until the subdomain stage', () => {
    const quarantined = readPublishedPolicy('v=DMARC1; p=quarantine; rua=mailto:d@example.com', D);
    expect(stageRecord('reject', D, quarantined, options).value).toMatch(/^v=DMARC1; p=reject; sp=quarantine; rua=/);
    const np = readPublishedPolicy('v=DMARC1; p=quarantine; sp=none; np=reject', D);
    expect(stageRecord('reject_testing', D, np, options).value).toMatch(/^v=DMARC1; p=reject; sp=none; np=reject; pct=25; t=y; /);
  });

  it('says when no report address is known', () => {
    const none = readPublishedPolicy(null, D);
    expect(stageRecord('monitoring', D, none, { ruaAddress: null, testingPct: 25 })).toEqual({ name: '_dmarc.example.com', value: 'v=DMARC1; p=none; rua=mailto:<your Atlas report address>', ruaMissing: true });
    expect(stageRecord('monitoring', D, none, options).value).toBe('v=DMARC1; p=none; rua=mailto:reports@atlas.example');
  });
});

describe('the record Settings › Domains suggests', () => {
  it('keeps a published p=reject and adds the report address', () => {
    expect(suggestDmarcRecord(D, 'v=DMARC1; p=reject; rua=mailto:d@example.com', 'reports@atlas.example')).toMatchObject({
      value: 'v=DMARC1; p=reject; rua=mailto:d@example.com,mailto:reports@atlas.example',
      basis: 'published',
      unchanged: false,
    });
    expect(suggestDmarcRecord(D, 'v=DMARC1; p=reject; sp=none', 'reports@atlas.example').value).toBe('v=DMARC1; p=reject; sp=none; rua=mailto:reports@atlas.example');
  });

  it('has nothing to change when reports already reach Atlas', () => {
    const record = 'v=DMARC1; p=quarantine; rua=mailto:Reports@atlas.example';
    expect(suggestDmarcRecord(D, record, 'reports@atlas.example')).toMatchObject({ value: record, unchanged: true });
  });

  it('starts with monitoring when nothing is published', () => {
    expect(suggestDmarcRecord(D, null, null)).toEqual({ name: '_dmarc.example.com', value: 'v=DMARC1; p=none; rua=mailto:<your Atlas report address>', basis: 'start', unchanged: false, ruaMissing: true });
  });
});

describe('the impact of a policy', () => {
  const source = (key: string, verdict: TSenderMapSource['verdict']['verdict']) => ({ key, label: key, verdict: { verdict } }) as TSenderMapSource;
  const sources = [source('a', 'authorised_failing'), source('b', 'unknown'), source('c', 'forwarder')];
  const failures = [
    { key: 'a', failing: 10, failingSub: 0 },
    { key: 'b', failing: 7, failingSub: 4 },
    { key: 'c', failing: 1, failingSub: 0 },
  ];

  it('applies pct to quarantine and leaves subdomains under their own policy', () => {
    const impact = computeImpact({ failing: 22, failures, sources, apex: { policy: 'quarantine', share: 0.25 }, sub: { policy: 'none', share: 0.25 } });
    expect(impact.sources).toEqual([
      { key: 'a', label: 'a', verdict: 'authorised_failing', messages: 3, rejected: 0 },
      { key: 'b', label: 'b', verdict: 'unknown', messages: 2, rejected: 0 },
    ]);
    expect(impact).toMatchObject({ failing: 22, messages: 5, byVerdict: { authorised_passing: 0, authorised_failing: 3, forwarder: 0, unknown: 2 } });
  });

  it('acts on every failing message under reject in testing (the rest is quarantined)', () => {
    const impact = computeImpact({ failing: 22, failures, sources, apex: { policy: 'reject', share: 0.5 }, sub: { policy: 'reject', share: 0.5 } });
    expect(impact.messages).toBe(22);
    expect(impact.sources.find((s) => s.key === 'b')).toMatchObject({ messages: 11, rejected: 6 });
  });
});

describe('days at the current stage', () => {
  const p = (day: string, policy: string, messages = 10) => ({ day, p: policy, sp: null, np: null, pct: '100', testing: null, reports: 1, messages });

  it('counts back over the days whose reports show the stage, up to the window’s end', () => {
    const policies = [p('2026-03-01', 'none'), p('2026-03-02', 'quarantine'), p('2026-03-03', 'quarantine'), p('2026-03-03', 'none', 2)];
    expect(daysAtStage('quarantine', policies, new Date('2026-03-04T00:00:00Z'), null)).toBe(2);
    expect(daysAtStage('reject', policies, new Date('2026-03-04T00:00:00Z'), null)).toBe(0);
    expect(daysAtStage('reject', policies, new Date('2026-03-04T00:00:00Z'), new Date('2026-03-01T12:00:00Z'))).toBe(2);
  });
});

describe('stored thresholds', () => {
  it('fall back to the default value by value', () => {
    expect(settingsFromRow(null)).toEqual(DEFAULT_ENFORCEMENT_SETTINGS);
    expect(settingsFromRow({ passShare: 0.9, windowDays: -3, majorReporters: ['bogus'] })).toEqual({ ...DEFAULT_ENFORCEMENT_SETTINGS, passShare: 0.9 });
  });
});
