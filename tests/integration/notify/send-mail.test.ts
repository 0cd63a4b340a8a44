import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendAlertMail, sendDigest, verifyUnsubscribeToken } from '../../../lib/notify';
import { startSmtpSink } from '../../helpers/smtp-sink';
import { alertOf } from '../../unit/notify/alert-fixtures';
import { busyDomain, digestOf, severalDomains } from '../../unit/notify/digest-fixtures';

// Digests and alert mails through the project's nodemailer transport to a real SMTP server.

describe('digest and alert mails over SMTP', () => {
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  const env = { ATLAS_SMTP_URL: process.env.ATLAS_SMTP_URL, ATLAS_MAIL_FROM: process.env.ATLAS_MAIL_FROM };
  const BASE = 'https://atlas.example.test';

  beforeAll(async () => {
    sink = await startSmtpSink();
    process.env.ATLAS_SMTP_URL = sink.url;
    process.env.ATLAS_MAIL_FROM = 'DMARC Atlas <atlas@example.test>';
  });

  afterAll(async () => {
    await sink?.close();
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  async function onlyMailTo(address: string): Promise<ParsedMail & { raw: string }> {
    const mails = sink.mails.filter((m) => m.to.includes(address));
    expect(mails).toHaveLength(1);
    return Object.assign(await simpleParser(mails[0].raw), { raw: mails[0].raw });
  }

  /** A header as sent, unfolded (mailparser turns List-* headers into objects). */
  const rawHeader = (raw: string, name: string): string | null =>
    new RegExp(`^${name}:([\\s\\S]*?)\\r\\n(?=\\S)`, 'mi').exec(raw)?.[1].replace(/\r\n\s+/g, ' ').trim() ?? null;

  it('delivers a digest once, with its subject, a text and an HTML part, and one-click unsubscribe headers', async () => {
    const digest = digestOf(severalDomains().domains, { user: { id: 7, email: 'ann@example.com', name: 'Ann', timeZone: 'Europe/Berlin' } });
    const sent = await sendDigest(digest, { baseUrl: BASE, unsubscribeMailto: 'unsubscribe@atlas.example.test' });
    const mail = await onlyMailTo('ann@example.com');

    expect(mail.subject).toBe('DMARC digest 4 May – 10 May: 3 domains, 94.9% pass, 3 sources to fix');
    expect(sent.subject).toBe(mail.subject);
    expect(mail.messageId).toBe(sent.messageId);
    expect(mail.from?.value).toEqual([{ name: 'DMARC Atlas', address: 'atlas@example.test' }]);
    expect(mail.text).toContain('example.com          12,345  98.2%');
    expect(mail.html).toContain('Overview');
    expect(mail.html).toContain('14,385');
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');

    // RFC 8058: an https link and a mailto, and the one-click POST marker.
    expect(rawHeader(mail.raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const [https, mailto] = (rawHeader(mail.raw, 'List-Unsubscribe') ?? '').split(', ');
    expect(https).toMatch(/^<https:\/\/atlas\.example\.test\/unsubscribe\?token=u1\.7\.digest\.[A-Za-z0-9_-]{43}>$/);
    expect(mailto).toMatch(/^<mailto:unsubscribe@atlas\.example\.test\?subject=unsubscribe%20u1\.7\.digest\.[A-Za-z0-9_-]{43}>$/);
    const token = new URL(https.slice(1, -1)).searchParams.get('token') ?? '';
    expect(verifyUnsubscribeToken(token)).toEqual({ userId: 7, setting: 'digest' });
    // The same link is in both parts for readers whose client shows no unsubscribe button.
    expect(mail.text).toContain(https.slice(1, -1));
    expect(mail.html).toContain(https.slice(1, -1));
  });

  it('delivers an alert mail, with an unsubscribe link for alerts only when it goes to a user', async () => {
    await sendAlertMail(alertOf('dns_record_changed'), { email: 'bob@example.com', userId: 9 }, { baseUrl: BASE });
    const mail = await onlyMailTo('bob@example.com');
    expect(mail.subject).toBe('example.com: SPF record changed');
    expect(mail.text).toContain('include:servers.mcsv.net');
    expect(mail.html).toContain('include:servers.mcsv.net');
    const link = /^<(https:[^>]+)>$/.exec(rawHeader(mail.raw, 'List-Unsubscribe') ?? '')?.[1] ?? '';
    expect(verifyUnsubscribeToken(new URL(link).searchParams.get('token') ?? '')).toEqual({ userId: 9, setting: 'alerts' });

    await sendAlertMail(alertOf('ingest_failures'), { email: 'ops@example.com' }, { baseUrl: BASE });
    const opsMail = await onlyMailTo('ops@example.com');
    expect(rawHeader(opsMail.raw, 'List-Unsubscribe')).toBeNull();
    expect(opsMail.subject).toBe('3 reports failed to import');
  });

  it('sends nothing and says why when the digest is malformed', async () => {
    const before = sink.mails.length;
    await expect(sendDigest(digestOf([busyDomain({ messages: -1 })]), { baseUrl: BASE })).rejects.toThrow(/messages/);
    expect(sink.mails).toHaveLength(before);
  });
});
