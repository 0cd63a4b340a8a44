import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import EmailProvider from 'next-auth/providers/email';
import { z } from 'zod';
import { recordAudit } from '@/lib/platform/audit';
import { prisma } from '@/lib/platform/db';
import { atlasAdapter } from './adapter';
import { authEnv, authSecret, appUrl, oidcConfigured, usesHttps } from '@/lib/platform/env';
import { clientIp } from './client-ip';
import { sendMagicLink } from './magic-link';
import { verifyPassword, hashPassword } from './password';
import { deviceCookieName } from './device-cookie';
import { safeRedirectUrl } from './safe-callback-url';
import { reserveSignIn, settleSignIn } from './sign-in-throttle';
import { endedSessionError, revokeSession, sessionIsLive } from './session-revocation';
import { newSessionId, parseCookies, sessionMaxAgeSeconds } from './session-token';

const ZCredentials = z.object({ email: z.string().trim().toLowerCase().email().max(320), password: z.string().min(1).max(1024) });

// Verifying against a fixed hash when the account doesn't exist keeps the response time the
// same for unknown addresses.
let dummyHash: Promise<string> | undefined;

/** Errors thrown from authorize() reach the login page as `?error=<message>`. */
export const AUTH_ERRORS = { rateLimited: 'RateLimited', noAccount: 'NoAccount' } as const;

