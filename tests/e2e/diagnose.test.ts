import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { prisma } from '../../lib/platform/db/prisma';
import { ingestBuffer } from '../../lib/ingest/pipeline';
import { loadEnrichmentConfig } from '../../lib/sources/enrichment/config';
import { runEnrichment } from '../../lib/sources/enrichment/run-enrichment';
import { dnsblQueryName, loadIpHealthConfig, runIpHealthCheck } from '../../lib/diagnose';
import type { WebServer } from '../../lib/platform/system/next-server';
import { screenshotPath } from '../helpers/browser';
import { useTestDatabase } from '../helpers/db';
import { reverseName, startDnsZoneServer, type TDnsZoneServer } from '../helpers/dns-zone-server';
import { createTestUser } from '../helpers/sign-in';
import { startSignedIn, stopSignedIn, type TSession } from '../helpers/signed-in-app';

// The bounce diagnoser in Chromium against the production build: paste an NDR, drop a bounce
// .eml, read the diagnosis with the evidence from the organisation's own reports and the
// sending IP's listings (screenshots in light and dark, desktop and phone, in
// tests/artifacts/diagnose-*.png); the sender map's Blocklisted badge and "Check now" button.

const WAIT = { timeout: 30_000, interval: 100 };
const DOMAIN = 'acme-widgets.com';
const SENDGRID = '167.89.1.10';
const OWN_SERVER = '5.9.10.10';
const EMAIL = 'postmaster@acme-widgets.com';

let web: WebServer;
let browser: Browser;
let dns: TDnsZoneServer;
let session: TSession;
let dir: string;

function report(): Buffer {
  const day = Math.floor(Date.now() / 86_400_000) * 86_400 - 86_400;
  const record = (ip: string, count: number, dkim: string, spf: string, dkimDomain: string, dkimResult: string, spfDomain: string, spfResult: string) => `
  <record>
    <row><source_ip>${ip}</source_ip><count>${count}</count><policy_evaluated><disposition>none</disposition><dkim>${dkim}</dkim><spf>${spf}</spf></policy_evaluated></row>
    <identifiers><header_from>${DOMAIN}</header_from></identifiers>
    <auth_results><dkim><domain>${dkimDomain}</domain><selector>s1</selector><result>${dkimResult}</result></dkim><spf><domain>${spfDomain}</domain><result>${spfResult}</result></spf></auth_results>
  </record>`;
  return Buffer.from(`<?xml version="1.0"?>
<feedback>
  <report_metadata><org_name>google.com</org_name><email>noreply-dmarc-support@google.com</email><report_id>e2e-diagnose-${day}</report_id>
    <date_range><begin>${day}</begin><end>${day + 86_399}</end></date_range></report_metadata>
  <policy_published><domain>${DOMAIN}</domain><adkim>r</adkim><aspf>r</aspf><p>reject</p><sp>reject</sp><pct>100</pct></policy_published>
  ${record(SENDGRID, 20, 'pass', 'fail', DOMAIN, 'pass', 'sendgrid.net', 'pass')}
  ${record(SENDGRID, 80, 'fail', 'fail', 'sendgrid.net', 'pass', 'sendgrid.net', 'pass')}
  ${record(OWN_SERVER, 120, 'fail', 'pass', DOMAIN, 'fail', DOMAIN, 'pass')}
</feedback>`);
}

const DMARC_NDR = [
  'Delivery has failed to these recipients or groups:',
  'bob@fabrikam.example',
  '',
  'Diagnostic information for administrators:',
  'Generating server: mx.fabrikam.example',
  `Remote Server returned '550 5.7.509 Access denied, sending domain ${DOMAIN} does not pass DMARC verification and has a DMARC policy of reject. [${SENDGRID}]'`,
  '',
  'Original message headers:',
  '',
  `From: Alice <alice@${DOMAIN}>`,
  'To: bob@fabrikam.example',
  'Subject: invoice 4711',
].join('\n');

