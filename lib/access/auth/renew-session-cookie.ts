import { cookies, headers } from 'next/headers';
import { usesHttps } from '@/lib/platform/env';
import { encodeSessionToken, readSessionClaims, sessionCookieName, sessionMaxAgeSeconds } from './session-token';

/**
 * After the user's session version moved on (a new password), keeps the browser that asked
 * signed in: its cookie is re-issued with the new version and the same session id, with the
 * attributes next-auth gives it. Server actions only (it writes a cookie).
 */
export async function renewSessionCookie(input: { userId: number; email: string; sessionVersion: number }): Promise<void> {
  const claims = await readSessionClaims((await headers()).get('cookie'));
  if (!claims || claims.userId !== input.userId) return;
  const token = await encodeSessionToken({ userId: input.userId, sessionVersion: input.sessionVersion, sid: claims.sid, email: input.email });
  (await cookies()).set(sessionCookieName(), token, { httpOnly: true, sameSite: 'lax', path: '/', secure: usesHttps(), maxAge: sessionMaxAgeSeconds() });
}

/** Deletes this browser's session cookie (after its session was ended on the server). */
export async function clearSessionCookie(): Promise<void> {
  (await cookies()).delete(sessionCookieName());
}
