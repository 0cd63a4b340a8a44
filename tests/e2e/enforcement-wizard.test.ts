import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { checkDomainNow } from '../../lib/enforcement';
import { ingestBuffer } from '../../lib/ingest';
import { createResolver } from '../../lib/platform/dns';
import { prisma } from '../../lib/platform/db/prisma';
import type { WebServer } from '../../lib/platform/system/next-server';
import { screenshotPath } from '../helpers/browser';
import { useTestDatabase } from '../helpers/db';
import { startDnsZoneServer, type TDnsZoneServer } from '../helpers/dns-zone-server';
import { createTestUser } from '../helpers/sign-in';
import { craftedReports, craftedXml } from '../integration/enforcement/crafted-reports';
import { ownDomains } from '../integration/ingest/helpers';
import { startSignedIn, stopSignedIn, type TSession } from '../helpers/signed-in-app';

// The enforcement wizard walked in Chromium against a production build: DNS from a loopback
// server the web app resolves through (ATLAS_DNS_SERVERS), crafted reports of the last weeks.
// An owner tunes the thresholds, advances a stage, publishes it (the test changes the zone),
// re-checks, then rolls back. Screenshots in tests/artifacts/enforcement-*.png.

const WAIT = { timeout: 30_000, interval: 100 };
const DOMAIN = 'wizard.example';
const STRICT = 'strict.example';
const OWNER = 'owner@wizard.example';
const RUA = 'reports@atlas.example';
const MONITORING = `v=DMARC1; p=none; rua=mailto:dmarc@${DOMAIN}`;
const STRICT_RECORD = `v=DMARC1; p=reject; rua=mailto:dmarc@${STRICT}`;
const DAY_S = 86_400;

let dns: TDnsZoneServer;
let web: WebServer;
let browser: Browser;
let session: TSession;
const wizardUrl = () => `${web.url}/domains/${DOMAIN}/enforcement`;

async function newPage(width = 1440, scheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, storageState: session });
  return context.newPage();
}

async function openWizard(page: Page): Promise<void> {
  await page.goto(wizardUrl());
  await expect.poll(() => page.getByRole('heading', { name: 'Readiness gates', exact: false }).first().isVisible(), WAIT).toBe(true);
}

beforeAll(async () => {
  const url = await useTestDatabase();
  const ids = await ownDomains('Wizard Co', [DOMAIN, STRICT]);
  const org = await prisma().domain.findUniqueOrThrow({ where: { id: ids.get(DOMAIN)! }, select: { organizationId: true } });
  await createTestUser(OWNER, org.organizationId, 'owner');
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  dns = await startDnsZoneServer({
    [`_dmarc.${DOMAIN}`]: { TXT: [MONITORING] },
    [DOMAIN]: { TXT: ['v=spf1 ip4:198.51.100.0/24 ip4:203.0.113.0/24 -all'] },
    [`s1._domainkey.${DOMAIN}`]: { TXT: [`v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`] },
    [`_dmarc.${STRICT}`]: { TXT: [STRICT_RECORD] },
    [STRICT]: { TXT: ['v=spf1 -all'] },
  });
  const today = Math.floor(Date.now() / 1000 / DAY_S) * DAY_S;
  for (const report of craftedReports(DOMAIN, today - 40 * DAY_S, 40)) {
    await ingestBuffer({ bytes: craftedXml(report), name: `${report.id}.xml`, source: 'cli' });
  }
  // The DNS watch has seen the strict domain (Settings › Domains reads what it saw).
  await checkDomainNow({ id: ids.get(STRICT)!, name: STRICT, organizationId: org.organizationId }, { resolver: createResolver({ dnsServers: [dns.address], dnsTimeoutMs: 500, dnsTries: 1 }) });
  ({ web, browser, session } = await startSignedIn(url, OWNER, { env: { ATLAS_DNS_SERVERS: dns.address, ATLAS_DNS_TIMEOUT_MS: '500', ATLAS_DNS_TRIES: '1', ATLAS_RUA_ADDRESS: RUA } }));
}, 900_000);

afterAll(async () => {
  await stopSignedIn({ web, browser });
  await dns?.close();
});