const S3150_EML = [
  'Return-Path: <>',
  'From: MAILER-DAEMON@mail.acme-widgets.com (Mail Delivery System)',
  `To: alice@${DOMAIN}`,
  'Subject: Undelivered Mail Returned to Sender',
  'MIME-Version: 1.0',
  'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=us-ascii',
  '',
  `<bob@outlook.example>: host outlook-com.olc.protection.outlook.com[52.101.1.1] said: 550 5.7.1`,
  `    Unfortunately, messages from [${OWN_SERVER}] weren't sent. Please contact your Internet service provider`,
  '    since part of their network is on our block list (S3150). (in reply to RCPT TO command)',
  '',
  '--b1',
  'Content-Type: message/delivery-status',
  '',
  'Reporting-MTA: dns; mail.acme-widgets.com',
  '',
  'Final-Recipient: rfc822; bob@outlook.example',
  'Action: failed',
  'Status: 5.7.1',
  'Remote-MTA: dns; outlook-com.olc.protection.outlook.com',
  `Diagnostic-Code: smtp; 550 5.7.1 Unfortunately, messages from [${OWN_SERVER}] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).`,
  '',
  '--b1',
  'Content-Type: text/rfc822-headers',
  '',
  `From: Alice <alice@${DOMAIN}>`,
  'Subject: invoice',
  '',
  '--b1--',
  '',
].join('\r\n');

async function newPage(width: number, scheme: 'light' | 'dark'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, storageState: session });
  return context.newPage();
}

beforeAll(async () => {
  const url = await useTestDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), 'atlas-diagnose-e2e-'));
  dns = await startDnsZoneServer({
    [DOMAIN]: { TXT: ['v=spf1 mx include:sendgrid.net -all'], MX: [`10 mail.${DOMAIN}`] },
    [`mail.${DOMAIN}`]: { A: [OWN_SERVER] },
    'sendgrid.net': { TXT: ['v=spf1 ip4:167.89.0.0/17 ~all'] },
    [reverseName(OWN_SERVER)]: { PTR: [`mail.${DOMAIN}`] },
    [reverseName(SENDGRID)]: { PTR: ['o1.ptr1234.sendgrid.net'] },
    'o1.ptr1234.sendgrid.net': { A: [SENDGRID] },
    [dnsblQueryName(OWN_SERVER, 'zen.spamhaus.org')!]: { A: ['127.0.0.2'], TXT: ['https://check.spamhaus.org/sbl/query/SBL4711'] },
  });
  const dnsEnv = { ATLAS_DNS_SERVERS: dns.address, ATLAS_DNS_TIMEOUT_MS: '500', ATLAS_DNS_TRIES: '1', ATLAS_DNSBL_ZONES: 'zen.spamhaus.org bl.spamcop.net' };
  const org = await prisma().organization.create({ data: { name: 'Acme', slug: 'acme' } });
  await prisma().domain.create({ data: { name: DOMAIN, organizationId: org.id } });
  await createTestUser(EMAIL, org.id, 'owner');
  expect((await ingestBuffer({ name: 'report.xml', source: 'cli', bytes: report() })).status).toBe('ingested');
  await runEnrichment({ config: loadEnrichmentConfig(dnsEnv), budgetMs: 20_000 });
  await runIpHealthCheck({ config: loadIpHealthConfig(dnsEnv) });
  ({ web, browser, session } = await startSignedIn(url, EMAIL, { env: dnsEnv }));
}, 900_000);

