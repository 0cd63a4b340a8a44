import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enforceCommand } from '../../../cli/commands/enforce';
import { checkDomainDns } from '../../../lib/dns';
import { advanceStage, checkDomainNow, evaluateEnforcement, enforcementJson, nextStepSummary, runDnsWatch, saveEnforcementSettings, type TEnforcement } from '../../../lib/enforcement';
import { ingestBuffer } from '../../../lib/ingest';
import { prisma } from '../../../lib/platform/db/prisma';
import { createResolver } from '../../../lib/platform/dns';
import { useTestDatabase } from '../../helpers/db';
import { startDnsZoneServer, type TDnsZoneServer } from '../../helpers/dns-zone-server';
import { one, ownDomains, rows } from '../ingest/helpers';
import { craftedReports, craftedXml, DAY_S, dayRecords } from './crafted-reports';

// The wizard's figures on crafted reports ingested through the real pipeline, checked against
// SQL over the stored reports and records (not the rollups the code reads), with DMARC, SPF and
// DKIM served by a DNS server on loopback.

const DOMAIN = 'enforce.example';
const AS_OF = '2026-03-31';
const asOf = new Date(`${AS_OF}T00:00:00Z`);
const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 1000;
const RUA = 'reports@atlas.example';
const MONITORING = `v=DMARC1; p=none; rua=mailto:dmarc@${DOMAIN}`;

let dns: TDnsZoneServer;
let domain: { id: number; name: string; organizationId: number };
const scope = () => ({ organizationIds: [domain.organizationId], domainIds: [domain.id] });
const resolver = () => createResolver({ dnsServers: [dns.address], dnsTimeoutMs: 500, dnsTries: 1 });

async function evaluate(): Promise<TEnforcement> {
  const check = await checkDomainDns(DOMAIN, { resolver: resolver(), reportSelectors: ['s1'] });
  return evaluateEnforcement({ scope: scope(), domain, dns: { check, checkedAt: new Date() }, asOf, ruaAddress: RUA });
}

