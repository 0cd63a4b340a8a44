import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyUnsubscribe, previewDigest, scheduleDueDigests, sendUserDigest } from '../../../lib/digests';
import { digestCommand } from '../../../cli/commands/digest';
import { prisma } from '../../../lib/platform/db/prisma';
import { getPool } from '../../../lib/platform/db/pool';
import { createUserWithRole } from '../../helpers/access-fixtures';
import { useTestDatabase } from '../../helpers/db';
import { ingestReports } from '../../helpers/dmarc-report';
import { startSmtpSink } from '../../helpers/smtp-sink';

// A user who watches two domains, with real reports spread over two weeks (and around them),
// ingested through the pipeline: the digest reaches a real SMTP server once, and each figure
// in it equals what SQL says about the report records of that week.

const AS_OF = '2026-05-11'; // the week: 4–10 May 2026 (UTC), end exclusive
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let user: { id: number; email: string };
const env = { ...process.env };

/** The truth, straight from the stored records: messages and DMARC passes per domain and window. */
async function sqlTruth(domain: string, from: string, to: string): Promise<{ messages: number; pass: number; reports: number; reporters: number }> {
  const { rows } = await getPool().query<{ messages: string | null; pass: string | null; reports: string; reporters: string }>(
    `SELECT sum(rr.count) AS messages,
            sum(rr.count) FILTER (WHERE rr.policy_dkim = 'pass' OR rr.policy_spf = 'pass') AS pass,
            count(DISTINCT r.id) AS reports, count(DISTINCT r.org_name) AS reporters
       FROM report r JOIN report_record rr ON rr.report_id = r.id
      WHERE r.policy_domain = $1 AND r.begin_at >= $2::date AND r.begin_at < $3::date`,
    [domain, from, to],
  );
  return { messages: Number(rows[0].messages ?? 0), pass: Number(rows[0].pass ?? 0), reports: Number(rows[0].reports), reporters: Number(rows[0].reporters) };
}

const rate = (pass: number, messages: number) => `${((pass / messages) * 100).toFixed(1)}%`;
const count = (n: number) => new Intl.NumberFormat('en-US').format(n);

async function mailsTo(address: string): Promise<ParsedMail[]> {
  return Promise.all(sink.mails.filter((m) => m.to.includes(address)).map((m) => simpleParser(m.raw)));
}

beforeAll(async () => {
  await useTestDatabase();
  sink = await startSmtpSink();
  Object.assign(process.env, { ATLAS_SMTP_URL: sink.url, ATLAS_MAIL_FROM: 'DMARC Atlas <atlas@example.test>', ATLAS_URL: 'https://atlas.example.test', AUTH_SECRET: 'digest-test-secret-0123456789abcdef0123' });
  const org = await prisma().organization.create({ data: { name: 'Acme', slug: 'acme' } });
  for (const name of ['alpha.test', 'beta.test']) await prisma().domain.create({ data: { name, organizationId: org.id } });
  user = await createUserWithRole('ann@acme.test', org.id, 'admin');
  await prisma().notificationSetting.create({ data: { userId: user.id, timeZone: 'Europe/Berlin', digestWeekday: 1, digestHour: 8 } });
  await ingestReports([
    // The week before (27 Apr – 3 May): alpha only.
    { domain: 'alpha.test', day: '2026-04-28', reporter: 'google.com', records: [{ ip: '192.0.2.10', count: 100, dkim: 'pass', spf: 'pass' }, { ip: '192.0.2.11', count: 4, dkim: 'fail', spf: 'fail' }] },
    // The week (4–10 May).
    { domain: 'alpha.test', day: '2026-05-04', reporter: 'google.com', records: [{ ip: '192.0.2.10', count: 120, dkim: 'pass', spf: 'pass' }] },
    {
      domain: 'alpha.test',
      day: '2026-05-06',
      reporter: 'Microsoft Corporation',
      records: [
        { ip: '192.0.2.10', count: 80, dkim: 'pass', spf: 'fail' },
        { ip: '203.0.113.9', count: 30, dkim: 'fail', spf: 'fail', disposition: 'reject' },
        { ip: '203.0.113.9', count: 6, dkim: 'fail', spf: 'fail', disposition: 'quarantine' },
      ],
    },
    { domain: 'alpha.test', day: '2026-05-10', reporter: 'Yahoo', records: [{ ip: '192.0.2.10', count: 10, dkim: 'pass', spf: 'pass' }] },
    { domain: 'beta.test', day: '2026-05-08', reporter: 'google.com', records: [{ ip: '198.51.100.20', count: 50, dkim: 'pass', spf: 'pass' }, { ip: '198.51.100.21', count: 5, dkim: 'fail', spf: 'fail', disposition: 'quarantine' }] },
    // Outside both windows: must not count.
    { domain: 'alpha.test', day: '2026-05-11', reporter: 'google.com', records: [{ ip: '192.0.2.10', count: 999, dkim: 'fail', spf: 'fail' }] },
    { domain: 'beta.test', day: '2026-04-20', reporter: 'google.com', records: [{ ip: '198.51.100.20', count: 777, dkim: 'pass', spf: 'pass' }] },
  ]);
});

