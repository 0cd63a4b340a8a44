import { describe, expect, it } from 'vitest';
import { diagnoseBounce, DiagnoseError, type TBounceCategory } from '@/lib/diagnose';

/**
 * NDR text pasted from a mail client (no MIME), one or more per category, worded as the
 * receivers publish them (Microsoft's Exchange Online NDR reference, Gmail's SMTP error
 * reference, Yahoo, Amazon SES, Postfix, Exim, Sendmail).
 */

interface TCase {
  name: string;
  text: string;
  category: TBounceCategory;
  status?: string | null;
  reply_code?: number | null;
  sending_ip?: string | null;
  rejected_by?: string | null;
  recipient?: string | null;
}

const outlookNdr = (reply: string) => `Delivery has failed to these recipients or groups:

bob@example.net
Your message couldn't be delivered.

Diagnostic information for administrators:

Generating server: AM0PR01MB1234.eurprd01.prod.exchangelabs.com

bob@example.net
Remote Server returned '${reply}'

Original message headers:

Received: from AM0PR01MB1234.eurprd01.prod.exchangelabs.com (2603:10a6:208:1::1)
From: Alice <alice@example.com>
`;

const cases: TCase[] = [
  {
    name: 'Exchange Online 5.7.54 unable to relay',
    text: outlookNdr('550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain'),
    category: 'relay_denied', status: '5.7.54', reply_code: 550, recipient: 'bob@example.net',
  },
  {
    name: 'Postfix relay access denied',
    text: '<bob@example.org>: host mx.example.org[198.51.100.7] said: 554 5.7.1 <bob@example.org>:\n    Relay access denied (in reply to RCPT TO command)\n',
    category: 'relay_denied', status: '5.7.1', reply_code: 554, rejected_by: 'mx.example.org', recipient: 'bob@example.org', sending_ip: null,
  },
  {
    name: 'Exchange Online 5.7.57 client not authenticated',
    text: outlookNdr('550 5.7.57 SMTP; Client was not authenticated to send anonymous mail during MAIL FROM [BN6PR11CA0001.namprd11.prod.outlook.com]'),
    category: 'client_not_authenticated', status: '5.7.57', reply_code: 550,
  },
  {
    name: 'Gmail 530 5.7.0 authentication required',
    text: 'The response from the remote server was:\n530 5.7.0 Authentication Required. Learn more at https://support.google.com/mail/?p=WantAuthError\n',
    category: 'client_not_authenticated', status: '5.7.0', reply_code: 530,
  },
  {
    name: 'Exchange group that accepts only authenticated senders',
    text: outlookNdr('550 5.7.1 RESOLVER.RST.AuthRequired; authentication required [Stage: CreateMessage]'),
    category: 'sender_not_authorized', status: '5.7.1',
  },
  {
    name: 'Exchange transport rule: delivery not authorized',
    text: '550 5.7.1 Delivery not authorized, message refused\n',
    category: 'sender_not_authorized', status: '5.7.1', reply_code: 550,
  },
  {
    name: 'Outlook.com S3150 block list',
    text: 'Remote Server returned \'550 5.7.1 Unfortunately, messages from [203.0.113.9] weren\'t sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.\'',
    category: 'ip_reputation', status: '5.7.1', reply_code: 550, sending_ip: '203.0.113.9',
  },
  {
    name: 'Exchange Online 5.7.606 banned sending IP',
    text: '550 5.7.606 Access denied, banned sending IP [198.51.100.23]. To request removal from this list please visit https://sender.office.com/ and follow the directions.',
    category: 'ip_reputation', status: '5.7.606', sending_ip: '198.51.100.23',
  },
  {
    name: 'Postfix client host blocked using Spamhaus',
    text: '<carol@example.org>: host mx1.example.org[198.51.100.8] said: 554 5.7.1 Service unavailable;\n    Client host [192.0.2.44] blocked using zen.spamhaus.org;\n    https://www.spamhaus.org/query/ip/192.0.2.44 (in reply to RCPT TO command)\n',
    category: 'ip_reputation', status: '5.7.1', reply_code: 554, sending_ip: '192.0.2.44', rejected_by: 'mx1.example.org', recipient: 'carol@example.org',
  },
  {
    name: 'Gmail 5.7.25 no PTR record (IPv6)',
    text: 'The response was:\n550-5.7.25 [2001:db8::25] The IP address sending this message does not have a\n550-5.7.25 PTR record setup, or the corresponding forward DNS entry does not\n550-5.7.25 point to the sending IP. As a policy, Gmail does not accept messages\n550 5.7.25 from IPs with missing PTR records. - gsmtp\n',
    category: 'no_reverse_dns', status: '5.7.25', reply_code: 550, sending_ip: '2001:db8::25',
  },
  {
    name: 'Exchange Online 5.7.509 DMARC reject',
    text: outlookNdr('550 5.7.509 Access denied, sending domain [EXAMPLE.COM] does not pass DMARC verification and has a DMARC policy of reject.'),
    category: 'dmarc_policy', status: '5.7.509', reply_code: 550,
  },
  {
    name: 'Exchange Online 5.7.23 SPF violation',
    text: outlookNdr('550 5.7.23 The message was rejected because of Sender Policy Framework violation'),
    category: 'spf_fail', status: '5.7.23',
  },
  {
    name: 'Gmail 5.7.27 SPF did not pass',
    text: '550-5.7.27 Your email has been blocked because SPF authentication didn\'t pass for this message.\n550-5.7.27 Gmail requires all bulk email senders to authenticate with SPF.\n550 5.7.27 Authentication results: SPF domain example.com with ip: 198.51.100.40 = Did not pass.\n',
    category: 'spf_fail', status: '5.7.27', sending_ip: '198.51.100.40',
  },
  {
    name: 'Gmail 5.7.30 DKIM did not pass',
    text: '550-5.7.30 This mail has been blocked because DKIM does not pass. Gmail requires all large\n550 5.7.30 senders to authenticate with DKIM. Authentication results: DKIM = did not pass.\n',
    category: 'dkim_fail', status: '5.7.30',
  },
  {
    name: 'Gmail 5.7.26 unauthenticated sender',
    text: '550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires\n550-5.7.26 all senders to authenticate with either SPF or DKIM. Authentication results:\n550-5.7.26 DKIM = did not pass SPF [example.com] with ip: [192.0.2.77] = did not pass\n550 5.7.26 For instructions on setting up authentication, go to Email sender guidelines.\n',
    category: 'authentication_required', status: '5.7.26', sending_ip: '192.0.2.77',
  },
  {
    name: 'Gmail 5.7.26 no authentication information',
    text: '550-5.7.26 This message does not have authentication information or fails to\n550 5.7.26 pass authentication checks (SPF or DKIM). To best protect our users from spam, the message has been blocked.\n',
    category: 'authentication_required', status: '5.7.26',
  },
  {
    name: 'Gmail unsolicited mail (content, although the reply names the IP)',
    text: '550-5.7.1 [192.0.2.1      12] Our system has detected that this message is\n550-5.7.1 likely unsolicited mail. To reduce the amount of spam sent to Gmail,\n550 5.7.1 this message has been blocked. - gsmtp\n',
    category: 'content_rejected', status: '5.7.1',
  },
  {
    name: 'Exchange recipient not found',
    text: outlookNdr('550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'),
    category: 'recipient_rejected', status: '5.1.1', recipient: 'bob@example.net',
  },
  {
    name: 'Exchange Online 5.1.8 restricted sender',
    text: outlookNdr('550 5.1.8 Access denied, bad outbound sender. AS(42004)'),
    category: 'sending_restricted', status: '5.1.8',
  },
  {
    name: 'Exchange Online 5.7.708 traffic not accepted from this IP',
    text: '550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653 AS(7230)',
    category: 'sending_restricted', status: '5.7.708',
  },
  {
    name: 'Exchange Online 5.7.520 external forwarding blocked',
    text: outlookNdr('550 5.7.520 Access denied, Your organization does not allow external forwarding. Please contact your administrator for further assistance. AS(7555)'),
    category: 'sending_restricted', status: '5.7.520',
  },
  {
    name: 'Amazon SES unverified sender identity',
    text: '554 Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: alice@example.com\n',
    category: 'sending_restricted', reply_code: 554, status: null,
  },
  {
    name: 'Exchange Online mail loop',
    text: outlookNdr('554 5.4.14 Hop count exceeded - possible mail loop ATTR34 [AM0PR01MB1234.eurprd01.prod.exchangelabs.com]'),
    category: 'other', status: '5.4.14',
  },
  {
    name: 'a pasted delivery-status block',
    text: 'Reporting-MTA: dns; mail.example.com\nArrival-Date: Mon, 1 Jun 2026 10:00:00 +0000\n\nFinal-Recipient: rfc822; bob@example.net\nAction: failed\nStatus: 5.0.0\nRemote-MTA: dns; mx.example.net\nDiagnostic-Code: smtp; 550 5.7.1 Client host [203.0.113.5] blocked\n    using bl.spamcop.net\n',
    category: 'ip_reputation', status: '5.7.1', reply_code: 550, sending_ip: '203.0.113.5', rejected_by: 'mx.example.net', recipient: 'bob@example.net',
  },
];

