import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { encodeSessionCookie } from '../../lib/access/auth/session-token';
import { prisma } from '../../lib/platform/db/prisma';
import { dayWindow } from '../../lib/platform/dates';
import { buildSenderMap } from '../../lib/sources';
import type { WebServer } from '../../lib/platform/system';
import { createUserWithRole, insertReport, PASSWORD } from '../helpers/access-fixtures';
import { launchBrowser, screenshotPath } from '../helpers/browser';
import { useTestDatabase } from '../helpers/db';
import { startWebApp } from '../helpers/web';

// The production build, a real browser: first-run setup, sign-in, what a viewer sees, and the
// redirects and headers every page gets.

/** Every dashboard page (app/(dashboard)/**\/page.tsx) as a URL path; dynamic segments get `sample(param)`. */
function dashboardPages(sample: (param: string) => string): { path: string; params: string[] }[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((entry) => {
      const full = path.join(dir, entry);
      return statSync(full).isDirectory() ? walk(full) : entry === 'page.tsx' ? [full] : [];
    });
  return walk(path.join('app', '(dashboard)')).map((file) => {
    const segments = path.dirname(path.relative(path.join('app', '(dashboard)'), file)).split(path.sep).filter((s) => s && s !== '.' && !/^\(.*\)$/.test(s));
    const params = segments.filter((s) => /^\[.*\]$/.test(s)).map((s) => s.replace(/^\[+\.{0,3}|\]+$/g, ''));
    return { path: `/${segments.map((s) => (/^\[.*\]$/.test(s) ? sample(s.replace(/^\[+\.{0,3}|\]+$/g, '')) : s)).join('/')}`, params };
  });
}