describe('the wizard, light and dark, desktop and phone', () => {
  for (const scheme of ['light', 'dark'] as const) {
    for (const width of [1440, 390]) {
      it(`shows the path, gates, impact and record (${scheme}, ${width} px)`, async () => {
        const page = await newPage(width, scheme);
        await openWizard(page);
        await expect.poll(() => page.getByText('Next: Quarantine, testing (25 %)').isVisible(), WAIT).toBe(true);
        expect(await page.getByTestId('next-record').textContent()).toBe(`v=DMARC1; p=quarantine; sp=none; pct=25; t=y; rua=mailto:dmarc@${DOMAIN},mailto:${RUA}`);
        expect(await page.getByRole('list', { name: 'Readiness gates' }).getByRole('listitem').count()).toBe(7);
        expect(await page.getByRole('list', { name: 'Stages' }).getByRole('listitem').count()).toBe(6);
        expect(await page.getByRole('button', { name: /Advance to/ }).isDisabled()).toBe(true);
        // The page fits a phone: nothing wider than the viewport but the tables' own scrollers.
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
        await page.screenshot({ path: screenshotPath(`enforcement-wizard-${scheme}-${width}`), fullPage: true });

        await page.goto(`${web.url}/domains/${DOMAIN}/dns`);
        await expect.poll(() => page.getByRole('table', { name: 'Findings' }).isVisible(), WAIT).toBe(true);
        expect(await page.getByText('dmarc.policy_none').isVisible()).toBe(true);
        await page.screenshot({ path: screenshotPath(`enforcement-dns-${scheme}-${width}`), fullPage: true });
        await page.context().close();
      });
    }
  }
});

describe('walking the path', () => {
  it('an owner lowers the thresholds, advances, publishes, and the wizard follows DNS', async () => {
    const page = await newPage();
    await page.goto(`${web.url}/settings/enforcement`);
    await page.getByLabel('Aligned DKIM per authorised source (%)').fill('0');
    await page.getByLabel('Largest failing source (% of volume)').fill('20');
    await page.getByLabel('Authorised mail passing DMARC (%)').fill('50');
    await page.getByRole('button', { name: 'Save thresholds' }).click();
    await expect.poll(() => page.getByText('Saved.').isVisible(), WAIT).toBe(true);
    await expect.poll(() => page.getByText(`changed by ${OWNER}`).isVisible(), WAIT).toBe(true);
    await page.screenshot({ path: screenshotPath('enforcement-settings-thresholds'), fullPage: true });

    await openWizard(page);
    await expect.poll(() => page.getByText('Ready', { exact: true }).isVisible(), WAIT).toBe(true);
    const record = (await page.getByTestId('next-record').textContent())!;
    await page.getByRole('button', { name: 'Advance to Quarantine (testing)' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Advance' }).click();
    await expect.poll(() => page.getByText('You advanced to “Quarantine (testing)”').isVisible(), WAIT).toBe(true);
    expect(await page.getByText('Not published yet').isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath('enforcement-walk-advanced'), fullPage: true });

    dns.zone[`_dmarc.${DOMAIN}`] = { TXT: [record] };
    await page.getByRole('button', { name: 'Check again' }).click();
    await expect.poll(() => page.getByText('Next: Quarantine (p=quarantine)').isVisible(), WAIT).toBe(true);
    const history = page.getByRole('region', { name: 'Stage history' });
    await expect.poll(() => history.getByText('Published', { exact: true }).isVisible(), WAIT).toBe(true);
    expect(await history.getByText('Advanced', { exact: true }).isVisible()).toBe(true);
    expect(await history.getByText(OWNER).isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath('enforcement-walk-published'), fullPage: true });

    dns.zone[`_dmarc.${DOMAIN}`] = { TXT: [MONITORING] };
    await page.getByRole('button', { name: 'Check again' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Rolled back' }).isVisible(), WAIT).toBe(true);
    const changes = page.getByRole('region', { name: 'DNS changes' });
    expect(await changes.getByText('rolled back').isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath('enforcement-walk-rolled-back'), fullPage: true });
    await page.context().close();

    const rows = await prisma().dnsChangeEvent.findMany({ where: { domain: { name: DOMAIN } }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.kind)).toEqual(['advanced', 'rollback']);
  });

  it('answers the same through the API', async () => {
    const page = await newPage();
    const response = await page.request.get(`${web.url}/api/v1/domains/${DOMAIN}/enforcement`);
    expect(response.status()).toBe(200);
    const body = (await response.json()) as { stage: { current: string; next: string }; record: string; impact: { failing: number } };
    expect(body.stage).toEqual({ current: 'monitoring', next: 'quarantine_testing' });
    expect(body.record).toContain(`mailto:${RUA}`);
    expect(body.impact.failing).toBeGreaterThan(0);
    await page.context().close();
  });

  it('Settings › Domains suggests the published record, not p=none, for a domain at p=reject', async () => {
    const page = await newPage();
    await page.goto(`${web.url}/settings/domains`);
    const row = page.getByRole('row').filter({ hasText: STRICT });
    await expect.poll(() => row.isVisible(), WAIT).toBe(true);
    expect(await row.locator('.copy').textContent()).toBe(`v=DMARC1; p=reject; rua=mailto:dmarc@${STRICT},mailto:${RUA}`);
    await page.screenshot({ path: screenshotPath('enforcement-settings-domains'), fullPage: true });
    await page.context().close();
  });
});
