import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { getPool } from '../../lib/platform/db/pool';
import { dayWindow, formatDay } from '../../lib/platform/dates';
import type { WebServer } from '../../lib/platform/system/next-server';
import { screenshotPath } from '../helpers/browser';
import { useTestDatabase } from '../helpers/db';
import { startDemoApp, stopSignedIn, type TSession } from '../helpers/signed-in-app';

// The dashboard with the demo data in Chromium: the overview, a domain, a source, the reporters
// and the sender map show the figures SQL computes from the rollups for the same window; the
// period, domain and "failures only" filters and the drill-downs work; exports download what
// the tables show. Screenshots of each page in light and dark at 1440 and 390 px go to
// tests/artifacts/dashboard-*.png for a person to look at.

const WAIT = { timeout: 30_000, interval: 100 };
const VARIANTS = [
  { width: 1440, scheme: 'light' },
  { width: 1440, scheme: 'dark' },
  { width: 390, scheme: 'light' },
  { width: 390, scheme: 'dark' },
] as const;

let web: WebServer;
let browser: Browser;
let session: TSession;
const window30 = () => dayWindow({ days: 30 });

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await getPool().query(text, params)).rows as T[];
}

const int = (n: number | string) => Number(n).toLocaleString('en-US');
const pct = (part: number | string, whole: number | string) => `${((Number(part) / Number(whole)) * 100).toFixed(1)}%`;

/** Per domain over a window, from domain_daily (messages) and report (reports by first day). */
async function domainFigures(window = window30()) {
  const list = await sql<{ name: string; messages: string; dmarc_pass: string; quarantined: string; rejected: string; reports: string }>(
    `SELECT d.name, sum(x.messages) AS messages, sum(x.dmarc_pass) AS dmarc_pass, sum(x.quarantined) AS quarantined, sum(x.rejected) AS rejected,
            (SELECT count(*) FROM report r WHERE r.domain_id = d.id AND r.begin_at >= $1 AND r.begin_at < $2) AS reports
       FROM domain d JOIN domain_daily x ON x.domain_id = d.id AND x.day >= $1::date AND x.day < $2::date
      GROUP BY d.id, d.name ORDER BY d.name`,
    [formatDay(window.start), formatDay(window.end)],
  );
  return new Map(list.map((r) => [r.name, r]));
}

async function open(path: string, options: { width?: number; scheme?: 'light' | 'dark' } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1440, height: 900 }, colorScheme: options.scheme ?? 'light', storageState: session });
  const page = await context.newPage();
  await page.goto(`${web.url}${path}`);
  return page;
}

/** Waits for the page's charts to be drawn (recharts renders in the browser). */
async function chartsDrawn(page: Page, count = 1): Promise<void> {
  await expect.poll(() => page.locator('.recharts-surface').count(), WAIT).toBeGreaterThanOrEqual(count);
}