export async function authorizeCredentials(raw: Record<string, string> | undefined, headers: Record<string, string | string[] | undefined>) {
  const parsed = ZCredentials.safeParse(raw ?? {});
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const ip = clientIp(headers);
  const cookieHeader = headers.cookie;
  const deviceCookie = parseCookies(Array.isArray(cookieHeader) ? cookieHeader.join('; ') : cookieHeader).get(deviceCookieName());
  // Counted before the password is checked (see sign-in-throttle.ts): no race to win.
  const reservation = await reserveSignIn({ kind: 'password', email, ip, deviceCookie });
  if (!reservation.allowed) {
    await recordAudit({ action: 'auth.rate_limited', actor: { label: email }, details: { limit: reservation.reason, retryAfterSeconds: reservation.retryAfterSeconds }, ip });
    throw new Error(AUTH_ERRORS.rateLimited);
  }
  const user = await prisma().user.findUnique({ where: { email }, select: { id: true, email: true, name: true, passwordHash: true, sessionVersion: true } });
  dummyHash ??= hashPassword('not-a-real-password');
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
  const success = Boolean(user?.passwordHash) && ok;
  await settleSignIn(reservation, success);
  if (!success || !user) {
    await recordAudit({ action: 'auth.sign_in_failed', actor: { userId: user?.id ?? null, label: email }, details: { provider: 'credentials' }, ip });
    return null;
  }
  return { id: String(user.id), email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}

function oidcProvider(): NonNullable<NextAuthOptions['providers']>[number] {
  const env = authEnv();
  const issuer = env.ATLAS_OIDC_ISSUER!.replace(/\/+$/, '');
  return {
    id: 'oidc',
    name: env.ATLAS_OIDC_NAME,
    type: 'oauth',
    wellKnown: `${issuer}/.well-known/openid-configuration`,
    issuer,
    clientId: env.ATLAS_OIDC_CLIENT_ID,
    clientSecret: env.ATLAS_OIDC_CLIENT_SECRET,
    authorization: { params: { scope: 'openid email profile' } },
    idToken: true,
    checks: ['pkce', 'state', 'nonce'],
    // The IdP is the operator's own; an account with the same verified address is the same person.
    allowDangerousEmailAccountLinking: true,
    profile(profile: { sub: string; email?: string; name?: string; email_verified?: boolean }) {
      return { id: profile.sub, email: profile.email?.toLowerCase() ?? null, name: profile.name ?? null };
    },
  };
}

let cached: { key: string; options: NextAuthOptions } | undefined;

/** next-auth's options, built on first use (the secret and providers come from the environment). */
export function authOptions(): NextAuthOptions {
  const env = authEnv();
  const key = JSON.stringify([env.AUTH_SECRET, env.ATLAS_URL, env.ATLAS_SMTP_URL, env.ATLAS_OIDC_ISSUER, env.ATLAS_SESSION_MAX_AGE_HOURS]);
  if (cached?.key === key) return cached.options;
  // next-auth v4 takes its own origin from NEXTAUTH_URL (without it: http://localhost:3000).
  process.env.NEXTAUTH_URL = appUrl(env);

  const providers: NextAuthOptions['providers'] = [
    CredentialsProvider({
      id: 'credentials',
      name: 'Password',
      credentials: { email: { label: 'E-mail', type: 'email' }, password: { label: 'Password', type: 'password' } },
      authorize: (credentials, req) => authorizeCredentials(credentials, req.headers ?? {}),
    }),
  ];
  if (env.ATLAS_SMTP_URL) {
    providers.push(
      EmailProvider({
        server: env.ATLAS_SMTP_URL,
        from: env.ATLAS_MAIL_FROM,
        maxAge: env.ATLAS_MAGIC_LINK_MINUTES * 60,
        sendVerificationRequest: sendMagicLink,
      }),
    );
  }
  if (oidcConfigured(env)) providers.push(oidcProvider());

  const options: NextAuthOptions = {
    secret: authSecret(env),
    adapter: atlasAdapter(),
    providers,
    session: { strategy: 'jwt', maxAge: sessionMaxAgeSeconds() },
    jwt: { maxAge: sessionMaxAgeSeconds() },
    useSecureCookies: usesHttps(env),
    pages: { signIn: '/login', error: '/login', verifyRequest: '/login/check-email' },
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== 'oidc') return true;
        // Only people who already have an account (created by an owner or an invitation).
        if ('sessionVersion' in user) return true;
        const claims = profile as { email?: string; email_verified?: boolean } | undefined;
        const email = claims?.email?.toLowerCase();
        if (!email || claims?.email_verified === false) return `/login?error=${AUTH_ERRORS.noAccount}`;
        const existing = await prisma().user.findUnique({ where: { email }, select: { id: true } });
        return existing ? true : `/login?error=${AUTH_ERRORS.noAccount}`;
      },
      async jwt({ token, user }) {
        if (user) {
          const id = Number(user.id);
          const row = await prisma().user.findUnique({ where: { id }, select: { sessionVersion: true } });
          token.uid = id;
          token.sv = row?.sessionVersion ?? 0;
          token.sid = newSessionId();
          return token;
        }
        // next-auth renews the cookie of a live session only: throwing here makes it clear the
        // cookie instead (an ended session must not get a fresh expiry).
        const ref = { userId: Number(token.uid), sessionVersion: Number(token.sv), sid: String(token.sid) };
        if (!(await sessionIsLive(ref))) throw endedSessionError();
        return token;
      },
      // Where to go after signing in or out: a path of this site only (the same rule as the
      // login page's callbackUrl), decided by the URL parser, never by string prefixes.
      async redirect({ url, baseUrl }) {
        return `${baseUrl}${safeRedirectUrl(url, baseUrl)}`;
      },
      async session({ session, token }) {
        return { ...session, user: { ...session.user, id: Number(token.uid) } };
      },
    },
    events: {
      async signIn({ user, account }) {
        const id = Number(user.id);
        await prisma().user.update({ where: { id }, data: { lastSignInAt: new Date() } }).catch(() => undefined);
        await recordAudit({ action: 'auth.sign_in', actor: { userId: id, label: user.email ?? null }, details: { provider: account?.provider ?? 'unknown' } });
      },
      async signOut({ token }) {
        const id = Number(token?.uid);
        if (!Number.isSafeInteger(id) || id <= 0) return;
        // The cookie is only deleted in this browser; a copy of it must stop working too.
        if (typeof token?.sid === 'string') await revokeSession({ userId: id, sid: token.sid });
        await recordAudit({ action: 'auth.sign_out', actor: { userId: id, label: token?.email ?? null } });
      },
    },
    logger: {
      error: (code, metadata) => void import('@/lib/platform/log').then(({ log }) => log.error({ code, metadata }, 'next-auth error')),
      warn: (code) => void import('@/lib/platform/log').then(({ log }) => log.warn({ code }, 'next-auth warning')),
      debug: () => undefined,
    },
  };
  cached = { key, options };
  return options;
}
