import { generateKeyPairSync } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { parse as parseCsv } from 'csv-parse/sync';
import { dkimSign } from 'mailauth';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as listReports } from '../../../app/api/v1/reports/route';
import { GET as getReportDetail } from '../../../app/api/v1/reports/[id]/route';
import { GET as getReportXml } from '../../../app/api/v1/reports/[id]/xml/route';
import { reportXmlFileName } from '../../../lib/api/report-xml';
import { ZReportDetail, ZReportList } from '../../../lib/api/schemas/reports';
import { syntheticReportXml } from '../../../lib/demo/synthetic';
import { createMailVerifier } from '../../../lib/ingest/authenticity/verify-mail';
import { ingestBuffer } from '../../../lib/ingest/pipeline';
import { getPool } from '../../../lib/platform/db/pool';
import { createResolver, loadDnsConfig } from '../../../lib/platform/dns';
import { VERIFIED_BY_MAX } from '../../../lib/queries';
import { createWorld, type TWorld } from '../../helpers/access-fixtures';
import { startDnsZoneServer, type TDnsZoneServer } from '../../helpers/dns-zone-server';
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

const detailOf = (id: string, headers: Record<string, string> = bearer()) =>
  getReportDetail(new Request(`http://localhost/api/v1/reports/${id}`, { headers }), { params: Promise.resolve({ id }) });

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

describe('report authenticity in the API', () => {
  // Reports that arrived by mail, checked at ingest against a DKIM key the test publishes on a
  // loopback DNS server, next to a report handed in as a file.
  const SELECTOR = 's1';
  const REPORTER = 'reporter-mail.example';
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const ids: Record<'signed' | 'unsigned' | 'file', string> = { signed: '', unsigned: '', file: '' };
  let dns: TDnsZoneServer;

  async function reportMail(reportId: string, sign: boolean): Promise<Buffer> {
    const xml = syntheticReportXml({ records: 2, domain: world.domains.a1.name, orgName: REPORTER, reportId, begin: today - DAY, seed: 3 });
    const raw = await new MailComposer({
      from: `noreply-dmarc@${REPORTER}`, to: `dmarc@${world.domains.a1.name}`, subject: `Report domain: ${world.domains.a1.name}`,
      attachments: [{ filename: 'report.xml', content: xml, contentType: 'text/xml' }],
    }).compile().build();
    if (!sign) return raw;
    const signature = { signingDomain: REPORTER, selector: SELECTOR, privateKey: key };
    // mailauth signs with `signatureData`; its typings also require the same fields at the top.
    const { signatures, errors } = await dkimSign(raw, { ...signature, signatureData: [signature] });
    expect(errors).toEqual([]);
    return Buffer.concat([Buffer.from(signatures), raw]);
  }

  async function detail(id: string) {
    const response = await detailOf(id);
    expect(response.status).toBe(200);
    return ZReportDetail.parse(await response.json());
  }

  beforeAll(async () => {
    dns = await startDnsZoneServer({
      [`${SELECTOR}._domainkey.${REPORTER}`]: { TXT: [`v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`] },
    });
    const verifyMail = createMailVerifier(createResolver(loadDnsConfig({ ATLAS_DNS_SERVERS: dns.address, ATLAS_DNS_TIMEOUT_MS: '2000', ATLAS_DNS_TRIES: '1' })));
    const viaMail = async (bytes: Buffer, name: string) => (await ingestBuffer({ bytes, name, source: 'imap' }, { verifyMail })).reports[0]!.reportRowId!;
    ids.signed = await viaMail(await reportMail('auth-signed-1', true), 'signed.eml');
    ids.unsigned = await viaMail(await reportMail('auth-unsigned-1', false), 'unsigned.eml');
    const file = syntheticReportXml({ records: 2, domain: world.domains.a1.name, orgName: REPORTER, reportId: 'auth-file-1', begin: today - DAY, seed: 4 });
    ids.file = (await ingestBuffer({ bytes: file, name: 'auth-file.xml', source: 'api' })).reports[0]!.reportRowId!;
  });
  afterAll(() => dns?.close());

  it("names the signing domain of a report whose mail the reporter's domain signed", async () => {
    const body = await detail(ids.signed);
    expect(body).toMatchObject({ verified: true, verified_by: REPORTER });
    expect(body.auth_note).toContain(`dkim=pass d=${REPORTER}`);
  });

  it('marks an unsigned mail and an uploaded file as not verified, and says why', async () => {
    expect(await detail(ids.unsigned)).toMatchObject({ verified: false, verified_by: null, auth_note: 'no DKIM signature' });
    expect(await detail(ids.file)).toMatchObject({ verified: false, verified_by: null, auth_note: null });
  });

  it('carries the same fields in the list and the CSV export', async () => {
    const window = `from=${iso(today - 2 * DAY)}&to=${iso(today + DAY)}&reporter=${REPORTER}`;
    const body = await listJson(window);
    const byId = new Map(body.reports.map((r) => [r.id, r]));
    expect(byId.get(ids.signed)).toMatchObject({ verified: true, verified_by: REPORTER });
    expect(byId.get(ids.unsigned)).toMatchObject({ verified: false, verified_by: null });
    expect(byId.get(ids.file)).toMatchObject({ verified: false, verified_by: null });
    const csv = parseCsv(await (await list(`${window}&format=csv`)).text(), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    expect(csv.find((r) => r.id === ids.signed)).toMatchObject({ verified: 'true', verified_by: REPORTER });
    expect(csv.find((r) => r.id === ids.file)).toMatchObject({ verified: 'false', verified_by: '' });
  });

  it('bounds what a sender wrote: an overlong stored domain and note come back capped', async () => {
    const { rows } = await getPool().query<{ id: string }>(
      "INSERT INTO report (domain_id, org_name, report_id, begin_at, end_at, policy_domain, record_count, message_count, dmarc_pass, dkim_aligned_pass, spf_aligned_pass, source_ip_count, content_hash, xml_blob_id, verified_by, auth_note) " +
        "SELECT domain_id, org_name, 'auth-long-1', begin_at, end_at, policy_domain, 0, 0, 0, 0, 0, 0, 'x', xml_blob_id, $2, $3 FROM report WHERE id = $1 RETURNING id::text",
      [ids.signed, `${'a'.repeat(400)}.example`, 'n'.repeat(5000)],
    );
    const body = await detail(rows[0]!.id);
    expect(body.verified).toBe(true);
    expect(body.verified_by).toHaveLength(VERIFIED_BY_MAX);
    expect(body.auth_note!.length).toBeLessThanOrEqual(500);
  });
});
