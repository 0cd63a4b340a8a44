import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { prisma } from '../../lib/platform/db/prisma';
import type { WebServer } from '../../lib/platform/system/next-server';
import { launchBrowser, screenshotPath } from '../helpers/browser';
import { useTestDatabase } from '../helpers/db';
import { dovecotAvailable, startDovecot, type DovecotServer } from '../helpers/dovecot';
import { startGraphServer, type GraphServer } from '../helpers/graph-server';
import { waitFor } from '../helpers/imap-client';
import { testPoller } from '../helpers/imap-poller';
import { startTokenServer, type TokenServer } from '../helpers/oauth-token-server';
import { reportMail, syntheticReportMail } from '../helpers/report-mail';
import { createTestUser, signInAs } from '../helpers/sign-in';
import { makeCertificate, removeCertificate, trustInThisProcess, type TestCertificate } from '../helpers/test-tls';
import { startWebApp } from '../helpers/web';

// Settings › Mailboxes in a real browser, one provider preset after the other: fill in the form
// as an administrator would (the loopback token server, Graph stand-in and a Dovecot that takes
// only OAuth2 tokens play Microsoft's and Google's parts), test the connection, add the
// mailbox — for Google's consent flow, grant access through the consent page and back — then let
// a worker read every mailbox and see each token's status in the list.

const KEY = Buffer.alloc(32, 5).toString('base64');

