import { beforeAll, describe, expect, it } from 'vitest';
import { parseRange } from '../../../components/filters/range-params';
import { API_ROUTES } from '../../../lib/api/routes';
import type { TApiRouteDoc } from '../../../lib/api/routes';
import { createApiToken } from '../../../lib/access/tokens/create-api-token';
import { ingestBuffer } from '../../../lib/ingest/pipeline';
import { dayWindow, type TDayWindow } from '../../../lib/platform/dates';
import { getDomainDailyStats, listDomainCountries, listDomainReporters, listDomainSummaries, listSourceDays } from '../../../lib/queries';
import { buildSenderMap } from '../../../lib/sources';
import { useTestDatabase } from '../../helpers/db';
import { D0, DAY, ownDomains, rows, xmlReport } from '../ingest/helpers';

// One date-window rule for every page, API route and CLI command: UTC days, start inclusive, end
// exclusive; a report's messages count on the days its range covers (spread by seconds), the
// report itself on the day its range begins. Reports at and across the boundaries of a window
// give the same figures through every read, and adjacent windows add up to the whole.
//
// The process runs 14 hours ahead of UTC, so that a day taken in local time anywhere shows up.
process.env.TZ = 'Pacific/Kiritimati';

const DOMAIN = 'window.example';
/** 2025-03-10T00:00:00Z: the window's first day. */
const D = D0 + 9 * DAY;
const W = { from: '2025-03-10', to: '2025-03-20' };
const BEFORE = { from: '2025-02-28', to: '2025-03-10' };
const AFTER = { from: '2025-03-20', to: '2025-03-30' };
const win = (w: { from: string; to: string }): TDayWindow => dayWindow(w);

const pass = (count: number) => ({ ip: '192.0.2.10', count });
const REPORTS = [
  // The day before the window.
  { org: 'early.example', reportId: 'before', begin: D - DAY, end: D - 1, records: [pass(100)] },
  // The first day, Amazon-style (00:00 to the next 00:00): all of it on the 10th.
  { org: 'late.example', reportId: 'first-day', begin: D, end: D + DAY, records: [pass(150), { ip: '198.51.100.7', count: 50, dkim: 'fail', spf: 'fail', disposition: 'quarantine' }] },
  // Across the start: half before, half in; it begins before, so the window does not count it.
  { org: 'early.example', reportId: 'across-start', begin: D - DAY / 2, end: D + DAY / 2, records: [pass(300)] },
  // Across the end: half in, half after; it begins inside, so the window counts it.
  { org: 'late.example', reportId: 'across-end', begin: D + 9.5 * DAY, end: D + 10.5 * DAY, records: [pass(300), { ip: '198.51.100.7', count: 100, dkim: 'fail', spf: 'fail', disposition: 'reject' }] },
  // The day after the window.
  { org: 'early.example', reportId: 'after', begin: D + 10 * DAY, end: D + 11 * DAY - 1, records: [pass(500)] },
];
/** What the window holds by the rule. */
const IN_W = { messages: 200 + 150 + 200, dmarcPass: 150 + 150 + 150, quarantined: 50, rejected: 50, reports: 2 };

let domainId = 0;
let organizationId = 0;
let token = '';
const scope = () => ({ organizationIds: [organizationId], domainIds: [domainId] });

async function api<T>(route: TApiRouteDoc, query: string, params: Record<string, string> = { domain: DOMAIN }): Promise<{ status: number; body: T; text: string; type: string | null }> {
  const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(params[name] ?? ''));
  const file = `../../../app${route.path.replace(/\{(\w+)\}/g, '[$1]')}/route.ts`;
  const handler = ((await import(file)) as Record<string, (r: Request, c: unknown) => Promise<Response>>)[route.method.toUpperCase()];
  const response = await handler(new Request(`http://localhost${path}${query}`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve(params) });
  const text = await response.text();
  const type = response.headers.get('content-type');
  return { status: response.status, text, type, body: (type?.includes('json') ? JSON.parse(text) : null) as T };
}

const sum = <T>(items: T[], pick: (x: T) => number) => items.reduce((s, x) => s + pick(x), 0);
const q = (w: { from: string; to: string }) => `?from=${w.from}&to=${w.to}`;

beforeAll(async () => {
  await useTestDatabase();
  domainId = (await ownDomains('Window Co', [DOMAIN])).get(DOMAIN) as number;
  organizationId = (await rows<{ organization_id: number }>('SELECT organization_id FROM domain WHERE id = $1', [domainId]))[0].organization_id;
  for (const r of REPORTS) {
    const outcome = await ingestBuffer({ bytes: xmlReport({ ...r, domain: DOMAIN }), name: `${r.reportId}.xml`, source: 'cli' });
    expect(outcome.reports[0].outcome).toBe('ingested');
  }
  token = (await createApiToken({ organizationId, name: 'window test', scope: 'read' }, { label: 'test' })).token;
});

