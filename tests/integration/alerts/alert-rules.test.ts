import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertRule, createWebhook, deliverAlert, evaluateAlerts } from '../../../lib/alerts';
import { checkDomainNow } from '../../../lib/enforcement';
import type { TActor } from '../../../lib/access';
import { verifyWebhookSignature } from '../../../lib/notify';
import { createResolver, loadDnsConfig } from '../../../lib/platform/dns';
import { prisma } from '../../../lib/platform/db/prisma';
import { createUserWithRole } from '../../helpers/access-fixtures';
import { useTestDatabase } from '../../helpers/db';
import { ingestReports } from '../../helpers/dmarc-report';
import { startDnsZoneServer, type TDnsZoneServer } from '../../helpers/dns-zone-server';
import { startSmtpSink } from '../../helpers/smtp-sink';

// Alert rules evaluated over reports ingested through the pipeline, delivered to a real SMTP
// server and real webhook receivers on loopback: each event fires once, a repeated condition
// waits for the cooldown, signatures verify, and failed webhooks are retried.

const HOUR = 3_600_000;
const NOW = new Date('2026-05-09T12:00:00Z');
const env = { ...process.env };

let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let dns: TDnsZoneServer;
let receiver: Server;
let base: string;
const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
/** Status each receiver path answers with; changed by the tests. */
const answers: Record<string, number> = { '/json': 204, '/slack': 200, '/flaky': 500, '/gone': 410 };
let actor: TActor;
let jobs: { name: string; data: { deliveryId: string } }[] = [];
const send = async (name: string, data: object) => (jobs.push({ name, data: data as { deliveryId: string } }), 'job');
const secrets: Record<string, string> = {};

/** Evaluates every rule at `now` and runs the deliveries it queued (what the worker's jobs do). */
async function evaluateAndDeliver(now: Date) {
  jobs = [];
  const run = await evaluateAlerts({ send }, { now });
  const outcomes = [];
  for (const job of jobs) outcomes.push(await deliverAlert(BigInt(job.data.deliveryId)).catch((e: Error) => `threw: ${e.message}`));
  return { run, outcomes };
}

const mailsTo = (address: string) => Promise.all(sink.mails.filter((m) => m.to.includes(address)).map((m) => simpleParser(m.raw)));

beforeAll(async () => {
  await useTestDatabase();
  sink = await startSmtpSink();
  dns = await startDnsZoneServer({ '_dmarc.alpha.test': { TXT: ['v=DMARC1; p=none; rua=mailto:dmarc@alpha.test'] }, 'alpha.test': { TXT: ['v=spf1 ip4:192.0.2.0/24 -all'] } });
  Object.assign(process.env, {
    ATLAS_SMTP_URL: sink.url,
    ATLAS_URL: 'https://atlas.example.test',
    AUTH_SECRET: 'alert-test-secret-0123456789abcdef012345',
    ATLAS_ENCRYPTION_KEY: 'alert-test-encryption-key-0123456789abcdef',
  });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(answers[req.url ?? ''] ?? 404).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  const org = await prisma().organization.create({ data: { name: 'Acme', slug: 'acme' } });
  const domain = await prisma().domain.create({ data: { name: 'alpha.test', organizationId: org.id } });
  const admin = await createUserWithRole('ann@acme.test', org.id, 'admin');
  await createUserWithRole('vic@acme.test', org.id, 'viewer', [domain.id]);
  actor = { kind: 'user', userId: admin.id, tokenId: null, label: admin.email, organizationId: org.id, organizationName: 'Acme', role: 'admin', tokenScope: null, isInstanceAdmin: false, scope: { organizationIds: [org.id], domainIds: [domain.id] } };
  // A fortnight of ordinary mail from the company's own servers.
  await ingestReports(
    ['2026-04-27', '2026-04-29', '2026-05-01', '2026-05-03', '2026-05-05'].map((day) => ({ domain: 'alpha.test', day, reporter: 'google.com', records: [{ ip: '192.0.2.10', count: 100, dkim: 'pass' as const, spf: 'pass' as const }] })),
  );
});

afterAll(async () => {
  await sink?.close();
  await dns?.close();
  await new Promise((resolve) => receiver?.close(resolve));
  process.env = env;
});

