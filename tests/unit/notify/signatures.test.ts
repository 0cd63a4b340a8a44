import { describe, expect, it } from 'vitest';
import {
  createUnsubscribeToken,
  generateWebhookSecret,
  listUnsubscribeHeaders,
  redactToken,
  signWebhook,
  unsubscribeUrl,
  verifyUnsubscribeToken,
  verifyWebhookSignature,
} from '../../../lib/notify';
import { unsubscribeKey } from '../../../lib/notify/unsubscribe/unsubscribe-token';

describe('webhook signatures', () => {
  const secret = generateWebhookSecret();
  const body = '{"kind":"new_source"}';
  const now = new Date('2026-05-12T09:30:00Z');
  const t = Math.floor(now.getTime() / 1000);

  it('verify for the exact body, time and secret', () => {
    const header = signWebhook(body, secret, t);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature({ body, header, secret, now })).toEqual({ ok: true, timestamp: t });
    expect(verifyWebhookSignature({ body: Buffer.from(body), header, secret, now })).toEqual({ ok: true, timestamp: t });
  });

  it('fail for a changed body, another secret, an old or future time, or a malformed header', () => {
    const header = signWebhook(body, secret, t);
    expect(verifyWebhookSignature({ body: body.replace('new_source', 'no_reports'), header, secret, now })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature({ body, header, secret: generateWebhookSecret(), now })).toEqual({ ok: false, reason: 'mismatch' });
    // A replayed request: signed ten minutes before it arrives.
    expect(verifyWebhookSignature({ body, header, secret, now: new Date(now.getTime() + 600_000) })).toEqual({ ok: false, reason: 'expired' });
    expect(verifyWebhookSignature({ body, header: header.replace(`t=${t}`, `t=${t + 1}`), secret, now })).toEqual({ ok: false, reason: 'mismatch' });
    for (const bad of [undefined, '', 'v1=abc', `t=${t}`, `t=x,v1=${'0'.repeat(64)}`, `t=${t},t=${t},v1=${'0'.repeat(64)}`]) {
      expect(verifyWebhookSignature({ body, header: bad, secret, now })).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('accept any of several secrets while a receiver rotates', () => {
    const header = signWebhook(body, secret, t);
    expect(verifyWebhookSignature({ body, header, secret: [generateWebhookSecret(), secret], now }).ok).toBe(true);
  });
});

describe('unsubscribe tokens', () => {
  const key = unsubscribeKey('a-test-secret-that-is-at-least-32-characters');

  it('name the user and the setting, and verify', () => {
    const token = createUnsubscribeToken(42, 'digest', key);
    expect(token).toMatch(/^u1\.42\.digest\.[A-Za-z0-9_-]{43}$/);
    expect(verifyUnsubscribeToken(token, key)).toEqual({ userId: 42, setting: 'digest' });
    expect(verifyUnsubscribeToken(createUnsubscribeToken(42, 'alerts', key), key)).toEqual({ userId: 42, setting: 'alerts' });
    expect(redactToken(token)).toBe('u1.42.digest.…');
  });

  it('refuse altered tokens, tokens under another AUTH_SECRET, and HMACs made for another purpose', () => {
    const token = createUnsubscribeToken(42, 'digest', key);
    const mac = token.split('.')[3];
    expect(verifyUnsubscribeToken(`u1.43.digest.${mac}`, key)).toBeNull();
    expect(verifyUnsubscribeToken(`u1.42.alerts.${mac}`, key)).toBeNull();
    expect(verifyUnsubscribeToken(token, unsubscribeKey('another-secret-that-is-at-least-32-characters'))).toBeNull();
    expect(verifyUnsubscribeToken(`${token}x`, key)).toBeNull();
    expect(verifyUnsubscribeToken('u1.42.digest', key)).toBeNull();
    // The raw AUTH_SECRET (e.g. what signs sessions) does not make valid tokens: the key is derived.
    const raw = Buffer.from('a-test-secret-that-is-at-least-32-characters');
    expect(verifyUnsubscribeToken(createUnsubscribeToken(42, 'digest', raw), key)).toBeNull();
  });

  it('go into a one-click link and the RFC 8058 headers', () => {
    const url = unsubscribeUrl('https://atlas.example.test/base/', 42, 'digest', key);
    expect(url).toMatch(/^https:\/\/atlas\.example\.test\/base\/unsubscribe\?token=u1\.42\.digest\.[A-Za-z0-9_-]{43}$/);
    expect(listUnsubscribeHeaders(url)).toEqual({ 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    const token = new URL(url).searchParams.get('token');
    expect(listUnsubscribeHeaders(url, 'unsubscribe@atlas.example.test')['List-Unsubscribe']).toBe(`<${url}>, <mailto:unsubscribe@atlas.example.test?subject=unsubscribe%20${token}>`);
  });
});