describe('pasted NDR text', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const d = await diagnoseBounce(c.text);
    expect(d.evidence.input).toBe('text');
    expect(d.category).toBe(c.category);
    for (const key of ['status', 'reply_code', 'sending_ip', 'rejected_by', 'recipient'] as const) {
      if (c[key] !== undefined) expect({ [key]: d[key] }).toEqual({ [key]: c[key] });
    }
  });
});

describe('advice', () => {
  it('gives the delisting steps of the guide for an S3150 block, naming the IP', async () => {
    const d = await diagnoseBounce("Remote Server returned '550 5.7.1 Service unavailable, Client host [203.0.113.9] blocked using Customer Block list (S3150)'");
    expect(d.evidence.rule).toBe('ms-s3150');
    const fixes = d.fixes.join('\n');
    expect(fixes).toMatch(/SNDS/);
    expect(fixes).toMatch(/Spamhaus/);
    expect(fixes).toMatch(/mitigation request/);
    expect(fixes).toContain('203.0.113.9');
  });

  it('points a relay failure at the inbound connector', async () => {
    const d = await diagnoseBounce('550 5.7.1 Unable to relay');
    expect(d.category).toBe('relay_denied');
    expect(d.fixes.join('\n')).toMatch(/Mail flow → Connectors/);
  });

  it('sends a restricted sender to the Restricted entities page and a password reset', async () => {
    const d = await diagnoseBounce('550 5.1.8 Access denied, bad outbound sender');
    expect(d.fixes.join('\n')).toMatch(/Restricted entities/);
    expect(d.fixes.join('\n')).toMatch(/password reset/);
  });

  it('names the sender domain from the returned message in DMARC advice', async () => {
    const eml = [
      'From: MAILER-DAEMON@mx.example.net',
      'To: alice@example.com',
      'Subject: Undelivered Mail Returned to Sender',
      '',
      '<bob@example.net>: host mx.example.net[198.51.100.1] said: 550 5.7.1 Email rejected',
      '    per DMARC policy for example.com (in reply to end of DATA command)',
      '',
      '--- Below this line is a copy of the message.',
      '',
      'Return-Path: <bounces@mailer.example.com>',
      'Received: from app.example.com (app.example.com [93.184.216.34]) (private: [10.0.0.5]) by mailer.example.com',
      'From: Alice <alice@example.com>',
      'Subject: hello',
      '',
      'hi',
    ].join('\n');
    const d = await diagnoseBounce(eml);
    expect(d.evidence.input).toBe('eml');
    expect(d.category).toBe('dmarc_policy');
    expect(d.sender).toBe('alice@example.com');
    expect(d.evidence.envelope_sender).toBe('bounces@mailer.example.com');
    expect(d.evidence.received_ips).toEqual(['93.184.216.34']);
    expect(d.evidence.smtp_command).toBe('DATA');
    expect(d.fixes.join('\n')).toContain('example.com');
  });
});