describe('alerts', () => {
  it('fire once for a new source, by e-mail and by both signed webhooks', async () => {
    for (const [name, path, format] of [['ops json', '/json', 'json'], ['ops slack', '/slack', 'slack']] as const) {
      secrets[path] = (await createWebhook(actor, { name, url: `${base}${path}`, format })).secret;
    }
    const webhookIds = (await prisma().alertWebhook.findMany({ orderBy: { id: 'asc' } })).map((w) => w.id);
    await createAlertRule(actor, { kind: 'new_source', params: { lookbackDays: 3 }, webhookIds, emailTo: 'admins' });
    await ingestReports([{ domain: 'alpha.test', day: '2026-05-07', reporter: 'google.com', records: [{ ip: '192.0.2.10', count: 100, dkim: 'pass', spf: 'pass' }, { ip: '203.0.113.9', count: 30, dkim: 'fail', spf: 'fail', disposition: 'none' }] }]);

    const first = await evaluateAndDeliver(NOW);
    expect(first.run).toMatchObject({ sent: 1, suppressed: 0, failedRules: 0 });
    expect(first.outcomes).toEqual(['sent', 'sent', 'sent']);

    // Re-evaluated, and again after a late report from another reporter naming the same source: nothing new.
    await ingestReports([{ domain: 'alpha.test', day: '2026-05-06', reporter: 'Microsoft Corporation', records: [{ ip: '203.0.113.9', count: 12, dkim: 'fail', spf: 'fail' }] }]);
    expect((await evaluateAndDeliver(new Date(NOW.getTime() + HOUR))).run).toMatchObject({ sent: 0, suppressed: 0 });

    const [mail, ...more] = await mailsTo('ann@acme.test');
    expect(more).toHaveLength(0);
    expect(mail.subject).toMatch(/^New source sending as alpha\.test: /);
    expect(mail.text).toContain('30 messages');
    expect(await mailsTo('vic@acme.test')).toHaveLength(0); // the rule mails owners and admins only

    const json = received.filter((r) => r.path === '/json');
    expect(json).toHaveLength(1);
    expect(verifyWebhookSignature({ body: json[0].body, header: String(json[0].headers['atlas-signature']), secret: secrets['/json'] })).toMatchObject({ ok: true });
    expect(verifyWebhookSignature({ body: json[0].body, header: String(json[0].headers['atlas-signature']), secret: secrets['/slack'] })).toMatchObject({ ok: false, reason: 'mismatch' });
    const body = JSON.parse(json[0].body);
    expect(body).toMatchObject({ schema: 'dmarc-atlas.alert.v1', kind: 'new_source', domain: 'alpha.test', organization: { name: 'Acme' }, data: { source: { messages: 30, dmarc_pass: 0, verdict: 'unknown' } } });
    expect(json[0].headers['atlas-delivery']).toBe(body.id);

    const slack = received.filter((r) => r.path === '/slack');
    expect(slack).toHaveLength(1);
    expect(JSON.parse(slack[0].body)).toHaveProperty('blocks');
    expect(verifyWebhookSignature({ body: slack[0].body, header: String(slack[0].headers['atlas-signature']), secret: secrets['/slack'] })).toMatchObject({ ok: true });
  });

  it('hold back a repeated condition within the cooldown and deliver it again after', async () => {
    await createAlertRule(actor, { kind: 'pass_rate_below', params: { threshold: 0.9, minMessages: 50 }, cooldownMinutes: 24 * 60 });
    // 6 May (12 messages) says too little; 7 May: 100 of 130 passed (the new source's 30 failed) → 76.9%.
    const day1 = await evaluateAndDeliver(NOW);
    expect(day1.run.sent).toBe(1);
    // A late report makes 8 May fail too: the same condition, within the cooldown.
    await ingestReports([{ domain: 'alpha.test', day: '2026-05-08', reporter: 'google.com', records: [{ ip: '192.0.2.10', count: 60, dkim: 'fail', spf: 'fail' }] }]);
    expect((await evaluateAndDeliver(new Date(NOW.getTime() + 2 * HOUR))).run).toMatchObject({ sent: 0, suppressed: 1 });
    // A day later, 9 May fails as well: the cooldown is over, it goes out.
    await ingestReports([{ domain: 'alpha.test', day: '2026-05-09', reporter: 'google.com', records: [{ ip: '192.0.2.10', count: 50, dkim: 'fail', spf: 'pass' }, { ip: '192.0.2.10', count: 50, dkim: 'fail', spf: 'fail' }] }]);
    expect((await evaluateAndDeliver(new Date(NOW.getTime() + 25 * HOUR))).run).toMatchObject({ sent: 1, suppressed: 0 });

    const below = (await mailsTo('ann@acme.test')).filter((m) => m.subject?.includes('below 90.0%'));
    expect(below.map((m) => m.subject)).toEqual(['alpha.test: DMARC pass rate 76.9%, below 90.0%', 'alpha.test: DMARC pass rate 50.0%, below 90.0%']);
    const history = await prisma().alertEvent.findMany({ where: { kind: 'pass_rate_below' }, orderBy: { id: 'asc' }, select: { dedupeKey: true, status: true } });
    expect(history.map((h) => [h.dedupeKey.split(':').at(-1), h.status])).toEqual([
      ['2026-05-07', 'sent'],
      ['2026-05-08', 'suppressed'],
      ['2026-05-09', 'sent'],
    ]);
  });

  it('fire when the DMARC record changes, with the record before and after', async () => {
    const resolver = createResolver(loadDnsConfig({ ATLAS_DNS_SERVERS: dns.address, ATLAS_DNS_TIMEOUT_MS: '500', ATLAS_DNS_TRIES: '1' }));
    const domain = await prisma().domain.findFirstOrThrow({ where: { name: 'alpha.test' }, select: { id: true, name: true, organizationId: true } });
    const watch = async () => (await checkDomainNow(domain, { resolver })).changes.length;
    expect(await watch()).toBe(0); // the baseline
    await createAlertRule(actor, { kind: 'dns_record_changed', cooldownMinutes: 0 });
    expect((await evaluateAndDeliver(NOW)).run.sent).toBe(0);

    dns.zone['_dmarc.alpha.test'] = { TXT: ['v=DMARC1; p=quarantine; rua=mailto:dmarc@alpha.test'] };
    expect(await watch()).toBe(1);
    expect(await watch()).toBe(0);
    expect((await evaluateAndDeliver(new Date(NOW.getTime() + 3 * HOUR))).run.sent).toBe(1);
    expect((await evaluateAndDeliver(new Date(NOW.getTime() + 4 * HOUR))).run.sent).toBe(0);

    const [mail] = (await mailsTo('ann@acme.test')).filter((m) => m.subject?.includes('DMARC record'));
    expect(mail.subject).toBe('alpha.test: DMARC record changed');
    expect(mail.text).toContain('v=DMARC1; p=none; rua=mailto:dmarc@alpha.test');
    expect(mail.text).toContain('v=DMARC1; p=quarantine; rua=mailto:dmarc@alpha.test');
  });

  it('retry a webhook that fails, and give up at once on one that refuses', async () => {
    const flaky = await createWebhook(actor, { name: 'flaky', url: `${base}/flaky`, format: 'json' });
    const gone = await createWebhook(actor, { name: 'gone', url: `${base}/gone`, format: 'json' });
    await createAlertRule(actor, { kind: 'no_reports', params: { days: 2 }, emailTo: 'none', webhookIds: [flaky.id, gone.id] });
    // Ten days after the last report was received (the reports above were stored now).
    const later = new Date(Date.now() + 10 * 24 * HOUR);
    const { run, outcomes } = await evaluateAndDeliver(later);
    expect(run.sent).toBe(1);
    expect(outcomes).toEqual([expect.stringMatching(/^threw: .*500/), 'failed']);
    const deliveries = await prisma().alertDelivery.findMany({ where: { webhookId: { in: [flaky.id, gone.id] } }, orderBy: { id: 'asc' } });
    expect(deliveries.map((d) => [d.target, d.status, d.attempts])).toEqual([
      ['flaky', 'pending', 1],
      ['gone', 'failed', 1],
    ]);
    expect(deliveries[0].lastError).toMatch(/500/);

    answers['/flaky'] = 204; // the receiver recovers; the job runner's retry now succeeds
    expect(await deliverAlert(deliveries[0].id)).toBe('sent');
    expect(await deliverAlert(deliveries[0].id)).toBe('already_sent');
    const bodies = received.filter((r) => r.path === '/flaky').map((r) => r.body);
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toBe(bodies[1]); // the same alert, the same id: receivers can deduplicate
  });
});
