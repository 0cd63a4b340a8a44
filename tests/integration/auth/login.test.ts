import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { authorizeCredentials } from '../../../lib/access/auth/options';
import { encodeSessionCookie, readSessionClaims } from '../../../lib/access/auth/session-token';
import { prisma } from '../../../lib/platform/db/prisma';
import { loadUserActor } from '../../../lib/access/permissions/load-user-actor';
import { proxy } from '../../../proxy';
import { createUserWithRole, PASSWORD } from '../../helpers/access-fixtures';
import { useTestDatabase } from '../../helpers/db';

const from = (ip: string) => ({ 'x-forwarded-for': ip });

describe('password sign-in, rate limits and sessions', () => {
  let orgId: number;

  beforeAll(async () => {
    await useTestDatabase();
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

  it('locks an account after 5 failures, from any address, even for the right password', async () => {
    for (let i = 0; i < 5; i += 1) {
      expect(await authorizeCredentials({ email: 'bob@login.test', password: `guess-${i}-guess` }, from(`203.0.113.${i}`))).toBeNull();
    }
    await expect(authorizeCredentials({ email: 'bob@login.test', password: PASSWORD }, from('203.0.113.99'))).rejects.toThrow('RateLimited');
    expect(await prisma().auditLog.count({ where: { action: 'auth.rate_limited' } })).toBe(1);
    // Other accounts are unaffected.
    expect(await authorizeCredentials({ email: 'alice@login.test', password: PASSWORD }, from('203.0.113.99'))).not.toBeNull();
  });

  it('limits one address trying many accounts', async () => {
    const ip = '192.0.2.200';
    for (let i = 0; i < 12; i += 1) await authorizeCredentials({ email: `spray${i}@login.test`, password: 'password-spray' }, from(ip));
    await expect(authorizeCredentials({ email: 'alice@login.test', password: PASSWORD }, from(ip))).rejects.toThrow('RateLimited');
    expect(await authorizeCredentials({ email: 'alice@login.test', password: PASSWORD }, from('192.0.2.201'))).not.toBeNull();
  });

  it('counts the limit in Postgres, so it holds across processes', async () => {
    const since = new Date(Date.now() - 15 * 60_000);
    expect(await prisma().loginAttempt.count({ where: { email: 'bob@login.test', success: false, createdAt: { gte: since } } })).toBe(5);
  });

  it('decodes a session cookie, and refuses tampered, foreign or revoked ones', async () => {
    const alice = await prisma().user.findUniqueOrThrow({ where: { email: 'alice@login.test' } });
    const cookie = await encodeSessionCookie({ userId: alice.id });
    expect(await readSessionClaims(cookie)).toEqual({ userId: alice.id, sessionVersion: 0 });
    expect(await readSessionClaims(`${cookie.slice(0, -4)}AAAA`)).toBeNull();
    expect(await readSessionClaims('next-auth.session-token=eyJhbGciOiJub25lIn0.eyJ1aWQiOjF9.')).toBeNull();
    expect(await readSessionClaims(null)).toBeNull();
    const claims = (await readSessionClaims(cookie))!;
    expect((await loadUserActor(claims))?.actor?.role).toBe('owner');
    // "Sign out everywhere" / password change: the version moves on, old cookies stop working.
    await prisma().user.update({ where: { id: alice.id }, data: { sessionVersion: { increment: 1 } } });
    expect(await loadUserActor(claims)).toBeNull();
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