describe.skipIf(!dovecotAvailable())('mailbox presets with OAuth2 in the settings page', () => {
  let web: WebServer;
  let browser: Browser;
  let page: Page;
  let dovecot: DovecotServer;
  let tokens: TokenServer;
  let graph: GraphServer;
  let certificate: TestCertificate;
  let serviceAccountKey: string;

  beforeAll(async () => {
    const url = await useTestDatabase();
    process.env.ATLAS_ENCRYPTION_KEY = KEY;
    const org = await prisma().organization.create({ data: { name: 'OAuth Org', slug: 'oauth-org' } });
    await createTestUser('owner@oauth.test', org.id);
    certificate = makeCertificate();
    trustInThisProcess(certificate.cert);
    tokens = await startTokenServer(certificate);
    dovecot = await startDovecot({ oauth2: { introspectionUrl: tokens.introspectionUrl } });
    graph = await startGraphServer(certificate, tokens);
    await dovecot.addUsers({ 'ms@contoso.test': 'pw', 'generic@contoso.test': 'pw', 'sa@fabrikam.test': 'pw', 'consent@fabrikam.test': 'pw' });
    tokens.addClient({ tenant: 'contoso', clientId: 'app-imap', secret: 'imap-secret', mailboxes: ['ms@contoso.test'] });
    tokens.addClient({ tenant: 'contoso', clientId: 'app-graph', secret: 'graph-secret', mailboxes: ['graph@contoso.test'] });
    tokens.addClient({ tenant: 'contoso', clientId: 'app-generic', secret: 'generic-secret', mailboxes: ['generic@contoso.test'] });
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const email = 'atlas-reader@project.iam.gserviceaccount.com';
    serviceAccountKey = JSON.stringify({ type: 'service_account', client_email: email, private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }) }, null, 2);
    tokens.addServiceAccount({ email, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), delegatedUsers: ['sa@fabrikam.test'] });
    tokens.addOAuthClient({ clientId: 'web-client.apps.googleusercontent.com', secret: 'web-secret' });
    tokens.consentAs = 'consent@fabrikam.test';
    graph.addMailbox('graph@contoso.test');
    for (const [n, user] of ['ms@contoso.test', 'generic@contoso.test', 'sa@fabrikam.test', 'consent@fabrikam.test'].entries()) {
      dovecot.deliver(user, [await syntheticReportMail(`e2e${n}`, 0)]);
    }
    const file = { name: 'graph!example.com!1700000000!1700086399!e2egraph-0.xml', bytes: Buffer.from((await import('../unit/fixtures/reports')).reportXml([{}], { reportId: 'e2egraph-0' })) };
    graph.deliver('graph@contoso.test', [{ subject: 'Report', attachments: [{ kind: 'file', name: file.name, contentType: 'text/xml', bytes: file.bytes }], mime: await reportMail(file.name, file.bytes) }]);
    web = await startWebApp(url, (origin) => ({ ATLAS_ENCRYPTION_KEY: KEY, ATLAS_URL: origin, NODE_EXTRA_CA_CERTS: certificate.certFile }));
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    await signInAs(page, web.url, 'owner@oauth.test');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await dovecot?.stop();
    await graph?.close();
    await tokens?.close();
    removeCertificate(certificate);
  });

  const status = () => page.getByRole('status').first().textContent();
  const startPreset = async (preset: string, label: string) => {
    await page.goto(`${web.url}/settings/mailboxes`);
    await page.locator('select[name=preset]').selectOption(preset);
    await page.locator('input[name=label]').fill(label);
  };
  const toDovecot = async (user: string) => {
    await page.locator('input[name=host]').fill(dovecot.host);
    await page.locator('input[name=tls]').uncheck();
    await page.locator('input[name=port]').fill(String(dovecot.port));
    await page.locator('input[name=username]').fill(user);
  };
  const endpoints = () => page.getByText('Endpoints and scope').click();
  const testAndAdd = async (expected: RegExp, screenshot: string) => {
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(status, { timeout: 20_000 }).toMatch(expected);
    await page.screenshot({ path: screenshotPath(screenshot), fullPage: true });
    await page.getByRole('button', { name: 'Add mailbox' }).click();
    await expect.poll(() => page.getByText(/^(Added|.*Next: “Grant access”)/).first().isVisible(), { timeout: 15_000 }).toBe(true);
  };

  it('Microsoft 365 over IMAP as an app: a wrong secret explained, then connected', async () => {
    await startPreset('m365', 'M365 IMAP');
    expect(await page.locator('input[name=host]').inputValue()).toBe('outlook.office365.com');
    expect(await page.getByText(/IMAP\.AccessAsApp/).first().isVisible()).toBe(true);
    await toDovecot('ms@contoso.test');
    await page.locator('input[name=tenantId]').fill('contoso');
    await page.locator('input[name=clientId]').fill('app-imap');
    await page.locator('input[name=secret]').fill('the-secret-id-by-mistake');
    await endpoints();
    await page.locator('input[name=authority]').fill(tokens.authority);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(status, { timeout: 20_000 }).toMatch(/The client secret is wrong.*copy the secret's Value/);
    await page.screenshot({ path: screenshotPath('mailbox-preset-m365-wrong-secret'), fullPage: true });
    await page.locator('input[name=secret]').fill('imap-secret');
    await testAndAdd(/Connected as ms@contoso\.test\. "INBOX" holds 1 message.*Token obtained/, 'mailbox-preset-m365');
  });

  it('Microsoft Graph as an app', async () => {
    await startPreset('graph', 'M365 Graph');
    expect(await page.locator('input[name=host]').inputValue()).toBe('graph.microsoft.com');
    await page.locator('input[name=host]').fill(graph.host);
    await page.locator('input[name=port]').fill(String(graph.port));
    await page.locator('input[name=username]').fill('graph@contoso.test');
    await page.locator('input[name=tenantId]').fill('contoso');
    await page.locator('input[name=clientId]').fill('app-graph');
    await page.locator('input[name=secret]').fill('graph-secret');
    await endpoints();
    await page.locator('input[name=authority]').fill(tokens.authority);
    await testAndAdd(/Connected to graph@contoso\.test through Microsoft Graph\. "Inbox" holds 1 message.*Will create "DMARC\/Processed"/, 'mailbox-preset-graph');
  });

  it('Google Workspace with a service account key', async () => {
    await startPreset('google-sa', 'Google SA');
    expect(await page.locator('input[name=host]').inputValue()).toBe('imap.gmail.com');
    await toDovecot('sa@fabrikam.test');
    await page.locator('textarea[name=secret]').fill('{"not": "a key"}');
    await endpoints();
    await page.locator('input[name=tokenUrl]').fill(tokens.googleTokenUrl);
    await page.getByRole('button', { name: 'Add mailbox' }).click();
    await expect.poll(status, { timeout: 15_000 }).toMatch(/service account key is not usable/);
    await page.locator('textarea[name=secret]').fill(serviceAccountKey);
    await testAndAdd(/Connected as sa@fabrikam\.test.*Token obtained/, 'mailbox-preset-google-service-account');
  });

  it('Google sign-in: added, then access granted through the consent page', async () => {
    await startPreset('google-consent', 'Google consent');
    await toDovecot('consent@fabrikam.test');
    await page.locator('input[name=clientId]').fill('web-client.apps.googleusercontent.com');
    await page.locator('input[name=secret]').fill('web-secret');
    expect(await page.getByText(`${web.url}/settings/mailboxes/oauth/callback`).isVisible()).toBe(true);
    await endpoints();
    await page.locator('input[name=tokenUrl]').fill(tokens.googleTokenUrl);
    await page.locator('input[name=authUrl]').fill(tokens.googleAuthUrl);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(status, { timeout: 15_000 }).toMatch(/Save the mailbox, then use "Grant access"/);
    await page.screenshot({ path: screenshotPath('mailbox-preset-google-consent'), fullPage: true });
    await page.getByRole('button', { name: 'Add mailbox' }).click();
    await expect.poll(() => page.getByText(/Next: “Grant access” in the list above, and sign in as consent@fabrikam\.test/).isVisible(), { timeout: 15_000 }).toBe(true);
    await page.reload();
    const row = page.locator('tr', { hasText: 'Google consent' });
    await expect.poll(() => row.getByText('Needs consent').isVisible()).toBe(true);
    await row.getByRole('link', { name: 'Grant access' }).click();
    await page.waitForURL(`${web.url}/settings/mailboxes`);
    await expect.poll(() => page.getByText(/Access to "Google consent" granted/).isVisible(), { timeout: 15_000 }).toBe(true);
    const stored = await prisma().mailbox.findFirstOrThrow({ where: { label: 'Google consent' } });
    expect(stored.refreshTokenEnc).toMatch(/^v1\./);
    await page.screenshot({ path: screenshotPath('mailbox-preset-google-consent-granted'), fullPage: true });
  });

  it('any IMAP server with OAuth2 client credentials', async () => {
    await startPreset('oauth2', 'Generic OAuth2');
    await toDovecot('generic@contoso.test');
    await page.locator('input[name=tokenUrl]').fill(tokens.tokenUrl('contoso'));
    await page.locator('input[name=clientId]').fill('app-generic');
    await page.locator('input[name=secret]').fill('generic-secret');
    await endpoints();
    await page.locator('input[name=scope]').fill('https://outlook.office365.com/.default');
    await testAndAdd(/Connected as generic@contoso\.test.*Token obtained/, 'mailbox-preset-oauth2');
  });

  it('a worker reads every mailbox; the list shows each token and its refresh', async () => {
    const poller = await testPoller([]);
    try {
      await waitFor(
        'every mailbox read',
        async () => (await prisma().report.count({ where: { reportId: { in: ['e2e0-0', 'e2e1-0', 'e2e2-0', 'e2e3-0', 'e2egraph-0'] } } })) === 5,
        60_000,
      );
      await waitFor('every mailbox recorded as read', async () => (await prisma().mailbox.count({ where: { organizationId: { not: null }, lastSuccessAt: { not: null } } })) === 5, 30_000);
    } finally {
      await poller.stop();
    }
    const rows = await prisma().mailbox.findMany({ where: { organizationId: { not: null } } });
    expect(rows).toHaveLength(5);
    for (const row of rows) {
      expect(row.secretEnc).not.toMatch(/secret|PRIVATE KEY/);
      expect(row.tokenExpiresAt).not.toBeNull();
    }
    await page.goto(`${web.url}/settings/mailboxes`);
    for (const label of ['M365 IMAP', 'M365 Graph', 'Google SA', 'Google consent', 'Generic OAuth2']) {
      const row = page.locator('tr', { hasText: label });
      expect(await row.locator('.badge').textContent(), label).toBe('OK');
      expect(await row.getByText(/token expires in \d+ (min|h), refreshed (\d+s|\d+ min) ago/).isVisible()).toBe(true);
    }
    expect(await page.locator('tr', { hasText: 'M365 Graph' }).getByText('Microsoft Graph · Microsoft 365 app').isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath('settings-mailboxes-oauth'), fullPage: true });
  });
});
