import { encode } from 'next-auth/jwt';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { authorizeCredentials } from '../../../lib/access/auth/options';
import { encodeSessionCookie, readSessionClaims } from '../../../lib/access/auth/session-token';
import { prisma } from '../../../lib/platform/db/prisma';
import { loadUserActor } from '../../../lib/access/permissions/load-user-actor';
import { deviceCookieHeader } from '../../../lib/access/auth/device-cookie';
import { endAllSessions, revokeSession } from '../../../lib/access/auth/session-revocation';
import { markForwardedForStamped } from '../../../lib/platform/web';
import { proxy } from '../../../proxy';
import { createUserWithRole, PASSWORD } from '../../helpers/access-fixtures';
import { useTestDatabase } from '../../helpers/db';

// X-Forwarded-For as Atlas's web server passes it on: ending with the socket's address.
const from = (ip: string): Record<string, string> => ({ 'x-forwarded-for': ip });

describe('password sign-in, rate limits and sessions', () => {
  let orgId: number;

  beforeAll(async () => {
    await useTestDatabase();
    markForwardedForStamped();
    process.env.ATLAS_LOGIN_MAX_PER_ACCOUNT = '5';
    process.env.ATLAS_LOGIN_MAX_PER_IP = '12';
    orgId = (await prisma().organization.create({ data: { name: 'Login Org', slug: 'login-org' } })).id;
    await createUserWithRole('alice@login.test', orgId, 'owner');
    await createUserWithRole('bob@login.test', orgId, 'viewer');
  });

  it('accepts the right password (any case of the address) and refuses a wrong one', async () => {
    const user = await authorizeCredentials({ email: ' Alice@Login.TEST ', password: PASSWORD }, from('198.51.100.1'));
    expect(user).toMatchObject({ email: 'alice@login.test', sessionVersion: 0 });
    expect(await authorizeCredentials({ email: 'alice@login.test', password: 'wrong password!' }, from('198.51.100.1'))).toBeNull();
    expect(await authorizeCredentials({ email: 'nobody@login.test', password: PASSWORD }, from('198.51.100.1'))).toBeNull();
    expect(await authorizeCredentials({ email: 'not-an-address', password: PASSWORD }, from('198.51.100.1'))).toBeNull();
    const failures = await prisma().auditLog.count({ where: { action: 'auth.sign_in_failed' } });
    expect(failures).toBe(2);
  });

  it('after 5 failures from unknown clients, slows the account down for them, but not for its owner at a known browser', async () => {
    const known = deviceCookieHeader('bob@login.test').split(';')[0]!;
    for (let i = 0; i < 5; i += 1) {
      expect(await authorizeCredentials({ email: 'bob@login.test', password: `guess-${i}-guess` }, from(`203.0.113.${i}`))).toBeNull();
    }
    // Unknown clients, even with the right password, wait: one more try per WINDOW / MAX (3 minutes).
    await expect(authorizeCredentials({ email: 'bob@login.test', password: PASSWORD }, from('203.0.113.99'))).rejects.toThrow('RateLimited');
    const refusal = await prisma().auditLog.findFirstOrThrow({ where: { action: 'auth.rate_limited' } });
    expect(refusal.details).toMatchObject({ limit: 'account' });
    expect(Number((refusal.details as { retryAfterSeconds: number }).retryAfterSeconds)).toBeGreaterThan(60);
    expect(Number((refusal.details as { retryAfterSeconds: number }).retryAfterSeconds)).toBeLessThanOrEqual(180);
    // A device cookie of another account, or a forged one, makes no client known.
    const forged = `${known.slice(0, -3)}abc`;
    const others = deviceCookieHeader('alice@login.test').split(';')[0]!;
    for (const cookie of [forged, others]) {
      await expect(authorizeCredentials({ email: 'bob@login.test', password: PASSWORD }, { ...from('203.0.113.98'), cookie })).rejects.toThrow('RateLimited');
    }
    // Bob, at the browser he signed in from before, gets in.
    expect(await authorizeCredentials({ email: 'bob@login.test', password: PASSWORD }, { ...from('203.0.113.99'), cookie: known })).toMatchObject({ email: 'bob@login.test' });
    // Other accounts are unaffected.
    expect(await authorizeCredentials({ email: 'alice@login.test', password: PASSWORD }, from('203.0.113.99'))).not.toBeNull();
  });

  it('a known browser has a limit of its own', async () => {
    const carol = await createUserWithRole('carol@login.test', orgId, 'viewer');
    const known = deviceCookieHeader(carol.email).split(';')[0]!;
    for (let i = 0; i < 5; i += 1) {
      expect(await authorizeCredentials({ email: carol.email, password: `guess-${i}-guess` }, { ...from('198.51.100.50'), cookie: known })).toBeNull();
    }
    await expect(authorizeCredentials({ email: carol.email, password: PASSWORD }, { ...from('198.51.100.50'), cookie: known })).rejects.toThrow('RateLimited');
    // Its failures did not slow down the account for other clients.
    expect(await authorizeCredentials({ email: carol.email, password: PASSWORD }, from('198.51.100.51'))).not.toBeNull();
  });

  it('limits one address trying many accounts', async () => {
    const ip = '192.0.2.200';
    for (let i = 0; i < 12; i += 1) await authorizeCredentials({ email: `spray${i}@login.test`, password: 'password-spray' }, from(ip));
    await expect(authorizeCredentials({ email: 'alice@login.test', password: PASSWORD }, from(ip))).rejects.toThrow('RateLimited');
    expect(await authorizeCredentials({ email: 'alice@login.test', password: PASSWORD }, from('192.0.2.201'))).not.toBeNull();
  });

  it('checks exactly the limit when 40 wrong passwords for one account arrive at once', async () => {
    const dave = await createUserWithRole('dave@login.test', orgId, 'viewer');
    const before = await prisma().auditLog.count({ where: { action: 'auth.sign_in_failed', actorLabel: dave.email } });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => authorizeCredentials({ email: dave.email, password: `concurrent-${i}` }, from(`198.18.0.${i + 1}`))),
    );
    const checked = outcomes.filter((o) => o.status === 'fulfilled').length;
    expect(checked).toBe(5);
    expect(outcomes.filter((o) => o.status === 'rejected' && String(o.reason).includes('RateLimited'))).toHaveLength(35);
    expect((await prisma().auditLog.count({ where: { action: 'auth.sign_in_failed', actorLabel: dave.email } })) - before).toBe(5);
  });

  it('counts in Postgres, so the limits hold across processes', async () => {
    const rows = await prisma().rateLimit.findMany({ where: { key: { in: ['signin:password:bob@login.test', 'signin:ip:192.0.2.200'] } } });
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.tat.getTime()).toBeGreaterThan(Date.now());
  });

  it('decodes a session cookie, and refuses tampered, foreign or revoked ones', async () => {
    const alice = await prisma().user.findUniqueOrThrow({ where: { email: 'alice@login.test' } });
    const cookie = await encodeSessionCookie({ userId: alice.id });
    expect(await readSessionClaims(cookie)).toEqual({ userId: alice.id, sessionVersion: 0, sid: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(await readSessionClaims(`${cookie.slice(0, -4)}AAAA`)).toBeNull();
    expect(await readSessionClaims('next-auth.session-token=eyJhbGciOiJub25lIn0.eyJ1aWQiOjF9.')).toBeNull();
    expect(await readSessionClaims(null)).toBeNull();
    const claims = (await readSessionClaims(cookie))!;
    expect((await loadUserActor(claims))?.actor?.role).toBe('owner');
    // Signing out ends that session only.
    const other = (await readSessionClaims(await encodeSessionCookie({ userId: alice.id })))!;
    await revokeSession(claims);
    expect(await loadUserActor(claims)).toBeNull();
    expect(await loadUserActor(other)).not.toBeNull();
    // "Sign out everywhere" / password change: the version moves on, old cookies stop working.
    await endAllSessions(alice.id);
    expect(await loadUserActor(other)).toBeNull();
    // A cookie without a session id (it could never be revoked) opens nothing.
    const legacy = await encode({ token: { sub: String(alice.id), uid: alice.id, sv: 1 }, secret: process.env.AUTH_SECRET!, maxAge: 3600 });
    expect(await readSessionClaims(`next-auth.session-token=${legacy}`)).toBeNull();
  });

  it('proxy.ts redirects pages without a session to /login and lets the public pages through', async () => {
    const page = (path: string, cookie?: string) => proxy(new NextRequest(`http://localhost:3000${path}`, { headers: cookie ? { cookie } : {} }));
    for (const path of ['/', '/settings/members', '/settings/audit', '/domains/example.com']) {
      const response = await page(path);
      expect(response.status).toBe(307);
      const location = new URL(response.headers.get('location')!);
      expect(location.pathname).toBe('/login');
      if (path !== '/') expect(location.searchParams.get('callbackUrl')).toBe(path);
    }
    for (const path of ['/login', '/setup', '/invite/abc']) {
      const response = await page(path);
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
    const bob = await prisma().user.findUniqueOrThrow({ where: { email: 'bob@login.test' } });
    const ok = await page('/settings/members', await encodeSessionCookie({ userId: bob.id }));
    expect(ok.headers.get('location')).toBeNull();
  });
});