describe('a window of UTC days [from, to)', () => {
  it('is the same window in the UI’s URL and in the API', () => {
    expect(parseRange(W).window).toEqual(win(W));
  });

  it('gives the overview’s cards and table the window’s figures, and the previous window’s for trends', async () => {
    const [d] = await listDomainSummaries(scope(), win(W));
    expect(d).toMatchObject({ ...IN_W, previous: { messages: 100 + 150, dmarcPass: 250 } });
  });

  it('gives the charts the same totals, day by day at the edges', async () => {
    const days = await getDomainDailyStats(scope(), domainId, win(W));
    expect(days.map((x) => x.day)).toEqual(['2025-03-10', '2025-03-19']);
    expect(days[0]).toMatchObject({ messages: 350, reports: 1, quarantined: 50 });
    expect(days[1]).toMatchObject({ messages: 200, reports: 1, rejected: 50 });
    expect(sum(days, (x) => x.messages)).toBe(IN_W.messages);
    const bySource = await listSourceDays(scope(), domainId, win(W));
    expect(sum(bySource, (x) => x.messages)).toBe(IN_W.messages);
    expect(sum(bySource, (x) => x.dmarcPass)).toBe(IN_W.dmarcPass);
  });

  it('gives the sender map, the world map and the reporters the same messages', async () => {
    const map = await buildSenderMap(scope(), { id: domainId, name: DOMAIN }, win(W));
    expect(map.totals.messages).toBe(IN_W.messages);
    expect(sum(map.sources, (s) => s.quarantined)).toBe(IN_W.quarantined);
    expect(sum(map.sources, (s) => s.rejected)).toBe(IN_W.rejected);
    expect(sum(await listDomainCountries(scope(), domainId, win(W)), (c) => c.messages)).toBe(IN_W.messages);
    const reporters = await listDomainReporters(scope(), win(W), { domainIds: [domainId] });
    expect(sum(reporters, (r) => r.messages)).toBe(IN_W.messages);
    expect(Object.fromEntries(reporters.map((r) => [r.reporter, r.reports]))).toEqual({ 'late.example': 2, 'early.example': 0 });
  });

  it('gives every API route the same figures', async () => {
    const stats = await api<{ totals: typeof IN_W & { dmarc_pass: number } }>(API_ROUTES.getDomainStats, q(W));
    expect(stats.body.totals).toMatchObject({ messages: IN_W.messages, dmarc_pass: IN_W.dmarcPass, quarantined: 50, rejected: 50, reports: IN_W.reports });
    const series = await api<{ days: { day: string; messages: number }[] }>(API_ROUTES.getDomainTimeseries, q(W));
    expect(series.body.days.map((x) => x.day)).toEqual(['2025-03-10', '2025-03-11', '2025-03-12', '2025-03-13', '2025-03-14', '2025-03-15', '2025-03-16', '2025-03-17', '2025-03-18', '2025-03-19']);
    expect(sum(series.body.days, (x) => x.messages)).toBe(IN_W.messages);
    const list = await api<{ domains: { messages: number; reports: number; previous_messages: number }[] }>(API_ROUTES.listDomains, q(W));
    expect(list.body.domains).toEqual([expect.objectContaining({ messages: IN_W.messages, reports: IN_W.reports, previous_messages: 250 })]);
    const reporters = await api<{ reporters: { messages: number; reports: number }[] }>(API_ROUTES.listDomainReporters, q(W));
    expect(sum(reporters.body.reporters, (r) => r.messages)).toBe(IN_W.messages);
    expect(sum(reporters.body.reporters, (r) => r.reports)).toBe(IN_W.reports);
    const map = await api<{ sources: { messages: number }[] }>(API_ROUTES.getDomainSenderMap, q(W));
    expect(sum(map.body.sources, (s) => s.messages)).toBe(IN_W.messages);
    const reports = await api<{ pagination: { total: number } }>(API_ROUTES.listReports, `${q(W)}&domain=${DOMAIN}`);
    expect(reports.body.pagination.total).toBe(IN_W.reports);
  });

  it('adds up over adjacent windows: no message and no report counted twice or lost', async () => {
    const parts = await Promise.all([BEFORE, W, AFTER].map(async (w) => (await listDomainSummaries(scope(), win(w)))[0]));
    expect(parts.map((p) => p.messages)).toEqual([250, IN_W.messages, 700]);
    expect(parts.map((p) => p.reports)).toEqual([2, IN_W.reports, 1]);
    expect(sum(parts, (p) => p.messages)).toBe(sum(REPORTS, (r) => sum(r.records, (x) => x.count)));
    expect(sum(parts, (p) => p.reports)).toBe(REPORTS.length);
  });

  it('counts only failing mail with failures=1, and refuses a reversed window', async () => {
    const failing = await api<{ reporters: { reporter: string; messages: number }[] }>(API_ROUTES.listDomainReporters, `${q(W)}&failures=1`);
    expect(failing.body.reporters).toEqual([expect.objectContaining({ reporter: 'late.example', messages: IN_W.messages - IN_W.dmarcPass })]);
    expect((await api(API_ROUTES.getDomainTimeseries, '?from=2025-03-20&to=2025-03-10')).status).toBe(400);
    expect((await api(API_ROUTES.getDomainStats, '?from=2025-03-20&to=2025-03-20')).status).toBe(400);
  });

  it('exports the same rows as CSV, formulas defused', async () => {
    const csv = await api(API_ROUTES.getDomainTimeseries, `${q(W)}&format=csv`);
    expect(csv.type).toContain('text/csv');
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('day,messages,dmarc_pass,spf_aligned_pass,dkim_aligned_pass,quarantined,rejected');
    expect(lines[1]).toBe('2025-03-10,350,300,300,300,50,0');
    expect(lines).toHaveLength(11);
    const hostile = xmlReport({ org: '=HYPERLINK("http://evil.example")', reportId: 'formula', domain: DOMAIN, begin: D + 2 * DAY, end: D + 3 * DAY - 1, records: [pass(1)] });
    await ingestBuffer({ bytes: hostile, name: 'formula.xml', source: 'cli' });
    const reporters = await api(API_ROUTES.listDomainReporters, `${q(W)}&format=csv`);
    expect(reporters.text).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
  });
});