describe('bounded input', () => {
  it('refuses input over the size limit with an error naming the limit', async () => {
    const error = await diagnoseBounce('x'.repeat(2_000), { maxInputBytes: 1_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiagnoseError);
    expect((error as DiagnoseError).code).toBe('input.too_large');
    expect((error as DiagnoseError).message).toMatch(/maxInputBytes.*1000 bytes/);
  });

  it('refuses empty input', async () => {
    const error = await diagnoseBounce('  \n\t ').catch((e: unknown) => e);
    expect((error as DiagnoseError).code).toBe('input.empty');
  });

  it('reads hostile text without hanging and without inventing a cause', async () => {
    const hostile = [
      '550 '.repeat(50_000),
      '['.repeat(100_000),
      `<${'a'.repeat(100_000)}: host ${'b'.repeat(100_000)}[`,
      `${'1.'.repeat(100_000)}1`,
      `Remote Server returned '${"'".repeat(50_000)}`,
      `${'\n'.repeat(60_000)}x`,
      `${' \n\t'.repeat(20_000)}--`,
    ];
    for (const text of hostile) {
      const d = await diagnoseBounce(text);
      expect(d.category).toBe('other');
      expect((d.evidence.diagnostic ?? '').length).toBeLessThanOrEqual(4_096);
    }
  });
});
