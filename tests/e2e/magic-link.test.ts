import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../lib/platform/db/prisma';
import type { WebServer } from '../../lib/platform/system';
import { createUserWithRole } from '../helpers/access-fixtures';
import { useTestDatabase } from '../helpers/db';
import { firstLink, startSmtpSink } from '../helpers/smtp-sink';
import { startWebApp } from '../helpers/web';

// The e-mail sign-in link, end to end over HTTP: next-auth's CSRF dance, our SMTP transport,
// a single-use link, and the same answer for addresses that have no account.

describe('magic-link sign-in', () => {
  let web: WebServer;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;

  beforeAll(async () => {
    const url = await useTestDatabase();
    smtp = await startSmtpSink();
    const org = await prisma().organization.create({ data: { name: 'Mail Org', slug: 'mail-org' } });
    await createUserWithRole('link@mail.test', org.id, 'owner');
    web = await startWebApp(url, { ATLAS_SMTP_URL: smtp.url, ATLAS_MAIL_FROM: 'Atlas <atlas@mail.test>' });
  }, 300_000);

  afterAll(async () => {
    await web?.stop();
    await smtp?.close();
  });

  /** POST /api/auth/signin/email as the login page does; returns the JSON answer. */
  async function requestLink(email: string) {
    const csrf = await fetch(`${web.url}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const response = await fetch(`${web.url}/api/auth/signin/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ email, csrfToken, callbackUrl: '/', json: 'true' }),
    });
    return { status: response.status, body: (await response.json()) as { url: string } };
  }

  it('mails a link to a known address; the link signs in once', async () => {
    const known = await requestLink('link@mail.test');
    expect(known.status).toBe(200);
    await expect.poll(() => smtp.mails.length).toBe(1);
    const mail = smtp.mails[0]!;
    expect(mail.to).toEqual(['link@mail.test']);
    const link = firstLink(mail.raw)!;
    expect(link).toContain('/api/auth/callback/email?');
    // The app's public origin is http://localhost:PORT (ATLAS_URL unset); the test server listens on 127.0.0.1.
    const local = link.replace(/^https?:\/\/[^/]+/, web.url);
    const callback = await fetch(local, { redirect: 'manual' });
    expect(callback.status).toBe(302);
    const session = callback.headers.getSetCookie().find((c) => c.startsWith('next-auth.session-token='));
    expect(session).toBeDefined();
    const home = await fetch(`${web.url}/`, { headers: { cookie: session!.split(';')[0]! }, redirect: 'manual' });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Mail Org');
    // Used once; the second click is refused.
    const again = await fetch(local, { redirect: 'manual' });
    expect(again.headers.getSetCookie().some((c) => c.startsWith('next-auth.session-token=') && !c.includes('Max-Age=0'))).toBe(false);
    expect(again.headers.get('location')).toContain('error=Verification');
    expect(await prisma().auditLog.count({ where: { action: 'auth.sign_in', details: { path: ['provider'], equals: 'email' } } })).toBe(1);
  });

  it('answers the same for unknown addresses, and sends nothing', async () => {
    const unknown = await requestLink('nobody@mail.test');
    expect(unknown.status).toBe(200);
    // Exactly what a known address gets (next-auth then shows /login/check-email).
    expect(unknown.body.url).toBe((await requestLink('link@mail.test')).body.url);
    expect(unknown.body.url).toContain('/api/auth/verify-request');
    // The known address's mail, asked for after the unknown one, marks the point by which a
    // mail to the unknown address would have been sent: wait for it, then look at all of them.
    await expect.poll(() => smtp.mails.length).toBeGreaterThanOrEqual(2);
    expect(smtp.mails.map((m) => m.to[0])).toEqual(['link@mail.test', 'link@mail.test']);
  });
});