afterAll(async () => {
  await stopSignedIn({ web, browser });
  await dns?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the diagnose page', () => {
  for (const scheme of ['light', 'dark'] as const) {
    for (const width of [1440, 390]) {
      it(`diagnoses a pasted NDR with the evidence from the reports (${scheme}, ${width} px)`, async () => {
        const page = await newPage(width, scheme);
        await page.goto(`${web.url}/diagnose`);
        await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Diagnose a bounce' }).isVisible(), WAIT).toBe(true);
        await page.getByLabel('Bounce text').fill(DMARC_NDR);
        await page.getByRole('button', { name: 'Diagnose', exact: true }).click();
        const heading = page.getByRole('heading', { name: 'Rejected by the DMARC policy' });
        await expect.poll(() => heading.isVisible(), WAIT).toBe(true);
        // Focus moves to the answer.
        await expect.poll(() => page.evaluate(() => document.activeElement?.id), WAIT).toBe('diagnosis-heading');
        const evidence = page.locator('section', { has: page.getByRole('heading', { name: `From your reports · ${DOMAIN}` }) });
        await expect.poll(() => evidence.isVisible(), WAIT).toBe(true);
        expect(await evidence.getByRole('link', { name: 'SendGrid' }).getAttribute('href')).toBe(`/domains/${DOMAIN}/sources?days=30&source=service%3Asendgrid#addresses`);
        expect(await evidence.textContent()).toMatch(/DMARC pass\s*20\.0%/);
        expect(await evidence.textContent()).toContain('p=reject; sp=reject; pct=100');
        const fixes = page.locator('section', { has: page.getByRole('heading', { name: 'What to do' }) }).locator('li');
        expect(await fixes.first().textContent()).toMatch(/^167\.89\.1\.10 belongs to SendGrid on the sender map of acme-widgets\.com, an authorised source failing DMARC/);
        // Nothing wider than the screen on a phone.
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
        await page.screenshot({ path: screenshotPath(`diagnose-dmarc-${scheme}-${width}`), fullPage: true });
        await page.context().close();
      });
    }
  }

  it('diagnoses a dropped bounce .eml and shows the sending IP\'s blocklist listing', async () => {
    const file = path.join(dir, 'bounce.eml');
    await writeFile(file, S3150_EML);
    const page = await newPage(1440, 'light');
    await page.goto(`${web.url}/diagnose`);
    await page.getByLabel('Bounce message file').setInputFiles(file);
    await expect.poll(() => page.getByText('bounce.eml').isVisible(), WAIT).toBe(true);
    expect(await page.getByLabel('Bounce text').isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Diagnose', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Sending IP blocked (reputation)' }).isVisible(), WAIT).toBe(true);
    const health = page.locator('section', { has: page.getByRole('heading', { name: `Sending IP health · ${OWN_SERVER}` }) });
    await expect.poll(() => health.isVisible(), WAIT).toBe(true);
    const zen = health.locator('tr', { has: page.getByText('zen.spamhaus.org') });
    expect(await zen.textContent()).toMatch(/Listed.*SBL/);
    expect(await health.textContent()).toContain('checked by the worker');
    expect(await page.locator('li').first().textContent()).toMatch(/5\.9\.10\.10 is listed on zen\.spamhaus\.org/);
    await page.screenshot({ path: screenshotPath('diagnose-eml-ip-light-1440'), fullPage: true });
    await page.context().close();
  });

  it('says what is wrong with an empty submission, without a round trip', async () => {
    const page = await newPage(390, 'dark');
    await page.goto(`${web.url}/diagnose`);
    await page.getByRole('button', { name: 'Diagnose', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: /Paste the bounce text or choose the bounce message/ }).isVisible(), WAIT).toBe(true);
    await page.context().close();
  });
});

describe('the sender map', () => {
  it('marks a source with a listed address and queues a blocklist check on demand', async () => {
    const page = await newPage(1440, 'light');
    await page.goto(`${web.url}/domains/${DOMAIN}/sources?days=30`);
    const row = page.locator('table.sources-table tbody tr', { has: page.getByText('Blocklisted') });
    await expect.poll(() => row.count(), WAIT).toBe(1);
    expect(await row.locator('.source-name').textContent()).toBe('Hetzner');
    await row.locator('.source-name').click();
    await expect.poll(() => page.locator('#addresses').getByText('on 1 blocklist').isVisible(), WAIT).toBe(true);
    await page.getByRole('button', { name: 'Check blocklists now' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), WAIT).toMatch(/Check queued/);
    const jobs = await prisma().$queryRaw<Array<{ data: { domainId: number; force: boolean } }>>`SELECT data FROM pgboss.job WHERE name = 'ip-health-check'`;
    expect(jobs).toEqual([expect.objectContaining({ data: expect.objectContaining({ force: true }) })]);
    await page.screenshot({ path: screenshotPath('diagnose-sender-map-listed-light-1440'), fullPage: true });
    // Asking again within the cooldown queues nothing more.
    await page.getByRole('button', { name: 'Check blocklists now' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), WAIT).toMatch(/already waiting or ran in the last few minutes/);
    await page.context().close();
  });
});
