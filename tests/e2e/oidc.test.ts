import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../lib/platform/db/prisma';
import type { WebServer } from '../../lib/platform/system';
import { createUserWithRole } from '../helpers/access-fixtures';
import { useTestDatabase } from '../helpers/db';
import { startOidcProvider } from '../helpers/oidc-provider';
import { startWebApp } from '../helpers/web';

// Single sign-on with a generic OIDC provider (ATLAS_OIDC_*): next-auth's code flow with PKCE,
// state and nonce against a provider on loopback. Only people with an account may come in.

class CookieJar {
  private cookies = new Map<string, string>();
  store(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  get(name: string) {
    return this.cookies.get(name);
  }
}

describe('OIDC sign-in', () => {
  let web: WebServer;
  let idp: Awaited<ReturnType<typeof startOidcProvider>>;

  beforeAll(async () => {
    const url = await useTestDatabase();
    idp = await startOidcProvider('atlas-client', 'atlas-secret');
    const org = await prisma().organization.create({ data: { name: 'SSO Org', slug: 'sso-org' } });
    await createUserWithRole('member@sso.test', org.id, 'viewer');
    web = await startWebApp(url, { ATLAS_OIDC_ISSUER: idp.issuer, ATLAS_OIDC_CLIENT_ID: 'atlas-client', ATLAS_OIDC_CLIENT_SECRET: 'atlas-secret', ATLAS_OIDC_NAME: 'Test IdP' });
  }, 300_000);

  afterAll(async () => {
    await web?.stop();
    await idp?.close();
  });

  /** Runs the browser's part of the flow with fetch; returns the final redirect and the jar. */
  async function signInWithIdp() {
    const jar = new CookieJar();
    const csrf = await fetch(`${web.url}/api/auth/csrf`);
    jar.store(csrf);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const start = await fetch(`${web.url}/api/auth/signin/oidc`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
      body: new URLSearchParams({ csrfToken, callbackUrl: '/', json: 'true' }),
    });
    jar.store(start);
    const { url: authorize } = (await start.json()) as { url: string };
    expect(authorize.startsWith(`${idp.issuer}/authorize?`)).toBe(true);
    expect(new URL(authorize).searchParams.get('code_challenge_method')).toBe('S256');
    const atIdp = await fetch(authorize, { redirect: 'manual' });
    // Back to the app's public origin (http://localhost:PORT), served here on 127.0.0.1.
    const callback = atIdp.headers.get('location')!.replace(/^https?:\/\/[^/]+/, web.url);
    const done = await fetch(callback, { headers: { cookie: jar.header() }, redirect: 'manual' });
    jar.store(done);
    return { location: done.headers.get('location') ?? '', jar };
  }

  it('offers the provider on the login page', async () => {
    const html = await (await fetch(`${web.url}/login`)).text();
    expect(html.replace(/<!-- -->/g, '')).toContain('Continue with Test IdP');
  });

  it('signs in an existing user by their verified address and links the identity', async () => {
    idp.signInAs({ sub: 'idp-42', email: 'Member@SSO.test', email_verified: true, name: 'Member' });
    const { location, jar } = await signInWithIdp();
    expect(new URL(location).pathname).toBe('/');
    expect(jar.get('next-auth.session-token')).toBeTruthy();
    const home = await fetch(`${web.url}/`, { headers: { cookie: jar.header() }, redirect: 'manual' });
    expect(home.status).toBe(200);
    const link = await prisma().authAccount.findFirstOrThrow({ where: { provider: 'oidc' }, include: { user: true } });
    expect(link).toMatchObject({ providerAccountId: 'idp-42', user: { email: 'member@sso.test' } });
    // Next time the linked identity is found by its subject.
    const again = await signInWithIdp();
    expect(new URL(again.location).pathname).toBe('/');
  });

  it('refuses people without an account and unverified addresses; creates nobody', async () => {
    const users = await prisma().user.count();
    idp.signInAs({ sub: 'idp-99', email: 'stranger@sso.test', email_verified: true });
    const stranger = await signInWithIdp();
    expect(stranger.location).toContain('/login?error=NoAccount');
    expect(stranger.jar.get('next-auth.session-token')).toBeUndefined();
    idp.signInAs({ sub: 'idp-77', email: 'member@sso.test', email_verified: false });
    const unverified = await signInWithIdp();
    expect(unverified.location).toContain('error=NoAccount');
    expect(await prisma().user.count()).toBe(users);
    expect(await prisma().authAccount.count()).toBe(1);
  });
});
