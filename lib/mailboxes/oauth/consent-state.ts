import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

// The `state` of the consent round trip: which mailbox of which organisation, a nonce that is
// also kept in a cookie of the browser that started it (so a link crafted by someone else cannot
// complete it), and an expiry — signed, so it needs no table.

const ZState = z.object({ m: z.number().int().positive(), o: z.number().int().positive(), n: z.string().min(16).max(64), e: z.number().int() });
export type TConsentState = { mailboxId: number; organizationId: number; nonce: string; expiresAt: number };

const TTL_MS = 15 * 60_000;

function mac(body: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(`atlas-mailbox-consent:${body}`).digest();
}

export function newConsentState(mailboxId: number, organizationId: number, secret: string, now = Date.now()): { state: string; nonce: string } {
  const nonce = randomBytes(18).toString('base64url');
  const body = Buffer.from(JSON.stringify({ m: mailboxId, o: organizationId, n: nonce, e: now + TTL_MS })).toString('base64url');
  return { state: `${body}.${mac(body, secret).toString('base64url')}`, nonce };
}

/** The state's content when its signature holds and it has not expired; null otherwise. */
export function readConsentState(state: string, secret: string, now = Date.now()): TConsentState | null {
  const [body, signature] = state.split('.');
  if (!body || !signature) return null;
  const expected = mac(body, secret);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let parsed;
  try {
    parsed = ZState.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
  } catch {
    return null;
  }
  if (!parsed.success || parsed.data.e < now) return null;
  return { mailboxId: parsed.data.m, organizationId: parsed.data.o, nonce: parsed.data.n, expiresAt: parsed.data.e };
}
