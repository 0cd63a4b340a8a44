import { gzipSync } from 'node:zlib';
import { parse as parseCsv } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as listReports } from '../../../app/api/v1/reports/route';
import { GET as getReportXml } from '../../../app/api/v1/reports/[id]/xml/route';
import { reportXmlFileName } from '../../../lib/api/report-xml';
import { ZReportList } from '../../../lib/api/schemas/reports';
import { syntheticReportXml } from '../../../lib/demo/synthetic';
import { ingestBuffer } from '../../../lib/ingest/pipeline';
import { getPool } from '../../../lib/platform/db/pool';
import { createWorld, type TWorld } from '../../helpers/access-fixtures';
import { useTestDatabase } from '../../helpers/db';
import { makeZip } from '../../unit/fixtures/zip-writer';

// GET /api/v1/reports (filters, failures, CSV) and GET /api/v1/reports/{id}/xml (the XML as
// received), called the way Next calls route handlers, checked against SQL over the stored data.

const DAY = 86_400;
const today = Math.floor(Date.now() / 1000 / DAY) * DAY;
let world: TWorld;
const bearer = () => ({ authorization: `Bearer ${world.tokens.readA}` });

async function list(query: string, headers: Record<string, string> = bearer()) {
  const response = await listReports(new Request(`http://localhost/api/v1/reports?${query}`, { headers }), { params: Promise.resolve({}) });
  return response;
}

async function listJson(query: string) {
  const response = await list(query);
  expect(response.status).toBe(200);
  return ZReportList.parse(await response.json());
}

const xmlOf = (id: string, headers: Record<string, string> = bearer()) =>
  getReportXml(new Request(`http://localhost/api/v1/reports/${id}/xml`, { headers }), { params: Promise.resolve({ id }) });

