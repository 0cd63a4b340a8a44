import { describe, expect, it } from 'vitest';
import { renderDigest } from '../../../lib/notify';
import { VERDICT_LABELS } from '../../../lib/sources/verdicts/decide-verdict';
import { BASE_URL, UNSUBSCRIBE_URL, busyDomain, digestOf, quietDomain, severalDomains } from './digest-fixtures';

const links = { baseUrl: BASE_URL, unsubscribeUrl: UNSUBSCRIBE_URL };
/** The visible text of the HTML part, entities decoded, for "does the reader see X" checks. */
const visible = (html: string): string =>
  html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
/** The text part as one line, for sentences that wrap. */
const flat = (text: string): string => text.replace(/\s+/g, ' ');
/** The HTML without the preheader's padding (react-email's own run of zero-width characters). */
const withoutPreheaderPadding = (html: string): string => html.replace(/<div>[\u00a0\u200b-\u200f\ufeff ]+<\/div>/, '');
// Every C0/C1 control but the text part's own line breaks, and every bidi control.
const FORBIDDEN = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('the weekly digest, rendered', () => {
  it('shows the same figures in the HTML and the text part, and sums them up in the subject', async () => {
    const mail = await renderDigest(digestOf([busyDomain()]), links);
    expect(mail.subject).toBe('DMARC digest 4 May – 10 May: example.com 98.2% pass, 12,345 messages');
    for (const figure of ['12,345', '98.2%', '97.8%', '+0.4 pts', '11,002', '11,890', '96.3%', '118 messages from 4 unknown sources failed DMARC']) {
      expect(flat(mail.text)).toContain(figure);
      expect(visible(mail.html)).toContain(figure);
    }
    // The project's verdict names, in both parts.
    for (const label of Object.values(VERDICT_LABELS)) {
      expect(mail.text).toContain(label);
      expect(visible(mail.html)).toContain(label);
    }
    // Fix advice, the next enforcement step and its record, links into the dashboard.
    for (const part of [flat(mail.text), visible(mail.html)]) {
      expect(part).toContain('set up a custom DKIM domain in Mailchimp');
      expect(part).toContain('Next: Quarantine in testing (p=quarantine; t=y); 1 gate does not hold yet.');
      expect(part).toContain('v=DMARC1; p=quarantine; t=y;');
    }
    expect(mail.html).toContain('href="https://atlas.example.test/domains/example.com/sources"');
    expect(mail.text).toContain('https://atlas.example.test/domains/example.com/sources');
    expect(mail.html).toContain(`href="${UNSUBSCRIBE_URL}"`);
    expect(mail.text).toContain(`Unsubscribe from this digest: ${UNSUBSCRIBE_URL}`);
  });

  it('is HTML a mail client can show: no scripts, nothing fetched from outside, 600px wide, a preheader', async () => {
    const { html } = await renderDigest(severalDomains(), links);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img|<link|url\(|@import/i);
    expect(html).toContain('max-width:600px');
    expect(html).toContain('name="color-scheme" content="light dark"');
    // The preheader is the first text in the body, hidden, and carries the headline figures.
    expect(html).toMatch(/<body[^>]*>.*?<div style="display:none[^"]*"[^>]*>14,385 messages, 94\.9% pass DMARC \(−1\.0 pts\), 3 sources to fix, 3 new sources\./s);
  });

  it('starts a digest of several domains with an overall table, one aligned row per domain and a total', async () => {
    const mail = await renderDigest(severalDomains(), links);
    expect(mail.subject).toBe('DMARC digest 4 May – 10 May: 3 domains, 94.9% pass, 3 sources to fix');
    const lines = mail.text.split('\n');
    const header = lines.findIndex((l) => /^Domain\s+Messages\s+Pass\s+Trend\s+To fix\s+Spoofed$/.test(l));
    expect(header).toBeGreaterThan(-1);
    const rows = lines.slice(header, header + 7);
    expect(rows[2]).toMatch(/^example\.com\s+12,345\s+98\.2%\s+\+0\.4 pts\s+2\s+118$/);
    expect(rows[3]).toMatch(/^shop\.example\.org\s+2,040\s+75\.0%\s+−10\.4 pts\s+1\s+140$/);
    expect(rows[4]).toMatch(/^quiet\.example\.net\s+0\s+—\s+n\/a\s+0\s+0$/);
    expect(rows[6]).toMatch(/^All 3 domains\s+14,385\s+94\.9%\s+−1\.0 pts\s+3\s+258$/);
    // Right-aligned columns end in the same place on every row.
    const ends = (l: string) => [...l.matchAll(/\S+(?= {2}|$)/g)].map((m) => (m.index ?? 0) + m[0].length);
    expect(new Set([rows[0], rows[2], rows[3], rows[4], rows[6]].map((l) => ends(l).slice(-5).join()))).toHaveProperty('size', 1);

    const html = visible(mail.html);
    expect(html.indexOf('Overview')).toBeLessThan(html.indexOf('Sources by verdict'));
    for (const figure of ['All 3 domains 14,385 94.9% −1.0 pts 3 258', 'shop.example.org 2,040 75.0% −10.4 pts 1 140']) expect(html).toContain(figure);
    // Each domain then has its own section, and the quiet one says when its last report came.
    for (const part of [flat(mail.text), html]) expect(part).toContain('No reports this week. The last report arrived on 20 Apr 2026.');
  });

  it('still sends in a quiet week, saying that nothing arrived and that the pipeline is alive', async () => {
    const mail = await renderDigest(digestOf([quietDomain('example.com', '2026-04-28T00:00:00Z'), quietDomain('example.net', null)]), links);
    expect(mail.subject).toBe('DMARC digest 4 May – 10 May: no reports received this week');
    for (const part of [flat(mail.text), visible(mail.html)]) {
      expect(part).toContain('No aggregate reports arrived for any of your 2 domains this week. DMARC Atlas is running and checked for them: this message is the proof.');
      expect(part).toContain('The last report arrived on 28 Apr 2026.');
      expect(part).toContain('No report has ever arrived for it.');
    }
    expect(mail.html).toContain('DMARC Atlas is running: this mail is the proof.');
  });

  it('escapes and neutralises attacker-written names in both parts', async () => {
    const hostile = busyDomain({
      worstFailing: [
        {
          label: '<script>alert(1)</script><img src=https://evil.test/x.png>',
          detail: 'mail.\u202Egnp.exe\u202C \r\nBcc: victim@example.com',
          verdict: 'unknown',
          messages: 5,
          dmarcPass: 0,
          advice: [`Long ${'x'.repeat(5000)} advice\u0007 with "quotes" & <b>tags</b>`],
        },
      ],
      newSources: { total: 1, top: [{ label: `${'a'.repeat(300)}.evil.example`, verdict: 'unknown', messages: 5, dmarcPass: 0 }] },
    });
    const mail = await renderDigest(digestOf([hostile], { user: { id: 7, email: 'ann@example.com', name: 'Ann\u2066\r\nX-Injected: 1', timeZone: 'Mars/Olympus' } }), links);
    expect(mail.html).not.toMatch(/<script|<img|<b>/i);
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(visible(mail.html)).toContain('<script>alert(1)</script>');
    for (const part of [mail.text, withoutPreheaderPadding(mail.html), mail.subject]) expect(part).not.toMatch(FORBIDDEN);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    // The override character is gone, so the name reads in its true order.
    expect(flat(mail.text)).toContain('mail. gnp.exe Bcc: victim@example.com');
    expect(mail.text).toContain('Hi Ann X-Injected: 1,');
    // Long values are bounded (labels 120, advice 600 characters) and wrapped, never lost into
    // one endless line: every text line fits 76 columns except lines that are one URL.
    expect(mail.text).not.toContain('a'.repeat(121));
    expect(mail.text).toContain(`${'a'.repeat(29)}…`);
    expect(mail.text).not.toContain('x'.repeat(600));
    for (const line of mail.text.split('\n').filter((l) => !/^\S*https?:\/\/\S+$/.test(l.split(': ').at(-1) ?? ''))) expect(line.length).toBeLessThanOrEqual(76);
    // An unknown time zone falls back to UTC instead of losing the digest.
    expect(mail.text).toContain('Generated Mon, 11 May 2026, 06:00 (UTC).');
  });

  it('refuses links that would leave the dashboard', async () => {
    const bad = busyDomain({ path: '//evil.test/phish' });
    await expect(renderDigest(digestOf([bad]), links)).rejects.toThrow(/path/);
    await expect(renderDigest(digestOf([busyDomain({ path: 'https://evil.test/' })]), links)).rejects.toThrow(/path/);
  });
});
