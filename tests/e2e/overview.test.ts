import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { prisma } from '../../lib/platform/db/prisma';
import type { WebServer } from '../../lib/platform/system';
import { launchBrowser, screenshotPath } from '../helpers/browser';
import { useTestDatabase } from '../helpers/db';
import { createTestUser, signInAs } from '../helpers/sign-in';
import { startWebApp } from '../helpers/web';

describe('the overview page', () => {
  let web: WebServer;
  let browser: Browser;
  let owner: Awaited<ReturnType<typeof createTestUser>>;

  beforeAll(async () => {
    const url = await useTestDatabase();
    const org = await prisma().organization.create({ data: { name: 'Screenshot Org', slug: 'screenshot-org' } });
    await prisma().domain.createMany({
      data: [
        { name: 'example.com', organizationId: org.id },
        { name: 'example.net', organizationId: org.id },
      ],
    });
    owner = await createTestUser('owner@screenshot.test', org.id);
    web = await startWebApp(url);
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  it('reports the database as up on /api/health; versions only to a signed-in owner or admin', async () => {
    const response = await fetch(`${web.url}/api/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; version?: string; database: { up: boolean; version?: string } };
    expect(body.status).toBe('ok');
    expect(body.database.up).toBe(true);
    expect(body.version).toBeUndefined();
    expect(body.database.version).toBeUndefined();
    const admin = (await (await fetch(`${web.url}/api/health`, { headers: { cookie: owner.cookie } })).json()) as typeof body;
    expect(admin.database.version).toMatch(/^PostgreSQL \d+/);
    expect(admin.version).toMatch(/^\d+\.\d+/);
  });

  it('lists the domains read from the database', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signInAs(page, web.url, 'owner@screenshot.test');
    await page.goto(web.url);
    await expect.poll(() => page.locator('table.data').textContent()).toContain('example.com');
    expect(await page.locator('table.data').textContent()).toContain('example.net');
    await page.screenshot({ path: screenshotPath('overview'), fullPage: true });
    await page.close();
  });
});
