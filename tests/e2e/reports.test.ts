import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticReportXml } from '../../lib/demo/synthetic';
import { getPool } from '../../lib/platform/db/pool';
import type { WebServer } from '../../lib/platform/system/next-server';
import { screenshotPath } from '../helpers/browser';
import { makeZip } from '../unit/fixtures/zip-writer';
import { useTestDatabase } from '../helpers/db';
import { startDemoApp, stopSignedIn, type TSession } from '../helpers/signed-in-app';

// The reports list, a report with its records and raw XML, upload and the ingest log, in
// Chromium with the demo data; every figure on screen is checked against SQL over what is stored.

const WAIT = { timeout: 30_000, interval: 100 };
const DAY_MS = 86_400_000;

let web: WebServer;
let browser: Browser;
let session: TSession;

async function newPage(width = 1440, scheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, storageState: session, acceptDownloads: true });
  return context.newPage();
}

/** The default period of every page: the last 30 days up to and including today (UTC). */
function last30(): { from: string; to: string } {
  const end = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + DAY_MS);
  return { from: new Date(end.getTime() - 30 * DAY_MS).toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}

/** SQL truth: the demo organisation's reports beginning in the window, with extra conditions. */
async function countReports(window: { from: string; to: string }, extra = 'true', values: unknown[] = []): Promise<number> {
  const { rows } = await getPool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM report r JOIN domain d ON d.id = r.domain_id JOIN organization o ON o.id = d.organization_id
      WHERE o.name = 'Demo Corp' AND r.begin_at >= $1::date AND r.begin_at < $2::date AND ${extra}`,
    [window.from, window.to, ...values],
  );
  return rows[0]!.n;
}

const showing = (page: Page) => page.locator('nav[aria-label="Pages"] .muted').first().textContent();
const total = (n: number) => new RegExp(`of ${n.toLocaleString('en-US')} reports?$`);

beforeAll(async () => {
  ({ web, browser, session } = await startDemoApp(await useTestDatabase()));
}, 600_000);

afterAll(() => stopSignedIn({ web, browser }));

describe('the reports list', () => {
  it('shows the period’s reports, newest first, with the stored figures', async () => {
    const page = await newPage();
    await page.goto(`${web.url}/reports`);
    const window = last30();
    await expect.poll(() => showing(page), WAIT).toMatch(total(await countReports(window)));
    const { rows } = await getPool().query<{ id: string; message_count: string; org_name: string }>(
      `SELECT r.id::text, r.message_count::text, r.org_name FROM report r JOIN domain d ON d.id = r.domain_id
        WHERE r.begin_at >= $1::date AND r.begin_at < $2::date ORDER BY r.begin_at DESC, r.id DESC LIMIT 1`,
      [window.from, window.to],
    );
    const first = page.locator('table.data tbody tr').first();
    expect(await first.locator(`a[href="/reports/${rows[0]!.id}"]`).count()).toBe(1);
    expect(await first.textContent()).toContain(Number(rows[0]!.message_count).toLocaleString('en-US'));
    expect(await first.textContent()).toContain(rows[0]!.org_name);
    await page.context().close();
  });

  it('narrows by domain, reporter, failures and search, keeping the other filters', async () => {
    const page = await newPage();
    const window = last30();
    await page.goto(`${web.url}/reports`);
    await page.getByRole('combobox').first().selectOption('example.org');
    await page.waitForURL(/domain=example\.org/);
    await expect.poll(() => showing(page), WAIT).toMatch(total(await countReports(window, "d.name = 'example.org'")));
    // The reporter cell of the first row is a link to that reporter's reports.
    await page.locator('table.data tbody tr').first().locator('td').nth(2).getByRole('link').click();
    await page.waitForURL(/reporter=/);
    const reporter = new URL(page.url()).searchParams.get('reporter')!;
    await expect.poll(() => showing(page), WAIT).toMatch(total(await countReports(window, "d.name = 'example.org' AND lower(r.org_name) = lower($3)", [reporter])));
    await page.getByRole('link', { name: /Failures only/ }).click();
    await page.waitForURL(/failures=1/);
    const failing = await countReports(window, "d.name = 'example.org' AND lower(r.org_name) = lower($3) AND r.dmarc_pass < r.message_count", [reporter]);
    if (failing === 0) await expect.poll(() => page.getByText('No report matches these filters').isVisible(), WAIT).toBe(true);
    else await expect.poll(() => showing(page), WAIT).toMatch(total(failing));
    expect(new URL(page.url()).searchParams.get('domain')).toBe('example.org');
    // Search for one report id: the page keeps the period and domain, drops the rest of the filters only when asked.
    await page.goto(`${web.url}/reports?domain=example.com`);
    const { rows } = await getPool().query<{ id: string; report_id: string }>(
      `SELECT r.id::text, r.report_id FROM report r JOIN domain d ON d.id = r.domain_id WHERE d.name = 'example.com' AND r.begin_at >= $1::date ORDER BY r.begin_at DESC LIMIT 1 OFFSET 3`,
      [window.from],
    );
    await page.getByLabel('Report id or reporter').fill(rows[0]!.report_id);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/q=/);
    await expect.poll(() => page.locator('table.data tbody tr').count(), WAIT).toBe(await countReports(window, "d.name = 'example.com' AND (lower(r.report_id) LIKE lower($3) || '%' OR lower(r.org_name) LIKE '%' || lower($3) || '%')", [rows[0]!.report_id]));
    expect(await page.locator(`table.data a[href="/reports/${rows[0]!.id}"]`).count()).toBe(1);
    await page.context().close();
  });

  it('exports what the table shows as CSV and JSON', async () => {
    const page = await newPage();
    const window = last30();
    await page.goto(`${web.url}/reports?domain=example.net&failures=1`);
    const expected = await countReports(window, "d.name = 'example.net' AND r.dmarc_pass < r.message_count");
    for (const [label, format] of [['CSV (spreadsheet)', 'csv'], ['JSON', 'json']] as const) {
      await page.getByRole('button', { name: /Export/ }).click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: label }).click()]);
      const text = await readFile((await download.path())!, 'utf8');
      if (format === 'csv') {
        expect(download.suggestedFilename()).toMatch(/^reports-example\.net-.*\.csv$/);
        const rows = parseCsv(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
        expect(rows).toHaveLength(expected);
        expect(rows.every((r) => r.domain === 'example.net' && Number(r.dmarc_fail) > 0)).toBe(true);
      } else {
        const body = JSON.parse(text) as { reports: { domain: string }[]; pagination: { total: number } };
        expect(body.pagination.total).toBe(expected);
        expect(body.reports).toHaveLength(expected);
      }
    }
    await page.context().close();
  });
});

describe('upload, a report and its raw XML', () => {
  const begin = Math.floor(Date.now() / 1000 / 86_400) * 86_400 - 86_400;
  const fresh = syntheticReportXml({ records: 12, domain: 'example.com', orgName: 'upload-test.example', reportId: 'upload-fresh-1', begin, seed: 7 });
  // A BOM and CRLF line ends, in a zip: the download must give these bytes back exactly.
  const quirky = Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from(syntheticReportXml({ records: 5, domain: 'example.org', orgName: 'upload-test.example', reportId: 'upload-bom-1', begin, seed: 9 }).toString('utf8').replace(/\n/g, '\r\n')),
  ]);
  const files = [
    { name: 'fresh.xml.gz', mimeType: 'application/gzip', buffer: gzipSync(fresh), expect: 'ingested' },
    { name: 'fresh-again.xml', mimeType: 'application/xml', buffer: fresh, expect: 'duplicate' },
    { name: 'stranger.xml', mimeType: 'application/xml', buffer: syntheticReportXml({ records: 2, domain: 'nobody-owns.example', reportId: 'upload-stranger-1', begin }), expect: 'failed' },
    { name: 'broken.xml', mimeType: 'application/xml', buffer: Buffer.from('<feedback><report_metadata>'), expect: 'failed' },
    { name: 'quirky.zip', mimeType: 'application/zip', buffer: makeZip([{ name: 'quirky.xml', data: quirky }]), expect: 'ingested' },
  ];

  it('uploads several files with the browser’s session and shows each file’s result', async () => {
    const page = await newPage();
    await page.goto(`${web.url}/ingest`);
    // Sequential uploads keep "fresh" ahead of its duplicate.
    for (const file of files) {
      await page.locator('input[type=file]').setInputFiles([{ name: file.name, mimeType: file.mimeType, buffer: file.buffer }]);
      const item = page.locator('li[data-outcome]').filter({ hasText: file.name });
      await expect.poll(() => item.getAttribute('data-outcome'), WAIT).not.toBe('pending');
      expect(await item.locator('.badge').first().textContent()).toBe(file.expect);
    }
    const broken = page.locator('li[data-outcome]').filter({ hasText: 'broken.xml' });
    expect(await broken.textContent()).toMatch(/Failed: .+/);
    const stranger = page.locator('li[data-outcome]').filter({ hasText: 'stranger.xml' });
    expect(await stranger.textContent()).toContain('nobody-owns.example');
    await page.screenshot({ path: screenshotPath('reports-upload-results'), fullPage: true });
    // What was stored: the pipeline's own rows.
    const { rows } = await getPool().query<{ name: string; status: string; source: string }>(
      "SELECT name, status, source FROM ingest_file WHERE name LIKE 'upload/%' ORDER BY id",
    );
    expect(rows.map((r) => [r.name, r.status])).toEqual([
      ['upload/fresh.xml.gz', 'ingested'],
      ['upload/fresh-again.xml', 'duplicate'],
      ['upload/stranger.xml', 'failed'],
      ['upload/broken.xml', 'failed'],
      ['upload/quirky.zip', 'ingested'],
    ]);
    await page.context().close();
  });

  it('lists failed inputs with their reasons, and re-processes a failed one', async () => {
    const page = await newPage();
    await page.goto(`${web.url}/ingest`);
    const broken = page.locator('table.data tbody tr').filter({ hasText: 'upload/broken.xml' });
    await expect.poll(() => broken.count(), WAIT).toBe(1);
    const { rows } = await getPool().query<{ error: string }>("SELECT error FROM ingest_file WHERE name = 'upload/broken.xml'");
    expect(await broken.textContent()).toContain(rows[0]!.error.slice(0, 40));
    const stranger = page.locator('table.data tbody tr').filter({ hasText: 'upload/stranger.xml' });
    // An organisation's upload never attaches or sets aside a report for a domain it does not own.
    expect(await stranger.textContent()).toContain('nobody-owns.example is not a domain of your organisation');
    await broken.getByRole('button', { name: /Re-process/ }).click();
    await expect.poll(() => broken.getByRole('status').textContent(), WAIT).toMatch(/^Still failing: /);
    const { rows: after } = await getPool().query<{ attempts: number }>("SELECT attempts FROM ingest_file WHERE name = 'upload/broken.xml'");
    expect(after[0]!.attempts).toBe(2);
    await page.context().close();
  });

  it('shows a report: metadata, policy, every record with SPF/DKIM, the XML; the download is the original byte for byte', async () => {
    const { rows } = await getPool().query<{ id: string; record_count: number; message_count: string; p: string }>(
      "SELECT id::text, record_count, message_count::text, p FROM report WHERE report_id = 'upload-bom-1'",
    );
    const report = rows[0]!;
    const page = await newPage();
    await page.goto(`${web.url}/reports/${report.id}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), WAIT).toBe('Report from upload-test.example · example.org');
    expect(await page.locator('.card').first().textContent()).toContain(Number(report.message_count).toLocaleString('en-US'));
    expect(await page.getByRole('region', { name: 'Policy published' }).textContent()).toContain(`p=${report.p}`);
    await expect.poll(() => page.locator('table.data tbody tr').count(), WAIT).toBe(report.record_count);
    expect(await page.locator('table.data').textContent()).toMatch(/aligned\s*(pass|fail)/);
    const xml = page.getByRole('region', { name: 'Raw XML' });
    await expect.poll(() => xml.locator('.hljs-name').count(), WAIT).toBeGreaterThan(20);
    expect(await xml.locator('code').textContent()).toContain('upload-bom-1');
    const [download] = await Promise.all([page.waitForEvent('download'), xml.getByRole('link', { name: 'Download as received' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^upload-test\.example!example\.org!\d+!\d+!upload-bom-1\.xml$/);
    expect((await readFile((await download.path())!)).equals(quirky)).toBe(true);
    await page.context().close();
  });

  it('shows whether the mail that brought a report was signed by the reporter (verified) or not', async () => {
    // The fixture: the upload above stored "fresh" unverified; the mail check's outcome is set
    // on it directly, as ingest writes it when the reporter's own DKIM signature verifies.
    const { rows } = await getPool().query<{ id: string }>(
      "UPDATE report SET verified_by = 'upload-test.example', auth_note = 'dkim=pass d=upload-test.example, aligned with From and with the reporter''s domain' WHERE report_id = 'upload-fresh-1' RETURNING id::text",
    );
    const page = await newPage();
    await page.goto(`${web.url}/reports/${rows[0]!.id}`);
    const head = page.locator('.page-head');
    await expect.poll(() => head.locator('[data-authenticity]').textContent(), WAIT).toBe('Verified · DKIM d=upload-test.example');
    const facts = page.getByRole('region', { name: 'Report', exact: true });
    expect(await facts.textContent()).toContain("dkim=pass d=upload-test.example, aligned with From and with the reporter's domain");
    await page.screenshot({ path: screenshotPath('reports-report-verified'), fullPage: true });
    // A report handed in as a file: no mail signature to check, and the page says so.
    const { rows: bom } = await getPool().query<{ id: string }>("SELECT id::text FROM report WHERE report_id = 'upload-bom-1'");
    await page.goto(`${web.url}/reports/${bom[0]!.id}`);
    await expect.poll(() => head.locator('[data-authenticity]').textContent(), WAIT).toBe('Not verified');
    expect(await facts.textContent()).toContain('not received by mail');
    // The list marks the verified report, and only it, among the uploads.
    await page.goto(`${web.url}/reports?q=upload-`);
    const row = (reportId: string) => page.locator('table.data tbody tr').filter({ hasText: reportId });
    await expect.poll(() => row('upload-fresh-1').locator('[data-authenticity]').getAttribute('data-authenticity'), WAIT).toBe('verified');
    expect(await row('upload-bom-1').locator('[data-authenticity]').getAttribute('data-authenticity')).toBe('unverified');
    await page.screenshot({ path: screenshotPath('reports-list-verified'), fullPage: true });
    await page.context().close();
  });
});

