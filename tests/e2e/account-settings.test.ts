import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { prisma } from '../../lib/platform/db/prisma';
import type { WebServer } from '../../lib/platform/system';
import { insertReport, PASSWORD } from '../helpers/access-fixtures';
import { launchBrowser, screenshotPath } from '../helpers/browser';
import { useTestDatabase } from '../helpers/db';
import { createTestUser, signInAs } from '../helpers/sign-in';
import { startWebApp } from '../helpers/web';

// Settings › Account and › Organisations in Chromium against the production build: a new
// password ends the other sessions, "sign out everywhere" ends them all, an owner creates an
// organisation and lands in it; plus the sign-in redirect and bidi text as a browser sees them.

const NEW_PASSWORD = 'a brand new passphrase';

async function shoot(context: BrowserContext, url: string, name: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    for (const width of [1440, 390]) {
      await context.addCookies([{ name: 'atlas-theme', value: theme, url }]);
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 900 });
      await page.goto(url);
      await page.locator('main h2').first().waitFor();
      await page.screenshot({ path: screenshotPath(`${name}-${theme}-${width}`), fullPage: true });
      await page.close();
    }
  }
}

async function signedInContext(browser: Browser, base: string, email: string, password = PASSWORD): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signInAs(page, base, email, password);
  return { context, page };
}

