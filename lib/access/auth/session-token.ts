import { randomUUID } from 'node:crypto';
import { decode, encode } from 'next-auth/jwt';
import { authEnv, authSecret, usesHttps } from '@/lib/platform/env';

// next-auth's cookie names (the __Secure- prefix is used when the app is served over https).
export const SESSION_COOKIE = 'next-auth.session-token';
export const SECURE_SESSION_COOKIE = '__Secure-next-auth.session-token';

export interface TSessionClaims {
  userId: number;
  sessionVersion: number;
  /** This session's id (set at sign-in, kept when next-auth renews the cookie): what signing out revokes. */
  sid: string;
}

export const ZSessionId = /^[0-9a-f-]{36}$/;

export function parseCookies(header: string | null | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      cookies.set(name, value);
    }
  }
  return cookies;
}

/** next-auth splits cookies over 4 kB into name.0, name.1, …; ours stay small, but be exact. */
function readChunked(cookies: Map<string, string>, name: string): string | null {
  const whole = cookies.get(name);
  if (whole) return whole;
  const parts: string[] = [];
  for (let i = 0; cookies.has(`${name}.${i}`); i += 1) parts.push(cookies.get(`${name}.${i}`)!);
  return parts.length ? parts.join('') : null;
}

type TDecoded = Awaited<ReturnType<typeof decode>>;

/** Decoded cookies kept for the next request of the same session (a browser sends the same one). */
const DECODED_KEPT = 1000;
const decoded = new Map<string, { secret: string; claims: TDecoded }>();
/** jose's tolerance for `exp` in next-auth's decode, kept when the decryption is skipped. */
const EXP_TOLERANCE_S = 15;

/**
 * next-auth's decode, remembered per cookie: each decode derives the key (HKDF) and decrypts
 * (JWE), about 1 ms of the rendering core, twice per page (proxy and page). A token decrypts to
 * the same claims every time, so only its expiry is checked again.
 */
async function decodeOnce(token: string, secret: string): Promise<TDecoded> {
  const kept = decoded.get(token);
  if (kept && kept.secret === secret) {
    const exp = Number(kept.claims?.exp ?? Number.POSITIVE_INFINITY);
    return Date.now() / 1000 <= exp + EXP_TOLERANCE_S ? kept.claims : null;
  }
  const claims = await decode({ token, secret });
  if (claims) {
    if (decoded.size >= DECODED_KEPT) decoded.delete(decoded.keys().next().value as string);
    decoded.set(token, { secret, claims });
  }
  return claims;
}

/**
 * Decodes the session cookie of a request (the one function used by proxy.ts, pages and the
 * API wrapper, so a plain `Request` in a test is authenticated exactly like a browser's).
 * Null when absent, undecryptable, expired or malformed.
 */
export async function readSessionClaims(cookieHeader: string | null | undefined): Promise<TSessionClaims | null> {
  const cookies = parseCookies(cookieHeader);
  const token = readChunked(cookies, sessionCookieName());
  if (!token) return null;
  // Outside the try: a missing AUTH_SECRET is a configuration error to surface, not "signed out".
  const secret = authSecret();
  try {
    const claims = await decodeOnce(token, secret);
    const userId = Number(claims?.uid);
    const sessionVersion = Number(claims?.sv ?? 0);
    const sid = claims?.sid;
    // A cookie without a session id (issued before sessions could be ended one by one) can't be revoked: refused.
    if (!claims || !Number.isSafeInteger(userId) || userId <= 0 || typeof sid !== 'string' || !ZSessionId.test(sid)) return null;
    // jose checks exp with a little tolerance; enforce the configured lifetime from issue time too.
    const issuedAt = Number(claims.iat ?? 0);
    if (issuedAt && Date.now() / 1000 - issuedAt > sessionMaxAgeSeconds() + 60) return null;
    return { userId, sessionVersion, sid };
  } catch {
    return null;
  }
}

export function sessionMaxAgeSeconds(): number {
  return Math.round(authEnv().ATLAS_SESSION_MAX_AGE_HOURS * 3600);
}

export function sessionCookieName(): string {
  return usesHttps() ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/** The cookie value of a session, as next-auth issues it. */
export async function encodeSessionToken(input: { userId: number; sessionVersion: number; sid: string; email?: string | null }): Promise<string> {
  return encode({
    token: { sub: String(input.userId), uid: input.userId, sv: input.sessionVersion, sid: input.sid, email: input.email ?? undefined },
    secret: authSecret(),
    maxAge: sessionMaxAgeSeconds(),
  });
}

export function newSessionId(): string {
  return randomUUID();
}

/** A session cookie for a user, as next-auth would issue it (tests, and nothing else). */
export async function encodeSessionCookie(input: { userId: number; sessionVersion?: number; email?: string; sid?: string }): Promise<string> {
  const token = await encodeSessionToken({ userId: input.userId, sessionVersion: input.sessionVersion ?? 0, sid: input.sid ?? newSessionId(), email: input.email });
  return `${sessionCookieName()}=${token}`;
}