describe('command palette', () => {
  it('finds a report by its id and a source by its service', async () => {
    const page = await newPage();
    await page.goto(`${web.url}/reports`);
    await page.keyboard.press('Control+K');
    const input = page.getByPlaceholder('Jump to a domain, source or report…');
    await input.fill('upload-fresh');
    const item = page.getByRole('option', { name: /upload-test\.example · upload-fresh-1/ });
    await expect.poll(() => item.isVisible(), WAIT).toBe(true);
    await item.click();
    await page.waitForURL(/\/reports\/\d+$/);
    await page.keyboard.press('Control+K');
    await page.getByPlaceholder('Jump to a domain, source or report…').fill('sendgrid');
    const source = page.getByRole('option', { name: /SendGrid/i }).first();
    await expect.poll(() => source.isVisible(), WAIT).toBe(true);
    await source.click();
    await page.waitForURL(/\/domains\/[^/]+\/sources\?source=/);
    await page.context().close();
  });
});

describe('screenshots, light and dark, desktop and phone', () => {
  for (const scheme of ['light', 'dark'] as const) {
    for (const width of [1440, 390]) {
      it(`renders reports, a report and the ingest log (${scheme}, ${width} px)`, async () => {
        const page = await newPage(width, scheme);
        const { rows } = await getPool().query<{ id: string }>("SELECT id::text FROM report WHERE report_id = 'upload-fresh-1'");
        for (const [name, path] of [['reports', '/reports'], ['report', `/reports/${rows[0]!.id}`], ['ingest', '/ingest?status=all']] as const) {
          await page.goto(`${web.url}${path}`);
          await expect.poll(() => page.locator('table.data tbody tr').count(), WAIT).toBeGreaterThan(0);
          // Nothing wider than the screen but the tables' own scroll areas.
          expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
          await page.screenshot({ path: screenshotPath(`reports-${name}-${scheme}-${width}`), fullPage: true });
        }
        await page.context().close();
      });
    }
  }
});
