import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createAlertRule } from '../../lib/alerts';
import { unsubscribeUrl } from '../../lib/notify';
import { prisma } from '../../lib/platform/db/prisma';
import type { WebServer } from '../../lib/platform/system';
import { runWorker, type RunningWorker } from '../../lib/worker';
import { launchBrowser, screenshotPath } from '../helpers/browser';
import { useTestDatabase } from '../helpers/db';
import { ingestReports } from '../helpers/dmarc-report';
import { waitFor } from '../helpers/imap-client';
import { createTestUser, signInAs } from '../helpers/sign-in';
import { startSmtpSink } from '../helpers/smtp-sink';
import { startWebApp } from '../helpers/web';

// The notification pages in a real browser against the production build: a user's digest
// settings and the preview of their next digest, an admin's alert rules and webhooks (the secret
// shown once), the alert history, the job schedule with a worker running, and unsubscribing.

const DAY_MS = 86_400_000;
const day = (back: number) => new Date(Date.now() - back * DAY_MS).toISOString().slice(0, 10);
const SECRET = 'e2e-notifications-secret-0123456789abcdef';
const KEY = Buffer.alloc(32, 7).toString('base64');

describe('notification settings, preview, alerts, history and jobs', () => {
  let web: WebServer;
  let browser: Browser;
  let page: Page;
  let worker: RunningWorker;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let userId: number;

  beforeAll(async () => {
    const url = await useTestDatabase();
    sink = await startSmtpSink();
    Object.assign(process.env, { AUTH_SECRET: SECRET, ATLAS_SMTP_URL: sink.url, ATLAS_ENCRYPTION_KEY: KEY, ATLAS_URL: 'https://atlas.example.test', ATLAS_LOG_LEVEL: 'warn' });
    const org = await prisma().organization.create({ data: { name: 'Acme', slug: 'acme' } });
    for (const name of ['acme.test', 'acme-mail.test']) await prisma().domain.create({ data: { name, organizationId: org.id } });
    const owner = await createTestUser('owner@acme.test', org.id);
    userId = owner.id;
    // Two weeks of reports, a spoofer arriving three days ago.
    const specs = [];
    for (let back = 14; back >= 1; back -= 1) {
      specs.push({ domain: 'acme.test', day: day(back), reporter: back % 2 ? 'google.com' : 'Microsoft Corporation', records: [{ ip: '192.0.2.10', count: 200 + back, dkim: 'pass' as const, spf: 'pass' as const }, { ip: '192.0.2.11', count: 5, dkim: 'fail' as const, spf: 'pass' as const }] });
      if (back % 3 === 0) specs.push({ domain: 'acme-mail.test', day: day(back), reporter: 'google.com', records: [{ ip: '198.51.100.7', count: 40, dkim: 'pass' as const, spf: 'fail' as const }] });
    }
    specs.push({ domain: 'acme.test', day: day(2), reporter: 'Yahoo', records: [{ ip: '203.0.113.9', count: 60, dkim: 'fail' as const, spf: 'fail' as const, disposition: 'reject' as const }] });
    await ingestReports(specs);
    const actor = { kind: 'user' as const, userId: owner.id, tokenId: null, label: owner.email, organizationId: org.id, organizationName: 'Acme', role: 'owner' as const, tokenScope: null, isInstanceAdmin: false, scope: { organizationIds: [org.id], domainIds: [] } };
    await createAlertRule(actor, { kind: 'new_source' });
    await createAlertRule(actor, { kind: 'pass_rate_below', params: { threshold: 0.99, minMessages: 10 } });
    worker = await runWorker();
    // The alerts job once through the runner (the page shows its last run), its deliveries too.
    await worker.send('alerts-evaluate', {});
    await waitFor('alerts evaluated and delivered', async () => (await prisma().alertDelivery.count({ where: { status: 'sent' } })) >= 2, 120_000, 250);
    web = await startWebApp(url, { AUTH_SECRET: SECRET, ATLAS_ENCRYPTION_KEY: KEY, ATLAS_SMTP_URL: sink.url });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await signInAs(page, web.url, 'owner@acme.test');
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await worker?.stop();
    await sink?.close();
  });

  it('saves the digest settings and says when the next digest goes out', async () => {
    await page.goto(`${web.url}/settings/notifications`);
    await expect.poll(() => page.getByText(/Next digest:/).isVisible()).toBe(true);
    await page.locator('select[name=digestWeekday]').selectOption('5');
    await page.locator('select[name=digestHour]').selectOption('7');
    await page.locator('select[name=timeZone]').selectOption('Europe/Berlin');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Saved.');
    await page.reload();
    await expect.poll(() => page.getByText(/Next digest: Friday/).isVisible()).toBe(true);
    expect(await prisma().notificationSetting.findUniqueOrThrow({ where: { userId } })).toMatchObject({ digestWeekday: 5, digestHour: 7, timeZone: 'Europe/Berlin', digestEnabled: true });
    await page.screenshot({ path: screenshotPath('notifications-settings'), fullPage: true });
  });

  it('previews the next digest with both domains, the HTML part in a sandbox and the text part', async () => {
    await page.goto(`${web.url}/settings/notifications/preview`);
    await expect.poll(() => page.getByTestId('digest-text').textContent()).toContain('acme-mail.test');
    const frame = page.frameLocator('iframe[title="Digest (HTML part)"]');
    await expect.poll(() => frame.getByText('Overview').first().isVisible()).toBe(true);
    expect(await page.locator('iframe').getAttribute('sandbox')).toBe('');
    await page.screenshot({ path: screenshotPath('notifications-preview'), fullPage: true });
  });

  it('adds an alert rule and a webhook whose secret is shown once', async () => {
    await page.goto(`${web.url}/settings/alerts`);
    await page.locator('select[name=kind]').selectOption('no_reports');
    await page.locator('input[name="p.days"]').fill('5');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await expect.poll(() => page.getByText('Silent for days: 5').isVisible()).toBe(true);
    await page.locator('form[aria-label="Add a webhook"] input[name=name]').fill('ops channel');
    await page.locator('form[aria-label="Add a webhook"] input[name=url]').fill('https://hooks.example.test/T000/B000/secret-path');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await expect.poll(() => page.getByTestId('webhook-secret').textContent()).toMatch(/^whsec_/);
    // The table shows the origin only: Slack-style URLs carry their secret in the path.
    await expect.poll(() => page.getByText('https://hooks.example.test/…').isVisible()).toBe(true);
    expect(await page.content()).not.toContain('secret-path');
    await page.screenshot({ path: screenshotPath('notifications-alert-rules'), fullPage: true });
  });

  it('lists the alerts raised and where each went', async () => {
    await page.goto(`${web.url}/settings/alert-history`);
    await expect.poll(() => page.getByText(/New source sending as acme\.test/).first().isVisible()).toBe(true);
    await expect.poll(() => page.getByText('owner@acme.test').first().isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath('notifications-alert-history'), fullPage: true });
  });

  it('shows each job’s last and next run', async () => {
    await page.goto(`${web.url}/settings/jobs`);
    const row = page.locator('tr', { hasText: 'alerts-evaluate' });
    await expect.poll(() => row.textContent()).toMatch(/completed/);
    await expect.poll(() => page.locator('tr', { hasText: 'digest-schedule' }).textContent()).toMatch(/\*\/15 \* \* \* \*/);
    await page.screenshot({ path: screenshotPath('notifications-jobs'), fullPage: true });
  });

  it('unsubscribes on the confirm button, never on a plain GET, and on a one-click POST', async () => {
    const link = unsubscribeUrl(web.url, userId, 'digest');
    const anonymous = await browser.newPage();
    await anonymous.goto(link);
    await expect.poll(() => anonymous.getByRole('heading').textContent()).toBe('Unsubscribe from the weekly DMARC digest?');
    expect((await prisma().notificationSetting.findUniqueOrThrow({ where: { userId } })).digestEnabled).toBe(true);
    await anonymous.screenshot({ path: screenshotPath('notifications-unsubscribe') });
    await anonymous.getByRole('button', { name: 'Unsubscribe' }).click();
    await expect.poll(() => anonymous.getByRole('heading').textContent()).toBe('You are unsubscribed');
    expect((await prisma().notificationSetting.findUniqueOrThrow({ where: { userId } })).digestEnabled).toBe(false);

    // RFC 8058: what a mail provider sends from its own button.
    const alerts = await fetch(unsubscribeUrl(web.url, userId, 'alerts'), { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(alerts.status).toBe(200);
    expect((await prisma().notificationSetting.findUniqueOrThrow({ where: { userId } })).alertEmails).toBe(false);
    const forged = await fetch(`${web.url}/unsubscribe?token=u1.${userId}.alerts.${'A'.repeat(43)}`, { method: 'POST' });
    expect(forged.status).toBe(400);
    await anonymous.close();
  });
});
