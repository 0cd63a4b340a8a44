import { prisma } from '@/lib/platform/db';
import { deviceCookieHeader } from './device-cookie';
import { readSessionClaims, sessionCookieName } from './session-token';

/**
 * After next-auth answered a sign-in (password, e-mail link or single sign-on) with a new session
 * cookie, makes this browser a known device of that account (device-cookie.ts). Done on the
 * response because next-auth's callbacks can't set cookies of their own.
 */
export async function withDeviceCookie(response: Response): Promise<Response> {
  const name = sessionCookieName();
  const session = response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${name}=`) && !cookie.startsWith(`${name}=;`));
  if (!session) return response;
  const claims = await readSessionClaims(session.split(';')[0]);
  if (!claims) return response;
  const user = await prisma().user.findUnique({ where: { id: claims.userId }, select: { email: true } });
  if (user) response.headers.append('Set-Cookie', deviceCookieHeader(user.email));
  return response;
}