async function signIn(page: Page, base: string, email: string, password: string) {
  await page.goto(`${base}/login`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

describe('signing in to the web app', () => {
  let web: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    const url = await useTestDatabase();
    web = await startWebApp(url);
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  it('first run: /login leads to /setup, which creates the owner and signs them in', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${web.url}/login`);
    await page.waitForURL(/\/setup$/);
    await page.getByLabel('Organisation').fill('Alpha Org');
    await page.getByLabel('E-mail').fill('owner@alpha.test');
    await page.locator('input[name=password]').fill(PASSWORD);
    await page.locator('input[name=confirm]').fill(PASSWORD);
    await page.screenshot({ path: screenshotPath('setup'), fullPage: true });
    await page.getByRole('button', { name: 'Create owner account' }).click();
    await page.waitForURL(`${web.url}/`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Overview');
    await page.close();
    // Setup is closed for good.
    const again = await fetch(`${web.url}/setup`, { redirect: 'manual' });
    expect(again.status).toBe(307);
    expect(new URL(again.headers.get('location')!, web.url).pathname).toBe('/login');
  });

  it('pages without a session redirect to /login; the API answers 401; security headers are set', async () => {
    const pages = dashboardPages(() => 'example.com');
    expect(pages.map((p) => p.path)).toEqual(expect.arrayContaining(['/', '/settings/members', '/settings/audit']));
    for (const { path: page } of pages) {
      const response = await fetch(`${web.url}${page}`, { redirect: 'manual' });
      expect(response.status, page).toBe(307);
      expect(new URL(response.headers.get('location')!, web.url).pathname, page).toBe('/login');
    }
    const login = await fetch(`${web.url}/login`);
    expect(login.headers.get('content-security-policy')).toMatch(/script-src 'self' 'nonce-/);
    expect(login.headers.get('x-frame-options')).toBe('DENY');
    expect(login.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(login.headers.get('x-content-type-options')).toBe('nosniff');
    const api = await fetch(`${web.url}/api/v1/reports`);
    expect(api.status).toBe(401);
    expect(api.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('signs in with a password; a viewer sees only the granted domain', async () => {
    const org = await prisma().organization.findUniqueOrThrow({ where: { name: 'Alpha Org' } });
    const today = new Date().toISOString().slice(0, 10);
    const granted = await prisma().domain.create({ data: { name: 'granted.example', organizationId: org.id } });
    const hidden = await prisma().domain.create({ data: { name: 'hidden.example', organizationId: org.id } });
    await insertReport(granted.id, granted.name, today, 120);
    await insertReport(hidden.id, hidden.name, today, 4_560);
    await createUserWithRole('viewer@alpha.test', org.id, 'viewer', [granted.id]);
    await createUserWithRole('colleague@alpha.test', org.id, 'viewer', [hidden.id]);

    const owner = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(owner, web.url, 'owner@alpha.test', PASSWORD);
    await owner.waitForURL(`${web.url}/`);
    await expect.poll(() => owner.locator('table.data').textContent()).toContain('hidden.example');
    await owner.screenshot({ path: screenshotPath('login-owner-overview'), fullPage: true });
    await owner.goto(`${web.url}/settings/members`);
    await expect.poll(() => owner.locator('table.data').first().textContent()).toContain('viewer@alpha.test');
    await owner.screenshot({ path: screenshotPath('settings-members'), fullPage: true });
    await owner.close();

    const viewer = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(viewer, web.url, 'viewer@alpha.test', PASSWORD);
    await viewer.waitForURL(`${web.url}/`);
    await expect.poll(() => viewer.locator('table.data').textContent()).toContain('granted.example');
    const html = await viewer.content();
    expect(html).not.toContain('hidden.example');
    expect(html).not.toContain('4,560');
    await viewer.screenshot({ path: screenshotPath('login-viewer-overview'), fullPage: true });
    // No page shows the viewer a trace of the domain they were not granted.
    const viewerRow = await prisma().user.findUniqueOrThrow({ where: { email: 'viewer@alpha.test' } });
    const cookie = await encodeSessionCookie({ userId: viewerRow.id });
    for (const { path: page } of dashboardPages(() => granted.name)) {
      const response = await fetch(`${web.url}${page}`, { headers: { cookie } });
      const body = await response.text();
      expect(body, page).not.toContain('hidden.example');
      expect(body, page).not.toContain('4,560');
    }
    await viewer.goto(`${web.url}/settings/audit`);
    await expect.poll(() => viewer.locator('main').textContent()).toContain('Not available to your role');
    await viewer.close();
  });

  it("pages about a domain answer 404 to another organisation's member and to a viewer without it", async () => {
    const alpha = await prisma().organization.findUniqueOrThrow({ where: { name: 'Alpha Org' } });
    const beta = await prisma().organization.create({ data: { name: 'Beta Org', slug: 'beta-org' } });
    const outsider = await createUserWithRole('owner@beta.test', beta.id, 'owner');
    const viewer = await prisma().user.findUniqueOrThrow({ where: { email: 'viewer@alpha.test' } });
    const owner = await prisma().user.findUniqueOrThrow({ where: { email: 'owner@alpha.test' } });
    const hidden = await prisma().domain.findUniqueOrThrow({ where: { name: 'hidden.example' } });
    // Real parameters, so that the owner's 200 proves the page exists: a report of the domain
    // and the source that sent it.
    await insertReport(hidden.id, hidden.name, new Date().toISOString().slice(0, 10), 10, '192.0.2.77');
    const report = await prisma().report.findFirstOrThrow({ where: { domainId: hidden.id }, select: { id: true } });
    const [source] = (await buildSenderMap({ domainIds: [hidden.id] }, hidden, dayWindow({ days: 30 }))).sources;
    const sample = (param: string) => (/domain|name/i.test(param) ? hidden.name : param === 'source' ? encodeURIComponent(source!.key) : String(report.id));
    const pages = dashboardPages(sample).filter((p) => p.params.length > 0);
    for (const { path: page } of pages) {
      const get = async (userId: number) =>
        (await fetch(`${web.url}${page}`, { headers: { cookie: await encodeSessionCookie({ userId }) }, redirect: 'manual' })).status;
      expect(await get(owner.id), `${page} as the owner`).toBe(200);
      expect(await get(outsider.id), `${page} as another organisation`).toBe(404);
      expect(await get(viewer.id), `${page} as a viewer without the domain`).toBe(404);
    }
    expect(alpha.id).not.toBe(beta.id);
  });

  it('settings: adding a domain shows the records to publish; a token is shown once and can be revoked', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, web.url, 'owner@alpha.test', PASSWORD);
    await page.waitForURL(`${web.url}/`);
    await page.goto(`${web.url}/settings/domains`);
    await page.locator('input[name=domain]').fill('NewCo.example');
    await page.getByRole('button', { name: 'Add domain' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('_atlas-verify.newco.example TXT "atlas-verification=');
    expect(await page.locator('main').textContent()).toContain('_dmarc.newco.example TXT "v=DMARC1; p=none; rua=mailto:');
    await page.screenshot({ path: screenshotPath('settings-domains'), fullPage: true });

    await page.goto(`${web.url}/settings/tokens`);
    await page.locator('input[name=name]').fill('uploader');
    await page.locator('select[name=scope]').selectOption('ingest');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByTestId('new-token').textContent())!;
    expect(token).toMatch(/^atl_/);
    const ok = await fetch(`${web.url}/api/v1/reports`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '' });
    expect(ok.status).toBe(400); // authenticated, but nothing uploaded
    await page.screenshot({ path: screenshotPath('settings-tokens'), fullPage: true });
    // Revoking asks first, in a dialog whose button says what it does.
    await page.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => page.locator('table.data').textContent()).toContain('revoked');
    const revoked = await fetch(`${web.url}/api/v1/reports`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '' });
    expect(revoked.status).toBe(401);
    await page.goto(`${web.url}/settings/audit`);
    await expect.poll(() => page.locator('table.data').textContent()).toContain('token.revoked');
    await page.screenshot({ path: screenshotPath('settings-audit'), fullPage: true });
    await page.close();
  });

  it('refuses a wrong password with a message, and records sign-ins in the audit log', async () => {
    const page = await browser.newPage();
    await signIn(page, web.url, 'owner@alpha.test', 'not the password');
    await expect.poll(() => page.locator('.notice-error').textContent()).toContain('Wrong e-mail address or password');
    await page.screenshot({ path: screenshotPath('login-wrong-password') });
    await page.close();
    const actions = (await prisma().auditLog.findMany({ select: { action: true } })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.sign_in', 'auth.sign_in_failed', 'user.created']));
  });
});
