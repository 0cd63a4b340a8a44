import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// Webhook signatures in the scheme Stripe made familiar: the header carries the signing time
// and an HMAC-SHA256 over "<time>.<body>", so a receiver can check both who sent the body and
// when, and refuse a captured request replayed later. Receivers: docs/notifications.md.

export const SIGNATURE_HEADER = 'Atlas-Signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A fresh signing secret for a webhook endpoint (shown once to the admin who adds it). */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

const mac = (secret: string, timestamp: number, body: string | Buffer): string =>
  createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');

/** The header value: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export function signWebhook(body: string | Buffer, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${mac(secret, timestamp, body)}`;
}

export type TVerifyResult = { ok: true; timestamp: number } | { ok: false; reason: 'malformed' | 'expired' | 'mismatch' };

export interface TVerifyInput {
  /** The raw request body, exactly as received (before any JSON parsing). */
  body: string | Buffer;
  /** The Atlas-Signature header. */
  header: string | null | undefined;
  /** The endpoint's secret; several while rotating (any may match). */
  secret: string | readonly string[];
  /** Largest accepted age (and clock skew) of the signature; default 300 s. */
  toleranceSeconds?: number;
  now?: Date;
}

export function verifyWebhookSignature(input: TVerifyInput): TVerifyResult {
  const parts = (input.header ?? '').split(',').map((p) => p.trim().split('='));
  const t = parts.filter(([k]) => k === 't').map(([, v]) => v);
  const signatures = parts.filter(([k, v]) => k === 'v1' && /^[0-9a-f]{64}$/.test(v ?? '')).map(([, v]) => Buffer.from(v, 'hex'));
  if (t.length !== 1 || !/^\d{1,12}$/.test(t[0] ?? '') || signatures.length === 0) return { ok: false, reason: 'malformed' };
  const timestamp = Number(t[0]);
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return { ok: false, reason: 'expired' };
  const secrets = typeof input.secret === 'string' ? [input.secret] : input.secret;
  for (const secret of secrets) {
    const expected = Buffer.from(mac(secret, timestamp, input.body), 'hex');
    if (signatures.some((s) => timingSafeEqual(s, expected))) return { ok: true, timestamp };
  }
  return { ok: false, reason: 'mismatch' };
}