afterAll(async () => {
  await sink?.close();
  process.env = env;
});

describe('the weekly digest of a user with two domains', () => {
  it('arrives once, and a second send for the same week sends nothing', async () => {
    const first = await sendUserDigest({ userId: user.id, asOf: AS_OF });
    expect(first).toMatchObject({ status: 'sent', weekStart: '2026-05-04' });
    const again = await sendUserDigest({ userId: user.id, asOf: AS_OF });
    expect(again).toEqual({ status: 'already_sent', weekStart: '2026-05-04' });
    expect(await mailsTo(user.email)).toHaveLength(1);
    const row = await prisma().digestDelivery.findFirstOrThrow({ where: { userId: user.id } });
    expect(row).toMatchObject({ status: 'sent', attempts: 1, error: null });
  });

  it('carries, in both parts, each domain’s messages and pass rate equal to the SQL truth of the week', async () => {
    const [mail] = await mailsTo(user.email);
    const text = mail.text ?? '';
    const html = typeof mail.html === 'string' ? mail.html : '';
    for (const domain of ['alpha.test', 'beta.test']) {
      const week = await sqlTruth(domain, '2026-05-04', '2026-05-11');
      // The overview row: domain, messages, pass rate (aligned columns in the text part).
      expect(text).toMatch(new RegExp(`${domain.replace('.', '\\.')}\\s+${count(week.messages)}\\s+${rate(week.pass, week.messages).replace('.', '\\.')}`));
      expect(html).toContain(count(week.messages));
      expect(html).toContain(rate(week.pass, week.messages));
      expect(text).toContain(`${week.reports} aggregate report`);
    }
    const alpha = await sqlTruth('alpha.test', '2026-05-04', '2026-05-11');
    const alphaBefore = await sqlTruth('alpha.test', '2026-04-27', '2026-05-04');
    expect(alpha).toEqual({ messages: 246, pass: 210, reports: 3, reporters: 3 });
    // The trend against the week before, in points, in both parts.
    const delta = ((alpha.pass / alpha.messages - alphaBefore.pass / alphaBefore.messages) * 100).toFixed(1);
    expect(text).toContain(`\u2212${Math.abs(Number(delta)).toFixed(1)} pts`);
    expect(html).toContain(`\u2212${Math.abs(Number(delta)).toFixed(1)} pts`);
    // All domains: the total row.
    const beta = await sqlTruth('beta.test', '2026-05-04', '2026-05-11');
    expect(text).toMatch(new RegExp(`All 2 domains\\s+${count(alpha.messages + beta.messages)}\\s+${rate(alpha.pass + beta.pass, alpha.messages + beta.messages).replace('.', '\\.')}`));
  });

  it('has the week in its subject, a text and an HTML part, and one-click unsubscribe headers', async () => {
    const [mail] = await mailsTo(user.email);
    expect(mail.subject).toMatch(/^DMARC digest 4 May – 10 May: 2 domains, /);
    expect(mail.from?.value[0]?.address).toBe('atlas@example.test');
    expect(mail.text).toBeTruthy();
    expect(mail.html).toBeTruthy();
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    const raw = sink.mails.find((m) => m.to.includes(user.email))!.raw.replace(/\r\n\s+/g, ' ');
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    const link = /^List-Unsubscribe: <(https:\/\/atlas\.example\.test\/unsubscribe\?token=[^>]+)>/m.exec(raw)?.[1];
    expect(link).toBeTruthy();
    expect(mail.text).toContain(link);
  });

  it('previews exactly what it sends, and the CLI prints the text part', async () => {
    const preview = await previewDigest(user.id, { asOf: AS_OF });
    const [mail] = await mailsTo(user.email);
    expect(preview?.subject).toBe(mail.subject);
    expect(preview?.week).toEqual({ from: '2026-05-04', to: '2026-05-11' });
    let out = '';
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
    try {
      expect(await digestCommand(['preview', '--user', 'ANN@acme.test', '--as-of', AS_OF])).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    expect(out).toContain(`Subject: ${mail.subject}`);
    expect(out).toContain(preview!.text.trim().split('\n')[0]);
  });

  it('still goes out in a quiet week, saying no report arrived and when the last one did', async () => {
    const quiet = await sendUserDigest({ userId: user.id, asOf: '2026-07-06' });
    expect(quiet.status).toBe('sent');
    const mails = await mailsTo(user.email);
    const last = mails.find((m) => m.subject?.includes('29 Jun'));
    expect(last?.subject).toContain('no reports received this week');
    // The newest report (for 11 May) ended 23:59:59 UTC: 12 May in the user's zone (Berlin).
    expect(last?.text).toContain('The last report arrived on 12 May 2026.');
  });

  it('covers only the chosen domain when the user chose one', async () => {
    const beta = await prisma().domain.findUniqueOrThrow({ where: { name: 'beta.test' } });
    await prisma().notificationSetting.update({ where: { userId: user.id }, data: { digestDomains: 'chosen', digestDomainIds: [beta.id] } });
    const preview = await previewDigest(user.id, { asOf: AS_OF });
    expect(preview?.text).toContain('beta.test');
    expect(preview?.text).not.toContain('alpha.test');
    await prisma().notificationSetting.update({ where: { userId: user.id }, data: { digestDomains: 'all', digestDomainIds: [] } });
  });

  it('is queued at the user’s hour in their zone, and not at all after a one-click unsubscribe', async () => {
    const queued: unknown[] = [];
    const send = async (_name: string, data: object) => (queued.push(data), 'job');
    // Monday 11 May 2026, 08:05 in Berlin (CEST, UTC+2): due, for the week before 11 May.
    expect(await scheduleDueDigests({ send }, new Date('2026-05-11T06:05:00Z'))).toBe(0); // already sent
    expect(await scheduleDueDigests({ send }, new Date('2026-05-18T06:05:00Z'))).toBe(1);
    expect(queued).toEqual([{ userId: user.id, asOf: '2026-05-18' }]);
    // 07:55 Berlin the next Monday: not yet.
    expect(await scheduleDueDigests({ send }, new Date('2026-05-25T05:55:00Z'))).toBe(0);

    const raw = sink.mails.find((m) => m.to.includes(user.email))!.raw.replace(/\r\n\s+/g, ' ');
    const token = new URL(/^List-Unsubscribe: <([^>]+)>/m.exec(raw)![1]).searchParams.get('token')!;
    expect(await applyUnsubscribe(token)).toEqual({ userId: user.id, setting: 'digest' });
    expect(await applyUnsubscribe(`${token.slice(0, -2)}xx`)).toBeNull();
    expect(await scheduleDueDigests({ send }, new Date('2026-05-25T06:05:00Z'))).toBe(0);
    expect((await prisma().notificationSetting.findUniqueOrThrow({ where: { userId: user.id } })).digestEnabled).toBe(false);
  });
});