/** Messages of the domain's reports between two instants, each report weighed by its share of seconds inside. */
async function truth(from: string, to: string, where: string): Promise<{ ip: string; sub: boolean; messages: number }[]> {
  const result = await rows<{ ip: string; sub: boolean; messages: string }>(
    `SELECT host(rr.source_ip) AS ip, rr.header_from <> $4 AS sub,
            sum(rr.count * greatest(0, extract(epoch FROM least(r.end_at, $3::timestamptz) - greatest(r.begin_at, $2::timestamptz)))
                / extract(epoch FROM r.end_at - r.begin_at))::text AS messages
       FROM report r JOIN report_record rr ON rr.report_id = r.id
      WHERE r.domain_id = $1 AND (${where})
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [domain.id, `${from}T00:00:00Z`, `${to}T00:00:00Z`, DOMAIN],
  );
  return result.map((r) => ({ ip: r.ip, sub: r.sub, messages: Number(r.messages) })).filter((r) => r.messages > 0);
}
const FAILING = "rr.policy_dkim <> 'pass' AND rr.policy_spf <> 'pass'";
const sum = (list: { messages: number }[]) => list.reduce((n, r) => n + r.messages, 0);

beforeAll(async () => {
  await useTestDatabase();
  const ids = await ownDomains('Enforce Co', [DOMAIN]);
  domain = (await prisma().domain.findUniqueOrThrow({ where: { id: ids.get(DOMAIN)! }, select: { id: true, name: true, organizationId: true } }));
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  dns = await startDnsZoneServer({
    [`_dmarc.${DOMAIN}`]: { TXT: [MONITORING] },
    [DOMAIN]: { TXT: ['v=spf1 ip4:198.51.100.0/24 ip4:203.0.113.0/24 -all'] },
    [`s1._domainkey.${DOMAIN}`]: { TXT: [`v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`] },
  });
  // 47 days of reports around the windows, plus one covering two days across the impact window's start.
  for (const report of craftedReports(DOMAIN, day('2026-02-15'), 47)) {
    const outcome = await ingestBuffer({ bytes: craftedXml(report), name: `${report.id}.xml`, source: 'cli' });
    expect(outcome.reports[0]?.outcome).toBe('ingested');
  }
  const straddle = craftedXml({
    org: 'google.com', email: 'noreply-dmarc-support@google.com', id: 'straddle', begin: day('2026-03-01'), end: day('2026-03-01') + 2 * DAY_S, domain: DOMAIN, policy: { p: 'none' },
    records: dayRecords(DOMAIN, 0).map((r) => ({ ...r, count: r.count * 2 })),
  });
  expect((await ingestBuffer({ bytes: straddle, name: 'straddle.xml', source: 'cli' })).reports[0]?.outcome).toBe('ingested');
}, 120_000);

afterAll(async () => {
  await dns?.close();
});

describe('the impact preview', () => {
  it('counts exactly the DMARC-failing volume of the 30 days up to --as-of', async () => {
    const e = await evaluate();
    expect(e.impactWindow).toEqual({ start: new Date('2026-03-02T00:00:00Z'), end: new Date('2026-04-01T00:00:00Z') });
    const failing = await truth('2026-03-02', '2026-04-01', FAILING);
    expect(e.impact.failing).toBe(sum(failing));
    expect(e.impact.failing).toBeGreaterThan(0);
  });

  it('applies the next stage (quarantine at 25 %, subdomains kept at none) to each source, split by verdict', async () => {
    const e = await evaluate();
    expect(e.stage).toMatchObject({ current: 'monitoring', next: 'quarantine_testing' });
    expect(e.record?.value).toBe(`v=DMARC1; p=quarantine; sp=none; pct=25; t=y; rua=mailto:dmarc@${DOMAIN},mailto:${RUA}`);
    const failing = await truth('2026-03-02', '2026-04-01', FAILING);
    const apex = (ip: string) => failing.filter((f) => f.ip === ip && !f.sub).reduce((n, f) => n + f.messages, 0);
    const expected = [
      { key: 'net:192.0.2.0/24', verdict: 'unknown', messages: Math.round(apex('192.0.2.77') * 0.25) },
      { key: 'net:203.0.113.0/24', verdict: 'authorised_failing', messages: Math.round(apex('203.0.113.5') * 0.25) },
      { key: 'net:100.64.7.0/24', verdict: 'forwarder', messages: Math.round(apex('100.64.7.1') * 0.25) },
    ].sort((a, b) => b.messages - a.messages);
    expect(e.impact.sources.map((s) => ({ key: s.key, verdict: s.verdict, messages: s.messages }))).toEqual(expected);
    expect(e.impact.messages).toBe(sum(expected));
    expect(e.impact.byVerdict).toEqual({
      authorised_passing: 0,
      authorised_failing: expected.find((x) => x.verdict === 'authorised_failing')!.messages,
      forwarder: expected.find((x) => x.verdict === 'forwarder')!.messages,
      unknown: expected.find((x) => x.verdict === 'unknown')!.messages,
    });
  });

  it('counts subdomain mail once the subdomain policy enforces, and everything at full quarantine', async () => {
    dns.zone[`_dmarc.${DOMAIN}`] = { TXT: [`v=DMARC1; p=reject; rua=mailto:dmarc@${DOMAIN}`] };
    try {
      const e = await evaluate();
      // p=reject without sp: subdomains inherit reject, the path is complete.
      expect(e.stage).toMatchObject({ current: 'subdomains', next: null });
      expect(e.record).toBeNull();
      expect(e.impact.messages).toBe(e.impact.failing);
    } finally {
      dns.zone[`_dmarc.${DOMAIN}`] = { TXT: [MONITORING] };
    }
  });
});

describe('the readiness gates', () => {
  it('computes each gate of the last 14 days from the reports, with its figures', async () => {
    const e = await evaluate();
    const g = Object.fromEntries(e.gates.map((x) => [x.id, x]));
    const [from, to] = ['2026-03-18', '2026-04-01'];
    const all = await truth(from, to, 'true');
    const pass = await truth(from, to, `NOT (${FAILING})`);
    const dkim = await truth(from, to, "rr.policy_dkim = 'pass'");
    const at = (list: typeof all, ip: string) => list.filter((r) => r.ip === ip).reduce((n, r) => n + r.messages, 0);
    const authorised = ['198.51.100.10', '203.0.113.5'];
    const authMessages = authorised.reduce((n, ip) => n + at(all, ip), 0);
    const authPass = authorised.reduce((n, ip) => n + at(pass, ip), 0);
    expect(g.dmarc_pass).toMatchObject({ met: false, threshold: 0.98 });
    expect(g.dmarc_pass.value).toBeCloseTo(authPass / authMessages, 6);
    expect(g.failing_sources.value).toBeCloseTo((at(all, '203.0.113.5') - at(pass, '203.0.113.5')) / sum(all), 6);
    expect(g.failing_sources.met).toBe(false);
    expect(g.failing_sources.detail).toMatch(/Fix first: 203\.0\.113\.0\/24/);
    expect(g.dkim_aligned).toMatchObject({ met: false, value: at(dkim, '203.0.113.5') / at(all, '203.0.113.5'), threshold: 0.95 });
    expect(g.volume).toMatchObject({ met: true, value: sum(all), threshold: 500 });
    expect(g.major_reporters).toMatchObject({ met: true, value: 3, threshold: 2 });
    expect(g.dns).toMatchObject({ met: true, value: 0, threshold: 0 });
    // Every report showed p=none from 2026-02-15: 44 days up to the end of 2026-03-31.
    const first = await one<{ day: string }>(`SELECT min(begin_at)::date::text AS day FROM report WHERE domain_id = $1`, [domain.id]);
    expect(first.day).toBe('2026-02-15');
    expect(g.days_at_stage).toMatchObject({ met: true, value: 45, threshold: 14 });
    expect(e.gatesHold).toBe(false);
  });

  it('uses the organisation’s thresholds once an admin saved them', async () => {
    await saveEnforcementSettings(domain.organizationId, { passShare: 0.5, windowDays: 7, maxFailingSourceShare: 0.1, minDkimShare: 0, minDaysAtStage: 50, minMessages: 10, majorReporters: ['Google: google', 'Fastmail: fastmail'], minMajorReporters: 2, testingPct: 10 }, { userId: null, label: 'test' });
    const e = await evaluate();
    const g = Object.fromEntries(e.gates.map((x) => [x.id, x]));
    expect(e.gateWindow.start).toEqual(new Date('2026-03-25T00:00:00Z'));
    expect(g.dmarc_pass).toMatchObject({ met: true, threshold: 0.5 });
    expect(g.days_at_stage).toMatchObject({ met: false, value: 45, threshold: 50 });
    expect(g.major_reporters).toMatchObject({ met: false, value: 1, threshold: 2 });
    expect(g.major_reporters.detail).toBe('Reporting: Google. Silent: Fastmail.');
    expect(e.record?.value).toContain('pct=10; t=y');
    const audit = await one<{ n: string }>(`SELECT count(*)::text AS n FROM audit_log WHERE action = 'enforcement.settings_changed'`);
    expect(audit.n).toBe('1');
  });
});

describe('atlas enforce --json', () => {
  it('prints exactly the documented shape, the same as the library computes', async () => {
    process.env.ATLAS_DNS_SERVERS = dns.address;
    process.env.ATLAS_DNS_TIMEOUT_MS = '500';
    process.env.ATLAS_DNS_TRIES = '1';
    process.env.ATLAS_RUA_ADDRESS = RUA;
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => out.push(chunk) > 0) as typeof process.stdout.write;
    let code: number;
    let text: string;
    try {
      code = await enforceCommand([DOMAIN, '--as-of', AS_OF, '--json']);
      const before = out.length;
      expect(await enforceCommand([DOMAIN, '--as-of', AS_OF])).toBe(0);
      text = out.splice(before).join('');
    } finally {
      process.stdout.write = write;
      delete process.env.ATLAS_DNS_SERVERS;
    }
    expect(text).toContain('Stage      Monitoring (p=none)');
    // The thresholds saved above: 10 % testing, 50 % passing, 50 days at a stage.
    expect(text).toContain(`Publish    _dmarc.${DOMAIN} TXT "v=DMARC1; p=quarantine; sp=none; pct=10; t=y;`);
    expect(text).toMatch(/ MET +Authorised mail passing DMARC ≥ 50 % \(last 7 days\): 95\.57 %/);
    expect(text).toMatch(/NOT MET At least 50 days at the current stage: 45/);
    expect(code).toBe(0);
    const json = JSON.parse(out.join('')) as Record<string, unknown> & { impact: Record<string, unknown>; gates: Record<string, unknown>[]; published: Record<string, unknown>; stage: Record<string, unknown> };
    expect(Object.keys(json)).toEqual(['domain', 'published', 'stage', 'gates', 'impact', 'record']);
    expect(Object.keys(json.published)).toEqual(['record', 'p', 'sp', 'np', 'pct', 't']);
    expect(json.published).toEqual({ record: MONITORING, p: 'none', sp: null, np: null, pct: null, t: null });
    expect(json.stage).toEqual({ current: 'monitoring', next: 'quarantine_testing' });
    for (const gate of json.gates) expect(Object.keys(gate)).toEqual(['id', 'label', 'met', 'value', 'threshold']);
    expect(Object.keys(json.impact)).toEqual(['from', 'to', 'stage', 'failing', 'messages', 'by_verdict', 'sources']);
    expect(json.impact).toMatchObject({ from: '2026-03-02', to: '2026-04-01', stage: 'quarantine_testing', failing: sum(await truth('2026-03-02', '2026-04-01', FAILING)) });
    for (const s of json.impact.sources as Record<string, unknown>[]) expect(Object.keys(s)).toEqual(['key', 'label', 'verdict', 'messages']);
    expect(json).toEqual(enforcementJson(await evaluate()));
  });
});

