import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { authEnv, authSecret, usesHttps } from '@/lib/platform/env';

// A "device cookie" (OWASP, "Slow down online guessing attacks with device cookies"): a browser
// that once signed in to an account carries a signed token naming that account. Its failed
// sign-ins are counted in a bucket of its own, so a flood of wrong passwords from elsewhere
// slows down everyone else but not the owner at their usual browser. Signed with a key derived
// from AUTH_SECRET; a cookie can't be forged, and one issued for another account is ignored.

const COOKIE = 'atlas_device';
const SECURE_COOKIE = '__Host-atlas_device';

const ZPayload = z.object({ e: z.string().max(320), n: z.string().regex(/^[A-Za-z0-9_-]{22}$/), t: z.number().int().positive() });

function key(): Buffer {
  return Buffer.from(hkdfSync('sha256', authSecret(), Buffer.alloc(0), 'dmarc-atlas device cookie v1', 32));
}

function sign(payload: string): string {
  return createHmac('sha256', key()).update(payload).digest('base64url');
}

export function deviceCookieName(): string {
  return usesHttps() ? SECURE_COOKIE : COOKIE;
}

/** The device's id when `value` is a valid, unexpired device cookie for `email`; else null. */
export function verifyDeviceCookie(value: string | null | undefined, email: string): string | null {
  if (!value || value.length > 1024) return null;
  const [payload, mac] = value.split('.');
  if (!payload || !mac) return null;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let parsed: z.infer<typeof ZPayload>;
  try {
    parsed = ZPayload.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    return null;
  }
  const maxAgeSeconds = authEnv().ATLAS_LOGIN_DEVICE_DAYS * 86_400;
  if (parsed.e !== email.trim().toLowerCase() || Date.now() / 1000 - parsed.t > maxAgeSeconds) return null;
  return parsed.n;
}

/** A Set-Cookie header value making this browser a known device of `email`. */
export function deviceCookieHeader(email: string): string {
  const payload = Buffer.from(JSON.stringify({ e: email.trim().toLowerCase(), n: randomBytes(16).toString('base64url'), t: Math.floor(Date.now() / 1000) })).toString('base64url');
  const maxAge = authEnv().ATLAS_LOGIN_DEVICE_DAYS * 86_400;
  return `${deviceCookieName()}=${payload}.${sign(payload)}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${usesHttps() ? '; Secure' : ''}`;
}
