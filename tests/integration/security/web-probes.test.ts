import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { removeMember } from '../../../lib/access/orgs/manage-members';
import { loadUserActor } from '../../../lib/access/permissions/load-user-actor';
import { readSessionClaims } from '../../../lib/access/auth/session-token';
import { prisma } from '../../../lib/platform/db/prisma';
import type { WebServer } from '../../../lib/platform/system';
import { createWorld, PASSWORD, type TWorld } from '../../helpers/access-fixtures';
import { cookieHeader, passwordSignIn, signOut } from '../../helpers/auth-http';
import { useTestDatabase } from '../../helpers/db';
import { startWebApp } from '../../helpers/web';

// Issue 17's access findings, probed as an attacker would: against the production build served
// as in production (`atlas web`), over HTTP, with forged headers, replayed cookies and hostile
// parameters.

const PER_IP = 12;
const PER_ACCOUNT = 5;
const API_BURST = 20;

describe('the web app under probing', () => {
  let web: WebServer;
  let world: TWorld;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const api = (path: string, headers: Record<string, string> = {}, init: RequestInit = {}) => fetch(`${web.url}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) }, redirect: 'manual' });

  beforeAll(async () => {
    const url = await useTestDatabase();
    world = await createWorld();
    web = await startWebApp(url, (origin) => ({
      ATLAS_URL: origin,
      ATLAS_LOGIN_MAX_PER_IP: String(PER_IP),
      ATLAS_LOGIN_MAX_PER_ACCOUNT: String(PER_ACCOUNT),
      // One a minute: no allowance comes back while the test runs, however slow the machine.
      ATLAS_API_RATE_PER_MINUTE: '1',
      ATLAS_API_RATE_BURST: String(API_BURST),
    }));
  }, 300_000);

  afterAll(async () => {
    await web?.stop();
  });

  // Each probe starts with no counted attempts (the counts live in Postgres, shared with the server).
  beforeEach(async () => {
    await prisma().rateLimit.deleteMany({});
  });

  describe('sign-in limits', () => {
    it('counts the socket address, whatever X-Forwarded-For a client makes up (no proxy: ATLAS_PROXY_HOPS=0)', async () => {
      for (let i = 0; i < PER_IP; i += 1) {
        const outcome = await passwordSignIn(web.url, { email: `spray-${i}@nowhere.test`, password: 'guess-guess-guess', headers: { 'x-forwarded-for': `198.51.100.${i + 1}` } });
        expect(outcome.error).toBe('CredentialsSignin');
      }
      const next = await passwordSignIn(web.url, { email: 'owner@alpha.test', password: PASSWORD, headers: { 'x-forwarded-for': '203.0.113.77', 'x-real-ip': '203.0.113.78' } });
      expect(next.error).toBe('RateLimited');
      const refusal = await prisma().auditLog.findFirstOrThrow({ where: { action: 'auth.rate_limited' }, orderBy: { id: 'desc' } });
      expect(refusal.details).toMatchObject({ limit: 'ip' });
      expect(refusal.ip).toBe('127.0.0.1');
    });

    it('checks no more than the limit when 40 wrong passwords for one account arrive at once', async () => {
      const before = await prisma().auditLog.count({ where: { action: 'auth.sign_in_failed', actorLabel: 'viewer@alpha.test' } });
      const outcomes = await Promise.all(
        Array.from({ length: 40 }, (_, i) => passwordSignIn(web.url, { email: 'viewer@alpha.test', password: `concurrent-guess-${i}` })),
      );
      expect(outcomes.filter((o) => o.error === 'CredentialsSignin')).toHaveLength(PER_ACCOUNT);
      expect(outcomes.filter((o) => o.error === 'RateLimited')).toHaveLength(40 - PER_ACCOUNT);
      const checked = (await prisma().auditLog.count({ where: { action: 'auth.sign_in_failed', actorLabel: 'viewer@alpha.test' } })) - before;
      expect(checked).toBe(PER_ACCOUNT);
    });

    it('wrong passwords from elsewhere slow the account down, but its owner still signs in from a known browser', async () => {
      const owner = await passwordSignIn(web.url, { email: 'admin@alpha.test', password: PASSWORD });
      expect(owner.error).toBeNull();
      expect([...owner.jar.keys()]).toContain('atlas_device');
      const device = new Map([['atlas_device', owner.jar.get('atlas_device')!]]);
      await prisma().rateLimit.deleteMany({ where: { key: { startsWith: 'signin:ip:' } } });
      for (let i = 0; i < PER_ACCOUNT; i += 1) {
        expect((await passwordSignIn(web.url, { email: 'admin@alpha.test', password: `attacker-guess-${i}` })).error).toBe('CredentialsSignin');
      }
      // The attacker (no device cookie) now waits, even with the right password…
      expect((await passwordSignIn(web.url, { email: 'admin@alpha.test', password: PASSWORD })).error).toBe('RateLimited');
      // …while the owner, at the browser they signed in from before, gets in.
      await prisma().rateLimit.deleteMany({ where: { key: { startsWith: 'signin:ip:' } } });
      const again = await passwordSignIn(web.url, { email: 'admin@alpha.test', password: PASSWORD, jar: device });
      expect(again.error).toBeNull();
      expect(await readSessionClaims(cookieHeader(again.jar))).not.toBeNull();
    });
  });

  describe('sessions', () => {
    it('a session cookie stops working once its session signed out, everywhere it was copied to', async () => {
      const { jar } = await passwordSignIn(web.url, { email: 'owner@alpha.test', password: PASSWORD });
      const stolen = cookieHeader(jar);
      expect((await api('/api/v1/reports', { cookie: stolen })).status).toBe(200);
      expect((await api('/', { cookie: stolen })).status).toBe(200);
      await signOut(web.url, jar);
      expect((await api('/api/v1/reports', { cookie: stolen })).status).toBe(401);
      const page = await api('/settings/members', { cookie: stolen });
      expect(page.status).toBe(307);
      expect(new URL(page.headers.get('location')!, web.url).pathname).toBe('/login');
      // next-auth will not renew it either (a fresh expiry for an ended session).
      const renewal = await api('/api/auth/session', { cookie: stolen });
      expect(await renewal.json()).toEqual({});
      // Another session of the same user is untouched.
      const other = await passwordSignIn(web.url, { email: 'owner@alpha.test', password: PASSWORD });
      expect((await api('/api/v1/reports', { cookie: cookieHeader(other.jar) })).status).toBe(200);
    });

    it("removing a member ends that member's sessions at once", async () => {
      const { jar } = await passwordSignIn(web.url, { email: 'viewer@alpha.test', password: PASSWORD });
      const cookie = cookieHeader(jar);
      expect((await api('/api/v1/reports', { cookie })).status).toBe(200);
      const owner = (await loadUserActor({ ...(await readSessionClaims(world.users.ownerA.cookie))! }))!.actor!;
      await removeMember(owner, world.users.viewerA.membershipId);
      expect((await api('/api/v1/reports', { cookie })).status).toBe(401);
    });
  });

  describe('redirects after sign-in', () => {
    const payloads = ['/\t/evil.example/phish', '/\u000b/evil.example', '/\u3000/evil.example', '//evil.example', '/\\evil.example', 'https://evil.example/', '/.//evil.example', 'javascript:alert(1)'];

    it('the login page of a signed-in user redirects only within the site, and never fails', async () => {
      const cookie = world.users.ownerB.cookie;
      for (const payload of payloads) {
        const response = await api(`/login?callbackUrl=${encodeURIComponent(payload)}`, { cookie });
        expect(response.status, JSON.stringify(payload)).toBe(307);
        const location = new URL(response.headers.get('location')!, web.url);
        expect(location.origin, JSON.stringify(payload)).toBe(web.url);
        expect(location.pathname.startsWith('//'), JSON.stringify(payload)).toBe(false);
      }
      const fine = await api(`/login?callbackUrl=${encodeURIComponent('/settings/members?x=1')}`, { cookie });
      expect(new URL(fine.headers.get('location')!, web.url).href).toBe(`${web.url}/settings/members?x=1`);
    });

    it("next-auth's own redirect after signing in stays on the site", async () => {
      for (const payload of payloads) {
        const outcome = await passwordSignIn(web.url, { email: 'owner@beta.test', password: PASSWORD, callbackUrl: payload });
        expect(outcome.error, JSON.stringify(payload)).toBeNull();
        expect(outcome.url.origin, JSON.stringify(payload)).toBe(web.url);
        await prisma().rateLimit.deleteMany({});
      }
    });
  });

  describe('small ones', () => {
    it('a prefetched page carries the same CSP as the page', async () => {
      const prefetches: Record<string, string>[] = [{ purpose: 'prefetch' }, { 'sec-purpose': 'prefetch' }, { 'next-router-prefetch': '1' }];
      for (const headers of prefetches) {
        const response = await api('/', { ...headers, cookie: world.users.ownerA.cookie });
        expect(response.headers.get('content-security-policy'), JSON.stringify(headers)).toMatch(/script-src 'self' 'nonce-/);
      }
      const anonymous = await api('/settings/members', { purpose: 'prefetch' });
      expect(anonymous.status).toBe(307);
    });

    it('answers 400 with a message, not 500, to parameters no query can use', async () => {
      const token = bearer(world.tokens.readA);
      const probes = [
        '/api/v1/reports?domain=%00',
        '/api/v1/reports?domain=%E2%80%AEmoc.elpmaxe',
        '/api/v1/reports?from=9999-12-31',
        '/api/v1/reports?to=0001-01-01',
        `/api/v1/domains/${world.domains.a1.name}/stats?from=9999-12-31`,
        `/api/v1/domains/${world.domains.a1.name}/addresses?to=9999-12-31&from=9999-12-30`,
      ];
      for (const probe of probes) {
        const response = await api(probe, token);
        expect(response.status, probe).toBe(400);
        const body = (await response.json()) as { error: { code: string; message: string; details?: { message: string }[] } };
        expect(body.error.code, probe).toBe('bad_request');
        expect(`${body.error.message} ${JSON.stringify(body.error.details ?? [])}`, probe).toMatch(/day|domain/i);
      }
    });

    it('a malformed %-escape in a path is a client error, not a 500', async () => {
      for (const path of ['/api/v1/domains/%E0%A4%A/stats', '/api/v1/reports/%zz', '/domains/%E0%A4%A/sources', '/%']) {
        const response = await api(path, { ...bearer(world.tokens.readA), cookie: world.users.ownerA.cookie });
        expect(response.status, path).toBeGreaterThanOrEqual(400);
        expect(response.status, path).toBeLessThan(500);
      }
    });

    it('an upload whose file name does not decode is a 400 with a message, or ingested under the name as sent', async () => {
      const boundary = 'atlas-probe-boundary';
      const body = [`--${boundary}`, `Content-Disposition: form-data; name="file"; filename*=UTF-8''%E0%A4%A.xml`, 'Content-Type: application/xml', '', '<feedback/>', `--${boundary}--`, ''].join('\r\n');
      const multipart = await api('/api/v1/reports', { ...bearer(world.tokens.ingestA), 'content-type': `multipart/form-data; boundary=${boundary}` }, { method: 'POST', body });
      expect(multipart.status).toBe(400);
      expect(((await multipart.json()) as { error: { message: string } }).error.message).toMatch(/multipart/);
      // A raw body's name is only a label: the upload goes on under the name as it was sent.
      const raw = await api('/api/v1/reports', { ...bearer(world.tokens.ingestA), 'content-type': 'application/xml', 'content-disposition': `attachment; filename*=UTF-8''%E0%A4%A.xml` }, { method: 'POST', body: '<feedback/>' });
      expect(raw.status).toBeLessThan(500);
      const file = await prisma().ingestFile.findFirstOrThrow({ orderBy: { id: 'desc' } });
      expect(file.name).toBe('api/_E0_A4_A.xml');
    });

    it('/api/health tells anonymous callers the status, and versions only to a signed-in owner or admin', async () => {
      const anonymous = (await (await api('/api/health')).json()) as Record<string, unknown>;
      expect(anonymous).toMatchObject({ status: 'ok', database: { up: true } });
      expect(JSON.stringify(anonymous)).not.toMatch(/PostgreSQL|version|migrations/);
      const admin = (await (await api('/api/health', { cookie: world.users.ownerA.cookie })).json()) as { database: { version: string } };
      expect(admin.database.version).toMatch(/^PostgreSQL \d+/);
    });
  });

  describe('API rate limit per token', () => {
    it('answers 429 with Retry-After past the burst, per token, and counts in Postgres', async () => {
      const path = `/api/v1/domains/${world.domains.a1.name}/stats`;
      const statuses: number[] = [];
      for (let i = 0; i < API_BURST; i += 1) statuses.push((await api(path, bearer(world.tokens.readA))).status);
      expect(new Set(statuses)).toEqual(new Set([200]));
      const limited = await api(path, bearer(world.tokens.readA));
      expect(limited.status).toBe(429);
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
      // Another token of the same organisation has its own allowance.
      expect((await api(`/api/v1/domains/${world.domains.b1.name}/stats`, bearer(world.tokens.readB))).status).toBe(200);
      // The count is in Postgres: every web process sees it.
      const row = await prisma().rateLimit.findFirstOrThrow({ where: { key: { startsWith: 'api:token:' } }, orderBy: { tat: 'desc' } });
      expect(row.tat.getTime()).toBeGreaterThan(Date.now());
    });
  });
});