describe('the DNS watch and the stage history', () => {
  const events = () => prisma().dnsChangeEvent.findMany({ where: { domainId: domain.id }, orderBy: { id: 'asc' } });
  const stages = () => prisma().enforcementEvent.findMany({ where: { domainId: domain.id }, orderBy: { id: 'asc' } });

  it('records a baseline at the first check, without change events', async () => {
    const run = await checkDomainNow(domain, { resolver: resolver() });
    expect(run).toMatchObject({ stage: 'monitoring', changes: [], published: null, rolledBack: null });
    expect(await events()).toEqual([]);
    expect(await stages()).toMatchObject([{ kind: 'observed', toStage: 'monitoring', actorLabel: 'dns-watch' }]);
    const state = await prisma().domainDnsState.findUniqueOrThrow({ where: { domainId: domain.id } });
    expect(state).toMatchObject({ dmarcStatus: 'ok', dmarcRecord: MONITORING, spfStatus: 'ok', errorCount: 0 });
  });

  it('refuses to advance while a gate does not hold', async () => {
    await expect(advanceStage(scope(), domain, { to: 'quarantine_testing' }, { userId: null, label: 'ops@enforce.example' }, { asOf })).rejects.toThrow(/Not every gate holds yet: At least 50 days/);
  });

  it('advances with the gates’ figures, then follows DNS when the record is published', async () => {
    await saveEnforcementSettings(domain.organizationId, { passShare: 0.5, windowDays: 14, maxFailingSourceShare: 0.1, minDkimShare: 0, minDaysAtStage: 0, minMessages: 10, majorReporters: ['Google: google'], minMajorReporters: 1, testingPct: 25 }, { userId: null, label: 'test' });
    const { record } = await advanceStage(scope(), domain, { to: 'quarantine_testing' }, { userId: null, label: 'ops@enforce.example' }, { asOf });
    expect(record).toMatch(/^v=DMARC1; p=quarantine; sp=none; pct=25; t=y; rua=mailto:dmarc@enforce\.example/);
    const advanced = (await stages()).at(-1)!;
    expect(advanced).toMatchObject({ kind: 'advanced', fromStage: 'monitoring', toStage: 'quarantine_testing', actorLabel: 'ops@enforce.example', gatesHeld: true, record });
    expect((advanced.gates as { id: string; met: boolean }[]).map((g) => g.id)).toEqual(['dmarc_pass', 'failing_sources', 'dkim_aligned', 'days_at_stage', 'volume', 'major_reporters', 'dns']);
    expect(await prisma().enforcementState.findUniqueOrThrow({ where: { domainId: domain.id } })).toMatchObject({ stage: 'monitoring', pendingStage: 'quarantine_testing' });

    dns.zone[`_dmarc.${DOMAIN}`] = { TXT: [record] };
    const run = await checkDomainNow(domain, { resolver: resolver() });
    expect(run.published).toMatchObject({ from: 'monitoring', to: 'quarantine_testing', announced: true });
    expect(await prisma().enforcementState.findUniqueOrThrow({ where: { domainId: domain.id } })).toMatchObject({ stage: 'quarantine_testing', pendingStage: null });
    expect((await stages()).at(-1)).toMatchObject({ kind: 'published', fromStage: 'monitoring', toStage: 'quarantine_testing', actorLabel: 'dns-watch' });
    expect(await events()).toMatchObject([{ record: 'dmarc', kind: 'advanced', oldValue: MONITORING, newValue: record, oldStage: 'monitoring', newStage: 'quarantine_testing' }]);
  });

  it('keeps the last records when a lookup fails, rather than reading it as "removed"', async () => {
    dns.zone[`_dmarc.${DOMAIN}`] = { servfail: true };
    dns.zone[DOMAIN] = { servfail: true };
    const before = (await events()).length;
    const run = await checkDomainNow(domain, { resolver: resolver() });
    expect(run.changes).toEqual([]);
    expect((await events()).length).toBe(before);
    expect(await prisma().domainDnsState.findUniqueOrThrow({ where: { domainId: domain.id } })).toMatchObject({ dmarcStatus: 'failed', spfStatus: 'failed' });
    expect(await prisma().enforcementState.findUniqueOrThrow({ where: { domainId: domain.id } })).toMatchObject({ stage: 'quarantine_testing' });
  });

  it('flags a rollback and an SPF change, for the alerts to pick up', async () => {
    dns.zone[`_dmarc.${DOMAIN}`] = { TXT: [MONITORING] };
    dns.zone[DOMAIN] = { TXT: ['v=spf1 ip4:198.51.100.0/24 -all'] };
    // The job resolves through ATLAS_DNS_SERVERS, as the worker does.
    process.env.ATLAS_DNS_SERVERS = dns.address;
    try {
      expect(await runDnsWatch({ domainIds: [domain.id] })).toEqual({ domains: 1, changes: 2, published: 0, rolledBack: 1, failed: 0 });
    } finally {
      delete process.env.ATLAS_DNS_SERVERS;
    }
    expect((await events()).slice(-2)).toMatchObject([
      { record: 'dmarc', kind: 'rollback', oldStage: 'quarantine_testing', newStage: 'monitoring', newValue: MONITORING },
      { record: 'spf', kind: 'changed', newValue: 'v=spf1 ip4:198.51.100.0/24 -all' },
    ]);
    expect((await stages()).at(-1)).toMatchObject({ kind: 'rolled_back', fromStage: 'quarantine_testing', toStage: 'monitoring' });
  });

  it('sums up the next step for the weekly digest', async () => {
    const summary = await nextStepSummary(scope(), domain.id, asOf);
    expect(summary).toMatchObject({ stage: { id: 'monitoring', label: 'Monitoring (p=none)' }, next: { id: 'quarantine_testing', label: 'Quarantine, testing (25 %)' }, gatesHold: true });
    expect(summary?.next?.record).toMatch(/p=quarantine; sp=none; pct=25; t=y/);
    expect(summary?.gates).toHaveLength(7);
    expect(await nextStepSummary({ organizationIds: [], domainIds: [] }, domain.id, asOf)).toBeNull();
  });
});
