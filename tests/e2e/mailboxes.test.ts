import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { prisma } from '../../lib/platform/db/prisma';
import type { WebServer } from '../../lib/platform/system';
import { launchBrowser, screenshotPath } from '../helpers/browser';
import { useTestDatabase } from '../helpers/db';
import { dovecotAvailable, startDovecot, type DovecotServer } from '../helpers/dovecot';
import { folderCount, testImapClient, waitFor } from '../helpers/imap-client';
import { testPoller } from '../helpers/imap-poller';
import { syntheticReportMail } from '../helpers/report-mail';
import { createTestUser, signInAs } from '../helpers/sign-in';
import { startWebApp } from '../helpers/web';

// Settings › Mailboxes in a real browser against the production build and a real Dovecot: test
// the connection (a wrong password, then the right one), add the mailbox, let a worker read it,
// and see its status.

const KEY = Buffer.alloc(32, 3).toString('base64');

describe.skipIf(!dovecotAvailable())('the mailbox settings page', () => {
  let web: WebServer;
  let browser: Browser;
  let dovecot: DovecotServer;

  beforeAll(async () => {
    const url = await useTestDatabase();
    process.env.ATLAS_ENCRYPTION_KEY = KEY;
    const org = await prisma().organization.create({ data: { name: 'Mailbox Org', slug: 'mailbox-org' } });
    await createTestUser('owner@mailbox.test', org.id);
    dovecot = await startDovecot();
    await dovecot.addUsers({ 'dmarc@mailbox.test': 'imap pass' });
    web = await startWebApp(url, { ATLAS_ENCRYPTION_KEY: KEY });
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await dovecot?.stop();
  });

  it('tests the connection, adds the mailbox, and shows what the worker made of it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await signInAs(page, web.url, 'owner@mailbox.test');
    await page.goto(`${web.url}/settings/mailboxes`);
    await expect.poll(() => page.getByText('No mailbox yet').isVisible()).toBe(true);

    await page.locator('input[name=label]').fill('DMARC reports');
    await page.locator('input[name=host]').fill(dovecot.host);
    await page.locator('input[name=tls]').uncheck();
    await page.locator('input[name=port]').fill(String(dovecot.port));
    await page.locator('input[name=username]').fill('dmarc@mailbox.test');
    await page.locator('input[name=secret]').fill('wrong');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 15_000 }).toMatch(/Authentication failed for dmarc@mailbox.test/);

    await page.locator('input[name=secret]').fill('imap pass');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 15_000 }).toMatch(/Connected as dmarc@mailbox.test\. "INBOX" holds 0 message/);

    await page.getByRole('button', { name: 'Add mailbox' }).click();
    await expect.poll(() => page.getByText(/Added "DMARC reports"/).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => page.getByText('Waiting for worker').isVisible()).toBe(true);
    const row = await prisma().mailbox.findFirstOrThrow({ where: { label: 'DMARC reports' } });
    expect(row.secretEnc).not.toContain('imap pass');

    // A worker reads it.
    const mail = await testImapClient(dovecot, 'dmarc@mailbox.test', 'imap pass');
    await mail.append('INBOX', await syntheticReportMail('ui', 0));
    const poller = await testPoller([]);
    try {
      await waitFor('the mailbox read', async () => (await folderCount(mail, 'DMARC/Processed')) === 1);
      // The move comes before the status write: stopping in between would leave "Waiting for worker".
      await waitFor('the read recorded', async () => (await prisma().mailbox.findFirstOrThrow({ where: { label: 'DMARC reports' } })).lastSuccessAt !== null);
    } finally {
      await poller.stop();
      await mail.logout();
    }
    await page.reload();
    await expect.poll(() => page.locator('table.data').getByText('OK', { exact: true }).isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath('settings-mailboxes'), fullPage: true });
    await page.close();
  });
});