describe('account and organisation settings', () => {
  let web: WebServer;
  let browser: Browser;
  let orgId: number;

  beforeAll(async () => {
    const url = await useTestDatabase();
    const org = await prisma().organization.create({ data: { name: 'Alpha Org', slug: 'alpha' } });
    orgId = org.id;
    const domain = await prisma().domain.create({ data: { name: 'alpha.example', organizationId: org.id } });
    await insertReport(domain.id, domain.name, new Date().toISOString().slice(0, 10), 40, '192.0.2.44');
    // One person per test, so that each test stands alone.
    await createTestUser('owner@alpha.test', org.id, 'owner');
    await createTestUser('admin@alpha.test', org.id, 'admin');
    await createTestUser('founder@alpha.test', org.id, 'owner');
    await createTestUser('viewer@alpha.test', org.id, 'viewer', [domain.id]);
    web = await startWebApp(url, (origin) => ({ ATLAS_URL: origin }));
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  it('a new password keeps this browser signed in and signs every other one out', async () => {
    const here = await signedInContext(browser, web.url, 'owner@alpha.test');
    const elsewhere = await signedInContext(browser, web.url, 'owner@alpha.test');
    await here.page.goto(`${web.url}/settings/account`);
    await expect.poll(() => here.page.locator('main').textContent()).toContain('owner@alpha.test');
    await shoot(here.context, `${web.url}/settings/account`, 'settings-account');

    const form = here.page.getByRole('form', { name: 'Change password' });
    await form.getByLabel('Current password').fill('not my password');
    await form.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await form.getByLabel('New password again').fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('The current password is wrong.');

    await form.getByLabel('Current password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toContain('Password changed');
    await here.page.screenshot({ path: screenshotPath('settings-account-password-changed'), fullPage: true });

    await elsewhere.page.goto(`${web.url}/settings/members`);
    await elsewhere.page.waitForURL((url) => url.pathname === '/login');
    await here.page.goto(`${web.url}/settings/members`);
    await expect.poll(() => here.page.locator('h1').textContent()).toBe('Settings');
    expect(new URL(here.page.url()).pathname).toBe('/settings/members');

    const audit = await prisma().auditLog.findMany({ where: { action: { in: ['user.password_changed', 'user.password_change_failed'] } }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['user.password_change_failed', 'user.password_changed']);
    const fresh = await signedInContext(browser, web.url, 'owner@alpha.test', NEW_PASSWORD);
    expect(new URL(fresh.page.url()).pathname).toBe('/');
    await fresh.context.close();
    await elsewhere.context.close();
    await here.context.close();
  }, 300_000);

  it('"sign out everywhere" ends every session of the account, this one included', async () => {
    const here = await signedInContext(browser, web.url, 'admin@alpha.test');
    const elsewhere = await signedInContext(browser, web.url, 'admin@alpha.test');
    const stolen = (await elsewhere.context.cookies()).find((c) => c.name === 'next-auth.session-token')!;
    await here.page.goto(`${web.url}/settings/account`);
    await here.page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await here.page.getByRole('alertdialog').getByRole('button', { name: 'Sign out everywhere' }).click();
    await here.page.waitForURL((url) => url.pathname === '/login');
    await elsewhere.page.goto(`${web.url}/`);
    await elsewhere.page.waitForURL((url) => url.pathname === '/login');
    const replay = await fetch(`${web.url}/api/v1/reports`, { headers: { cookie: `${stolen.name}=${stolen.value}` } });
    expect(replay.status).toBe(401);
    await elsewhere.context.close();
    await here.context.close();
  }, 300_000);

  it('an owner creates an organisation and lands in it; a viewer may not', async () => {
    const owner = await signedInContext(browser, web.url, 'founder@alpha.test');
    await owner.page.goto(`${web.url}/settings/organizations`);
    await expect.poll(() => owner.page.locator('table.data').textContent()).toContain('Alpha Org');
    await shoot(owner.context, `${web.url}/settings/organizations`, 'settings-organizations');
    const form = owner.page.getByRole('form', { name: 'Create an organisation' });
    await form.getByLabel('Name').fill('Alpha Org');
    await form.getByRole('button', { name: 'Create organisation' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('That name is taken');
    await form.getByLabel('Name').fill('Gamma Org');
    await form.getByRole('button', { name: 'Create organisation' }).click();
    await owner.page.waitForURL((url) => url.pathname === '/settings/domains');
    await expect.poll(() => owner.page.locator('.page-head p').first().textContent()).toBe('Gamma Org');
    await expect.poll(() => owner.page.getByLabel('Organisation').locator('option').allTextContents()).toEqual(['Alpha Org', 'Gamma Org']);
    const gamma = await prisma().organization.findUniqueOrThrow({ where: { name: 'Gamma Org' }, include: { memberships: { include: { user: true } } } });
    expect(gamma.memberships.map((m) => [m.user.email, m.role])).toEqual([['founder@alpha.test', 'owner']]);
    expect(await prisma().auditLog.count({ where: { action: 'org.created', organizationId: gamma.id } })).toBe(1);
    // Nothing of Alpha Org shows in Gamma Org.
    await owner.page.goto(`${web.url}/`);
    await expect.poll(() => owner.page.locator('main').textContent()).toContain('No domains yet');
    await owner.context.close();

    const viewer = await signedInContext(browser, web.url, 'viewer@alpha.test');
    await viewer.page.goto(`${web.url}/settings/organizations`);
    await expect.poll(() => viewer.page.locator('main').textContent()).toContain('Owners of an organisation can create organisations');
    expect(await viewer.page.getByRole('form', { name: 'Create an organisation' }).count()).toBe(0);
    await viewer.context.close();
    expect(await prisma().organization.count({ where: { id: { not: orgId }, name: { not: 'Gamma Org' } } })).toBe(0);
  }, 300_000);

  it('after signing in, the browser stays on the site whatever callbackUrl says', async () => {
    for (const payload of ['/\t/evil.example/phish', '/\u000b/evil.example', '/\u3000/evil.example']) {
      const context = await browser.newContext();
      const page = await context.newPage();
      // Whatever the outcome, the browser must never ask for evil.example.
      const offsite: string[] = [];
      page.on('request', (request) => {
        if (new URL(request.url()).hostname.endsWith('evil.example')) offsite.push(request.url());
      });
      await context.route('**/*', (route) => (new URL(route.request().url()).hostname.endsWith('evil.example') ? route.abort() : route.continue()));
      await page.goto(`${web.url}/login?callbackUrl=${encodeURIComponent(payload)}`);
      await page.getByLabel('E-mail').fill('viewer@alpha.test');
      await page.locator('input[name=password]').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL((url) => url.pathname !== '/login');
      await expect.poll(() => page.locator('h1').textContent()).toBeTruthy();
      expect(new URL(page.url()).origin, JSON.stringify(payload)).toBe(web.url);
      expect(offsite, JSON.stringify(payload)).toEqual([]);
      await context.close();
    }
  }, 300_000);

  it('isolates bidi text from reports in table cells', async () => {
    const domain = await prisma().domain.findUniqueOrThrow({ where: { name: 'alpha.example' } });
    await prisma().dailyRollup.updateMany({ where: { domainId: domain.id }, data: { dkimDomain: '\u202Emoc.elpmaxe', orgName: 'evil\u202Egro' } });
    const { context, page } = await signedInContext(browser, web.url, 'viewer@alpha.test');
    await page.goto(`${web.url}/domains/${domain.name}/sources`);
    const cell = page.locator('table.data td').first();
    await cell.waitFor();
    const styles = await page.locator('table.data td').evaluateAll((cells) => cells.map((c) => getComputedStyle(c).unicodeBidi));
    expect(styles.length).toBeGreaterThan(0);
    expect(new Set(styles)).toEqual(new Set(['isolate']));
    await context.close();
  }, 120_000);
});