async function screenshots(name: string, path: string, ready: (page: Page) => Promise<void>): Promise<void> {
  for (const v of VARIANTS) {
    const page = await open(path, v);
    await ready(page);
    await page.screenshot({ path: screenshotPath(`dashboard-${name}-${v.scheme}-${v.width}`), fullPage: true });
    // Nothing may stick out sideways on a phone: tables scroll inside their panels.
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${v.width} px`).toBeLessThanOrEqual(v.width);
    await page.context().close();
  }
}

/** A failed SPF lookup for example.net (what a timeout leaves in the cache). */
const spfTimedOut = () =>
  sql(`INSERT INTO spf_cache (name, status, errors, checked_at, expires_at) VALUES ('example.net', 'temperror', '["Looking up the SPF record of example.net failed (TXT example.net: timeout)"]', now(), now() + interval '36 minutes')`);

beforeAll(async () => {
  ({ web, browser, session } = await startDemoApp(await useTestDatabase(), spfTimedOut));
}, 600_000);

afterAll(() => stopSignedIn({ web, browser }));

describe('the overview', () => {
  it('shows each domain’s figures for the last 30 days as SQL computes them, with its policy and next step', async () => {
    const figures = await domainFigures();
    const page = await open('/');
    await chartsDrawn(page);
    for (const [name, f] of figures) {
      const card = page.locator('article').filter({ has: page.getByRole('heading', { name }) });
      const value = (label: string) => card.locator('dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]').textContent();
      expect(await value('Messages'), name).toBe(int(f.messages));
      expect(await value('DMARC pass'), name).toBe(pct(f.dmarc_pass, f.messages));
      expect(await value('Quarantined'), name).toBe(int(f.quarantined));
      expect(await value('Rejected'), name).toBe(int(f.rejected));
      expect(await card.textContent()).toContain(`${int(f.reports)} reports in this period`);
      const row = page.locator('table.data tbody tr').filter({ has: page.getByRole('link', { name, exact: true }) });
      expect(await row.textContent()).toContain(int(f.messages));
    }
    const total = [...figures.values()].reduce((s, f) => s + Number(f.messages), 0);
    expect(await page.locator('.card', { hasText: 'Messages' }).first().locator('.card-value').textContent()).toBe(int(total));
    // The published policy as reported, the next step and the worst failing sources.
    const org = page.locator('article').filter({ has: page.getByRole('heading', { name: 'example.org' }) });
    expect(await org.textContent()).toContain('p=reject');
    expect(await org.getByRole('link', { name: 'Enforcement wizard' }).getAttribute('href')).toBe('/domains/example.org/enforcement');
    const net = page.locator('article').filter({ has: page.getByRole('heading', { name: 'example.net' }) });
    await expect.poll(() => net.textContent(), WAIT).toContain('Worst failing sources');
    expect(await net.textContent()).toContain('Move to p=quarantine');
    await page.context().close();
  });

  it('keeps the period, the domain and "failures only" in the URL, and the figures follow', async () => {
    const page = await open('/');
    await page.getByRole('group', { name: 'Period' }).getByRole('link', { name: '7 days' }).click();
    await page.waitForURL((u) => u.searchParams.get('from') === formatDay(dayWindow({ days: 7 }).start));
    const week = await domainFigures(dayWindow({ days: 7 }));
    const weekTotal = [...week.values()].reduce((s, f) => s + Number(f.messages), 0);
    await expect.poll(() => page.locator('.card .card-value').first().textContent(), WAIT).toBe(int(weekTotal));
    await page.getByRole('combobox', { name: /^Domain/ }).selectOption('example.org');
    await page.waitForURL((u) => u.searchParams.get('domain') === 'example.org' && u.searchParams.has('from'));
    await expect.poll(() => page.locator('article').count(), WAIT).toBe(1);
    expect(await page.locator('.card .card-value').first().textContent()).toBe(int(week.get('example.org')!.messages));
    await page.getByRole('link', { name: /Failures only/ }).click();
    await page.waitForURL((u) => u.searchParams.get('failures') === '1' && u.searchParams.get('domain') === 'example.org');
    const org = week.get('example.org')!;
    await expect.poll(() => page.locator('table.data tbody tr').first().textContent(), WAIT).toContain(int(Number(org.messages) - Number(org.dmarc_pass)));
    // The domain link carries the period and the filter to the domain page.
    await page.locator('table.data tbody').getByRole('link', { name: 'example.org', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/domains/example.org' && u.searchParams.get('failures') === '1' && u.searchParams.has('from'));
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Failing mail per day, by verdict' }).isVisible(), WAIT).toBe(true);
    await page.context().close();
  });

  it('looks right in light and dark, on a laptop and a phone', async () => {
    await screenshots('overview', '/', (page) => chartsDrawn(page));
  });
});

describe('a domain', () => {
  it('shows its figures, reporters and countries as SQL computes them, and drills down to a source', async () => {
    const f = (await domainFigures()).get('example.com')!;
    const window = window30();
    const page = await open('/domains/example.com');
    await chartsDrawn(page, 2);
    const card = (label: string) => page.locator('.card', { has: page.locator('.card-label', { hasText: new RegExp(`^${label}$`) }) }).locator('.card-value').textContent();
    expect(await card('Messages')).toBe(int(f.messages));
    expect(await card('DMARC pass')).toBe(pct(f.dmarc_pass, f.messages));
    expect(await card('Quarantined')).toBe(int(f.quarantined));
    expect(await card('Reports')).toBe(int(f.reports));
    const [google] = await sql<{ messages: string }>(
      `SELECT sum(messages) AS messages FROM daily_rollup r JOIN domain d ON d.id = r.domain_id WHERE d.name = 'example.com' AND org_name = 'google.com' AND day >= $1::date AND day < $2::date`,
      [formatDay(window.start), formatDay(window.end)],
    );
    const reporters = page.locator('section', { has: page.getByRole('heading', { name: 'Reporters', exact: true }) });
    expect(await reporters.locator('tr', { hasText: 'google.com' }).textContent()).toContain(int(google.messages));
    const [us] = await sql<{ messages: string }>(
      `SELECT sum(r.messages) AS messages FROM daily_rollup r JOIN domain d ON d.id = r.domain_id JOIN ip_enrichment e ON e.ip = r.source_ip
        WHERE d.name = 'example.com' AND e.country = 'US' AND day >= $1::date AND day < $2::date`,
      [formatDay(window.start), formatDay(window.end)],
    );
    expect(await page.locator('table', { hasText: 'Country' }).locator('tr', { hasText: 'United States' }).textContent()).toContain(int(us.messages));
    await page.locator('section', { has: page.getByRole('heading', { name: 'Sources by volume' }) }).getByRole('link', { name: 'Mailchimp' }).click();
    await page.waitForURL((u) => u.pathname === '/domains/example.com/sources/service%3Amailchimp');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), WAIT).toContain('Mailchimp');
    await page.context().close();
  });

  it('looks right in light and dark, on a laptop and a phone', async () => {
    await screenshots('domain', '/domains/example.com', (page) => chartsDrawn(page, 2));
  });
});

describe('a source', () => {
  it('adds up its addresses as SQL does, names what fails, and can be approved', async () => {
    const window = window30();
    const page = await open('/domains/example.org/sources/service%3Amailchimp?addresses=all');
    await chartsDrawn(page);
    const ips = await page.locator('#addresses tbody td:first-child code').allTextContents();
    expect(ips.length).toBeGreaterThan(0);
    const [sum] = await sql<{ messages: string; pass: string; rejected: string }>(
      `SELECT sum(messages) AS messages, sum(messages) FILTER (WHERE dkim_aligned OR spf_aligned) AS pass, sum(messages) FILTER (WHERE disposition = 'reject') AS rejected
         FROM daily_rollup r JOIN domain d ON d.id = r.domain_id
        WHERE d.name = 'example.org' AND host(source_ip) = ANY($3) AND day >= $1::date AND day < $2::date`,
      [formatDay(window.start), formatDay(window.end), ips],
    );
    const card = (label: string) => page.locator('.card', { has: page.locator('.card-label', { hasText: new RegExp(`^${label}$`) }) });
    expect(await card('Messages').locator('.card-value').textContent()).toBe(int(sum.messages));
    expect(await card('DMARC pass').locator('.card-value').textContent()).toBe(pct(sum.pass, sum.messages));
    expect(await card('Quarantined').locator('.card-sub').textContent()).toBe(`rejected ${int(sum.rejected)}`);
    expect(await page.getByRole('heading', { name: 'SPF and DKIM results' }).isVisible()).toBe(true);
    // Unknown until someone approves it; approving asks first, and can be undone.
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Unknown');
    await page.getByRole('button', { name: 'Approve Mailchimp' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), WAIT).toContain('Authorised, failing');
    await page.getByRole('button', { name: 'Undo approval of Mailchimp' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), WAIT).toContain('Unknown');
    await page.context().close();
  });

  it('looks right in light and dark, on a laptop and a phone', async () => {
    await screenshots('source', '/domains/example.com/sources/service%3Amailchimp', (page) => chartsDrawn(page));
  });
});

describe('the reporters', () => {
  it('count each reporter’s reports as SQL does, and say who stopped reporting and when', async () => {
    const window = window30();
    const [yahoo] = await sql<{ last: string }>(
      `SELECT to_char(max(begin_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS last FROM report r JOIN domain d ON d.id = r.domain_id WHERE d.name = 'example.net' AND org_name = 'Yahoo'`,
    );
    const silent = Math.round((Date.parse(`${formatDay(new Date())}T00:00:00Z`) - Date.parse(`${yahoo.last}T00:00:00Z`)) / 86_400_000);
    const page = await open('/reporters');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'stopped reporting' }).textContent(), WAIT).toContain(`Yahoo stopped reporting on example.net ${silent} days ago`);
    const counts = await sql<{ org_name: string; reports: string }>(
      `SELECT org_name, count(*) AS reports FROM report r JOIN domain d ON d.id = r.domain_id WHERE d.name = 'example.com' AND begin_at >= $1 AND begin_at < $2 GROUP BY org_name`,
      [window.start, window.end],
    );
    const table = page.locator('section', { has: page.getByRole('link', { name: 'example.com', exact: true }) });
    for (const c of counts) {
      const cells = await table.locator('tr', { has: page.locator('strong', { hasText: new RegExp(`^${c.org_name.replace('.', '\\.')}$`) }) }).locator('td').allTextContents();
      expect(cells[1], c.org_name).toBe(int(c.reports));
    }
    // The export downloads the same rows (the API accepts the browser's session).
    await page.locator('section', { has: page.getByRole('link', { name: 'example.net', exact: true }) }).getByRole('button', { name: /Export/ }).click();
    const href = await page.getByRole('menuitem', { name: 'CSV (spreadsheet)' }).getAttribute('href');
    const csv = await page.context().request.get(`${web.url}${href}`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const yahooRow = (await csv.text()).split('\n').find((line) => line.startsWith('Yahoo,'));
    expect(yahooRow).toContain(',quiet,');
    await page.context().close();
  });

  it('looks right in light and dark, on a laptop and a phone', async () => {
    await screenshots('reporters', '/reporters', async (page) => {
      await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Reporters' }).isVisible(), WAIT).toBe(true);
    });
  });
});

describe('the sender map', () => {
  it('says a failed SPF lookup failed, and when it is tried again, instead of "no SPF record"', async () => {
    const page = await open('/domains/example.net/sources');
    const spf = page.locator('section', { has: page.getByRole('heading', { name: 'SPF of example.net' }) });
    await expect.poll(() => spf.textContent(), WAIT).toContain('lookup failed');
    expect(await spf.textContent()).toContain('Tried again after');
    expect(await spf.textContent()).not.toContain('no SPF record');
    await page.context().close();
  });

  it('looks right in light and dark, on a laptop and a phone', async () => {
    await screenshots('sender-map', '/domains/example.com/sources', (page) => chartsDrawn(page));
  });
});
