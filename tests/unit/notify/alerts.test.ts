import { describe, expect, it } from 'vitest';
import { ALERT_KINDS, WEBHOOK_SCHEMA, buildWebhook, renderAlert } from '../../../lib/notify';
import { ALERTS, alertOf } from './alert-fixtures';

const BASE = 'https://atlas.example.test';

describe('alerts', () => {
  it('render every kind as a mail whose text and HTML say the same thing', async () => {
    expect(ALERTS.map((a) => a.kind).sort()).toEqual([...ALERT_KINDS].sort());
    const subjects: Record<string, string> = {};
    for (const alert of ALERTS) {
      const mail = await renderAlert(alert, { baseUrl: BASE, unsubscribeUrl: `${BASE}/unsubscribe?token=t` });
      subjects[alert.kind] = mail.subject;
      expect(mail.html).not.toMatch(/<script|<img/i);
      expect(mail.text).toContain(mail.subject.replace(/^CRITICAL: /, ''));
      expect(mail.html).toContain('Open in DMARC Atlas');
      expect(mail.text).toMatch(/Open in DMARC Atlas: https:\/\/atlas\.example\.test\//);
      expect(mail.text).toContain('Unsubscribe from alert e-mails: https://atlas.example.test/unsubscribe?token=t');
    }
    expect(subjects).toEqual({
      new_source: 'New source sending as example.com: vps-12.hosting.example',
      pass_rate_below: 'example.com: DMARC pass rate 90.0%, below 95.0%',
      pass_rate_dropped: 'example.com: DMARC pass rate dropped to 85.0% (−14.0 pts)',
      dns_record_changed: 'example.com: SPF record changed',
      ingest_failures: '3 reports failed to import',
      no_reports: 'example.net: no DMARC reports for 3 days',
      reporter_stopped: 'example.com: Yahoo stopped sending reports',
      ip_blocklisted: 'CRITICAL: 198.51.100.7 is listed on zen.spamhaus.org',
    });
  });

  it('show a changed DNS record before and after, in full', async () => {
    const mail = await renderAlert(alertOf('dns_record_changed'), { baseUrl: BASE });
    for (const record of ['v=spf1 include:_spf.google.com ~all', 'v=spf1 include:_spf.google.com include:servers.mcsv.net ~all']) {
      expect(mail.html).toContain(record);
      expect(mail.text.replace(/\s+/g, ' ')).toContain(record);
    }
    expect(mail.text).not.toContain('Unsubscribe');
  });

  it('build a JSON webhook body with a stable schema', () => {
    const payload = buildWebhook(alertOf('new_source'), { format: 'json', baseUrl: BASE });
    expect(payload).toMatchObject({ contentType: 'application/json', id: 'evt-new-source-1', kind: 'new_source' });
    expect(JSON.parse(payload.body)).toEqual({
      schema: WEBHOOK_SCHEMA,
      id: 'evt-new-source-1',
      kind: 'new_source',
      severity: 'warning',
      occurred_at: '2026-05-12T09:30:00.000Z',
      organization: { id: 3, name: 'Acme' },
      domain: 'example.com',
      title: 'New source sending as example.com: vps-12.hosting.example',
      summary: 'vps-12.hosting.example (203.0.113.9) sent 88 messages as example.com since 2026-05-11 22:00 UTC, 0.0% passing DMARC. Verdict: Unknown / likely spoofing.',
      url: 'https://atlas.example.test/domains/example.com/sources',
      facts: [
        { label: 'Source', value: 'vps-12.hosting.example' },
        { label: 'IP address', value: '203.0.113.9' },
        { label: 'Details', value: 'AS64500 · NL' },
        { label: 'Messages', value: '88' },
        { label: 'DMARC pass', value: '0.0%' },
        { label: 'Verdict', value: 'Unknown / likely spoofing' },
      ],
      data: {
        domain: 'example.com',
        source: { label: 'vps-12.hosting.example', ip: '203.0.113.9', detail: 'AS64500 · NL', verdict: 'unknown', messages: 88, dmarc_pass: 0, first_seen: '2026-05-11T22:00:00.000Z' },
      },
    });
    for (const alert of ALERTS) {
      const body = JSON.parse(buildWebhook(alert, { format: 'json', baseUrl: BASE }).body) as Record<string, unknown>;
      expect(Object.keys(body)).toEqual(['schema', 'id', 'kind', 'severity', 'occurred_at', 'organization', 'domain', 'title', 'summary', 'url', 'facts', 'data']);
    }
  });

  it('build a Slack message in which attacker text cannot link, mention or break the layout', () => {
    const hostile = {
      ...alertOf('new_source'),
      source: { ...alertOf('new_source').source, label: '<!channel> <https://evil.test|click me> & *bold*', detail: 'x'.repeat(5000) },
    };
    const message = JSON.parse(buildWebhook(hostile, { format: 'slack', baseUrl: BASE }).body) as { text: string; blocks: { type: string; text?: { type: string; text: string }; fields?: { text: string }[] }[] };
    expect(message.text).toBe('⚠️ New source sending as example.com: &lt;!channel&gt; &lt;https://evil.test|click me&gt; &amp; *bold*');
    const mrkdwn = message.blocks.flatMap((b) => [...(b.text?.type === 'mrkdwn' ? [b.text.text] : []), ...(b.fields ?? []).map((f) => f.text)]);
    for (const text of mrkdwn) {
      // The only link is ours; no mention survives.
      expect(text.match(/<[^>]*>/g) ?? []).toEqual(text.includes('Open in DMARC Atlas') ? ['<https://atlas.example.test/domains/example.com/sources|Open in DMARC Atlas>'] : []);
      expect(text.length).toBeLessThanOrEqual(2000);
    }
    const header = message.blocks.find((b) => b.type === 'header');
    expect(header?.text).toMatchObject({ type: 'plain_text' });
    expect(header?.text?.text.length).toBeLessThanOrEqual(150);
  });

  it('refuse malformed alerts at the boundary', () => {
    expect(() => buildWebhook({ ...alertOf('ip_blocklisted'), ip: 'not-an-ip' }, { format: 'json', baseUrl: BASE })).toThrow(/IP address/);
    expect(() => buildWebhook({ ...alertOf('no_reports'), id: 'has spaces' }, { format: 'json', baseUrl: BASE })).toThrow();
    expect(() => buildWebhook(alertOf('no_reports'), { format: 'json', baseUrl: 'javascript:alert(1)' })).toThrow();
  });
});