/** SQL truth: org A's reports beginning in [from, to) matching an extra condition. */
async function countA(from: string, to: string, extra = 'true', values: unknown[] = []): Promise<number> {
  const { rows } = await getPool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM report r JOIN domain d ON d.id = r.domain_id
      WHERE d.organization_id = $1 AND r.begin_at >= $2::date AND r.begin_at < $3::date AND ${extra}`,
    [world.orgA.id, from, to, ...values],
  );
  return rows[0]!.n;
}

const iso = (s: number) => new Date(s * 1000).toISOString().slice(0, 10);

describe('GET /api/v1/reports', () => {
  // Ingested through the real pipeline: reporters, days, failing mail, containers.
  const stored: Record<string, string> = {};
  let xmlWithBom: Buffer;

  beforeAll(async () => {
    await useTestDatabase();
    world = await createWorld();
    const reports = [
      { key: 'yahoo-2d', orgName: 'Yahoo', reportId: 'yh-0001', begin: today - 2 * DAY, records: 6 },
      { key: 'google-3d', orgName: 'google.com', reportId: '1234567890123', begin: today - 3 * DAY, records: 8 },
      { key: 'google-40d', orgName: 'google.com', reportId: '9999', begin: today - 40 * DAY, records: 4 },
    ];
    for (const r of reports) {
      const xml = syntheticReportXml({ records: r.records, domain: world.domains.a1.name, orgName: r.orgName, reportId: r.reportId, begin: r.begin, seed: r.records });
      const outcome = await ingestBuffer({ bytes: gzipSync(xml), name: `${r.key}.xml.gz`, source: 'api' });
      stored[r.key] = outcome.reports[0]!.reportRowId!;
    }
    // A report as some reporters send it: a BOM, CRLF line ends, in a zip — kept byte for byte.
    xmlWithBom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(syntheticReportXml({ records: 3, domain: world.domains.a2.name, orgName: 'Mail.Ru', reportId: 'mr/../"odd" id', begin: today - DAY }).toString('utf8').replace(/\n/g, '\r\n')),
    ]);
    const zipped = await ingestBuffer({ bytes: makeZip([{ name: 'report.xml', data: xmlWithBom }]), name: 'bom.zip', source: 'api' });
    stored.bom = zipped.reports[0]!.reportRowId!;
  });

  it('lists the window (by the day a report begins), newest first, with the stored figures', async () => {
    const from = iso(today - 30 * DAY);
    const to = iso(today + DAY);
    const body = await listJson(`from=${from}&to=${to}`);
    expect(body.pagination).toMatchObject({ total: await countA(from, to), total_capped: false });
    const begins = body.reports.map((r) => r.begin);
    expect([...begins].sort().reverse()).toEqual(begins);
    expect(body.reports.map((r) => r.id)).not.toContain(stored['google-40d']);
    const { rows } = await getPool().query<{ message_count: string; dmarc_pass: string; dkim_aligned_pass: string; spf_aligned_pass: string }>(
      'SELECT message_count, dmarc_pass, dkim_aligned_pass, spf_aligned_pass FROM report WHERE id = $1',
      [stored['google-3d']],
    );
    const google = body.reports.find((r) => r.id === stored['google-3d'])!;
    expect(google).toMatchObject({
      reporter: 'google.com',
      report_id: '1234567890123',
      messages: Number(rows[0]!.message_count),
      dmarc_pass: Number(rows[0]!.dmarc_pass),
      dkim_aligned_pass: Number(rows[0]!.dkim_aligned_pass),
      spf_aligned_pass: Number(rows[0]!.spf_aligned_pass),
    });
    // A window starting on the report's day includes it; one ending on that day does not.
    const day = iso(today - 40 * DAY);
    expect((await listJson(`from=${day}&to=${iso(today - 39 * DAY)}`)).reports.map((r) => r.id)).toEqual([stored['google-40d']]);
    expect((await listJson(`from=${iso(today - 41 * DAY)}&to=${day}`)).reports).toEqual([]);
  });

  it('filters by domain, reporter, failures and search, as SQL counts them', async () => {
    const from = iso(today - 60 * DAY);
    const to = iso(today + DAY);
    const window = `from=${from}&to=${to}`;
    const byDomain = await listJson(`${window}&domain=${world.domains.a2.name}`);
    expect(byDomain.reports.every((r) => r.domain === world.domains.a2.name)).toBe(true);
    expect(byDomain.pagination.total).toBe(await countA(from, to, 'd.name = $4', [world.domains.a2.name]));
    const google = await listJson(`${window}&reporter=GOOGLE.COM`);
    // The world's fixture reports come from google.com too.
    expect(google.reports.map((r) => r.id).sort()).toEqual([stored['google-3d']!, stored['google-40d']!, String(world.reports.a1), String(world.reports.a2)].sort());
    expect(google.pagination.total).toBe(await countA(from, to, "lower(r.org_name) = 'google.com'"));
    const failures = await listJson(`${window}&failures=1`);
    expect(failures.pagination.total).toBe(await countA(from, to, 'r.dmarc_pass < r.message_count'));
    expect(failures.reports.every((r) => r.dmarc_pass < r.messages)).toBe(true);
    expect((await listJson(`${window}&q=12345`)).reports.map((r) => r.id)).toEqual([stored['google-3d']]);
    expect((await listJson(`${window}&q=yah`)).reports.map((r) => r.id)).toEqual([stored['yahoo-2d']]);
    // LIKE wildcards in the query are text, not patterns.
    expect((await listJson(`${window}&q=%25`)).reports).toEqual([]);
    const byMessages = await listJson(`${window}&sort=messages&dir=asc`);
    const counts = byMessages.reports.map((r) => r.messages);
    expect([...counts].sort((a, b) => a - b)).toEqual(counts);
    expect((await list(`${window}&domain=${world.domains.b1.name}`)).status).toBe(404);
  });

  it('pages through the list', async () => {
    const window = `from=${iso(today - 60 * DAY)}&to=${iso(today + DAY)}`;
    const all = await listJson(window);
    const pages = [await listJson(`${window}&per_page=2&page=1`), await listJson(`${window}&per_page=2&page=2`), await listJson(`${window}&per_page=2&page=3`)];
    expect(pages.flatMap((p) => p.reports.map((r) => r.id))).toEqual(all.reports.map((r) => r.id));
    expect((await list(`${window}&per_page=10000&page=12`)).status).toBe(400);
  });

  it('exports the same rows as CSV, spreadsheet-safe', async () => {
    const window = `from=${iso(today - 60 * DAY)}&to=${iso(today + DAY)}`;
    const json = await listJson(window);
    const response = await list(`${window}&format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="reports-all-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv"$/);
    expect(response.headers.get('x-total-count')).toBe(String(json.pagination.total));
    const csv = { data: parseCsv(await response.text(), { columns: true, skip_empty_lines: true }) as Record<string, string>[] };
    expect(csv.data.map((r) => r.id)).toEqual(json.reports.map((r) => r.id));
    const first = csv.data[0]!;
    const expected = json.reports[0]!;
    expect(first).toMatchObject({ domain: expected.domain, reporter: expected.reporter, messages: String(expected.messages), dmarc_fail: String(expected.messages - expected.dmarc_pass) });
    const paged = await list(`${window}&format=csv&per_page=1`);
    expect(paged.headers.get('link')).toMatch(/<\/api\/v1\/reports\?.*page=2.*>; rel="next"/);
  });

  it('hands out the XML exactly as received, after unwrapping its container', async () => {
    const response = await xmlOf(stored.bom!);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/xml');
    expect(Buffer.from(await response.arrayBuffer()).equals(xmlWithBom)).toBe(true);
    // The reporter chose the id: quotes, slashes and dots never reach the header unescaped.
    const disposition = response.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="Mail\.Ru!a2-alpha\.test!\d+!\d+![A-Za-z0-9._!+@-]+\.xml"$/);
    expect(disposition).not.toContain('/');
    expect(response.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('answers 404 for a report outside the caller’s scope', async () => {
    expect((await xmlOf(String(world.reports.b1))).status).toBe(404);
    expect((await xmlOf(stored.bom!, { cookie: world.users.viewerA.cookie })).status).toBe(404);
    expect((await xmlOf('12abc')).status).toBe(404);
  });
});

describe('reportXmlFileName', () => {
  it('keeps the conventional name and replaces whatever could break out of the header', () => {
    const name = reportXmlFileName({ orgName: 'google.com', policyDomain: 'example.com', begin: new Date(1_700_000_000_000), end: new Date(1_700_086_399_000), reportId: '123' });
    expect(name).toBe('google.com!example.com!1700000000!1700086399!123.xml');
    const hostile = reportXmlFileName({ orgName: '"; evil=1 \r\n', policyDomain: '../../etc', begin: new Date(0), end: new Date(0), reportId: 'ünï\u0000code' });
    expect(hostile).toMatch(/^[A-Za-z0-9._!+@-]+\.xml$/);
    expect(hostile).not.toMatch(/^\.|\.\.\//);
  });
});
