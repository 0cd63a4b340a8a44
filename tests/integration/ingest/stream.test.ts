import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ingestBuffer, ingestFile } from '../../../lib/ingest/pipeline';
import { compactAll, settleCompactions } from '../../../lib/ingest/maintenance/compact-rollups';
import { storeReport } from '../../../lib/ingest/store/store-report';
import { withTransaction } from '../../../lib/ingest/store/transaction';
import { summariseReport, streamReport } from '../../../lib/ingest/parse/parse-report';
import { syntheticReportXml, writeSyntheticReport } from '../../../lib/demo/synthetic';
import { useTestDatabase } from '../../helpers/db';
import { scanNewSenders } from '../../../lib/sources/enrichment/run-enrichment';
import { D0, one, ownDomains, rollupMismatches, rows, storeStreamed, xmlReport } from './helpers';

// Large reports take the streaming path: records go from SAX events straight to COPY rows
// as they are parsed, and a one-day report is stored pending (its contribution read from its
// records by the view daily_rollup until compaction folds them in). The figures must be
// exactly what the whole-document path stores, before compaction and after.

/** daily_rollup as recomputed from scratch out of the stored records (one-day reports here). */
const EXPECTED_ROLLUP = `
  SELECT r.domain_id, (r.begin_at AT TIME ZONE 'UTC')::date::text AS day, coalesce(x.source_ip, '0.0.0.0'::inet)::text AS ip, x.header_from, x.disposition,
         x.policy_dkim = 'pass' AS dkim_aligned, x.policy_spf = 'pass' AS spf_aligned,
         coalesce(x.dkim->0->>'domain', '') AS dkim_domain, coalesce(x.dkim->0->>'result', '') AS dkim_result,
         coalesce(x.spf->0->>'domain', '') AS spf_domain, coalesce(x.spf->0->>'result', '') AS spf_result,
         coalesce(x.reasons->0->>'type', '') AS override_reason, sum(x.count)::text AS messages
  FROM report r JOIN report_record x ON x.report_id = r.id
  WHERE r.domain_id IS NOT NULL AND NOT x.header_from_foreign
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 HAVING sum(x.count) > 0 ORDER BY 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12`;
const ACTUAL_ROLLUP = `
  SELECT domain_id, day::text, source_ip::text AS ip, header_from, disposition, dkim_aligned, spf_aligned, dkim_domain,
         dkim_result, spf_domain, spf_result, override_reason, messages::text
  FROM daily_rollup ORDER BY 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12`;

/** The pending row of a report (by its report_id), if any. */
const pendingOf = (reportId: string) =>
  rows(
    `SELECT p.day::text, p.report_day::text, p.org_name FROM rollup_pending p JOIN report r ON r.id = p.report_id AND r.domain_id = p.domain_id
      WHERE r.report_id = $1`,
    [reportId],
  );

describe('large reports through the streaming path', () => {
  let dir = '';
  beforeAll(async () => {
    await useTestDatabase();
    await ownDomains('Big Sender', ['big.example']);
    dir = await mkdtemp(path.join(os.tmpdir(), 'atlas-stream-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    delete process.env.ATLAS_STREAM_THRESHOLD_BYTES;
  });

  it('streams a large XML file from disk into the database, figures and raw bytes intact', async () => {
    process.env.ATLAS_STREAM_THRESHOLD_BYTES = '64KiB';
    const file = path.join(dir, 'large.xml');
    const out = createWriteStream(file);
    await writeSyntheticReport(out, { records: 30_000, seed: 11, domain: 'big.example', reportId: 'large-1', begin: D0, ipv6Share: 0.1 });
    await new Promise<void>((resolve) => out.end(resolve));
    const bytes = await readFile(file);
    const { figures } = await summariseReport(bytes);

    const o = await ingestFile(file, 'cli');
    expect(o.reports[0]).toMatchObject({ outcome: 'ingested', records: 30_000 });
    const r = await one<Record<string, unknown>>(
      `SELECT record_count, message_count::float8 AS messages, dmarc_pass::float8 AS dmarc, source_ip_count,
              (SELECT count(*)::int FROM report_record WHERE report_id = report.id) AS rows
       FROM report WHERE report_id = 'large-1'`,
    );
    expect(r).toEqual({ record_count: 30_000, messages: figures.messages, dmarc: figures.dmarc_pass, source_ip_count: figures.source_ips, rows: 30_000 });
    const blob = await one<{ sha256: string; bytes: Buffer; compressed_size: string }>(
      'SELECT b.sha256, b.bytes, b.compressed_size FROM ingest_file f JOIN raw_blob b ON b.id = f.blob_id WHERE f.id = $1',
      [o.ingestFileId.toString()],
    );
    expect(blob.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(Number(blob.compressed_size)).toBe(blob.bytes.length);
    expect(gunzipSync(blob.bytes).equals(bytes)).toBe(true);
    expect(await rows(ACTUAL_ROLLUP)).toEqual(await rows(EXPECTED_ROLLUP));
    expect(await rollupMismatches()).toEqual([]);

    // The same file again: a duplicate found without reading it through.
    const again = await ingestFile(file, 'cli');
    expect(again.reports[0].outcome).toBe('duplicate');
  });

  it('stores a streamed one-day report pending, its rollup read from its records exactly', async () => {
    await settleCompactions(); // the one the large file's ingest requested
    const xml = syntheticReportXml({ records: 20_000, seed: 12, domain: 'big.example', reportId: 'batched-1', begin: D0 + 86_400 });
    const stored = await withTransaction((client) =>
      storeReport(
        client,
        { kind: 'stream', events: (sink) => streamReport(xml, { rows: sink })[Symbol.asyncIterator]() },
        { sha256: 'x'.repeat(64), blobId: null, blob: { sha256: createHash('sha256').update(xml).digest('hex'), size: xml.length, compressed: async () => Buffer.from('') } },
        { ingestFileId: null, trustSameBytes: true },
      ),
    );
    expect(stored).toMatchObject({ outcome: 'ingested', records: 20_000 });
    expect(await pendingOf('batched-1')).toEqual([{ day: '2025-03-02', report_day: '2025-03-02', org_name: 'google.com' }]);
    expect(await rows(ACTUAL_ROLLUP)).toEqual(await rows(EXPECTED_ROLLUP));
    expect(await one("SELECT reports FROM domain_daily WHERE day = '2025-03-02'")).toEqual({ reports: 1 });
    expect(await rollupMismatches()).toEqual([]);
  });

  it('leaves nothing of a streamed report that breaks after several batches, and the transaction goes on', async () => {
    const whole = syntheticReportXml({ records: 20_000, seed: 16, domain: 'big.example', reportId: 'broken-1', begin: D0 + 2 * 86_400 }).toString('utf8');
    // A stray end tag 15,000 records in: COPYs of records are queued by then.
    let at = 0;
    for (let i = 0; i < 15_000; i++) at = whole.indexOf('<record>', at + 1);
    const xml = Buffer.from(`${whole.slice(0, at)}</oops>${whole.slice(at)}`, 'utf8');
    const stored = await withTransaction(async (client) => {
      const error = await storeReport(
        client,
        { kind: 'stream', events: (sink) => streamReport(xml, { rows: sink })[Symbol.asyncIterator]() },
        { sha256: 'y'.repeat(64), blobId: null, blob: { sha256: createHash('sha256').update(xml).digest('hex'), size: xml.length, compressed: async () => Buffer.from('') } },
        { ingestFileId: null, trustSameBytes: true },
      ).then(() => null, (err: unknown) => err);
      expect(error).toMatchObject({ code: 'xml.malformed' });
      // The same transaction is usable and holds nothing of the report.
      const left = await client.query("SELECT count(*)::int AS n FROM report WHERE report_id = 'broken-1'");
      const contrib = await client.query("SELECT count(*)::int AS n FROM domain_daily WHERE day = '2025-03-03'");
      return { reports: left.rows[0].n as number, days: contrib.rows[0].n as number };
    });
    expect(stored).toEqual({ reports: 0, days: 0 });
    expect(await rollupMismatches()).toEqual([]);
  });

  it('takes a pending report back exactly when it is replaced: its pending row ends, nothing is appended', async () => {
    // One record more than stored, so the corrected copy ranks first; parsed whole (not streamed).
    const xml = syntheticReportXml({ records: 20_001, seed: 13, domain: 'big.example', reportId: 'batched-1', begin: D0 + 86_400 });
    process.env.ATLAS_STREAM_THRESHOLD_BYTES = '64MiB';
    const o = await ingestBuffer({ bytes: xml, name: 'batched-1-corrected.xml', source: 'cli' }).finally(() => delete process.env.ATLAS_STREAM_THRESHOLD_BYTES);
    expect(o.reports[0]).toMatchObject({ outcome: 'replaced', records: 20_001 });
    expect(await pendingOf('batched-1')).toEqual([]);
    expect(await one("SELECT count(*)::int AS n FROM rollup_contrib WHERE messages < 0")).toEqual({ n: 0 });
    expect(await rows(ACTUAL_ROLLUP)).toEqual(await rows(EXPECTED_ROLLUP));
    expect(await rollupMismatches()).toEqual([]);
  });

  it('folds a pending report into the compacted store exactly, and takes it back exactly after', async () => {
    const make = (records: number) => syntheticReportXml({ records, seed: 17, domain: 'big.example', reportId: 'folded-1', begin: D0 + 9 * 86_400, ipv6Share: 0.2 });
    await settleCompactions();
    await compactAll();
    expect(await storeStreamed(make(3_000))).toMatchObject({ outcome: 'ingested', records: 3_000 });
    expect(await pendingOf('folded-1')).toHaveLength(1);
    const before = await rows(ACTUAL_ROLLUP);
    expect(before).toEqual(await rows(EXPECTED_ROLLUP));
    expect(await compactAll()).toMatchObject({ domains: 1, reports: 1 });
    expect(await one('SELECT count(*)::int AS n FROM rollup_pending')).toEqual({ n: 0 });
    // Every row has an id now (the enrichment scan reads by id), and the figures did not move.
    expect(await one('SELECT count(*)::int AS n FROM daily_rollup WHERE id IS NULL')).toEqual({ n: 0 });
    expect(await rows(ACTUAL_ROLLUP)).toEqual(before);
    // A corrected copy (one record more, parsed whole): the compacted contribution is taken back by appending it negated.
    expect((await ingestBuffer({ bytes: make(3_001), name: 'folded-1-corrected.xml', source: 'cli' })).reports[0].outcome).toBe('replaced');
    expect(await rows(ACTUAL_ROLLUP)).toEqual(await rows(EXPECTED_ROLLUP));
    await compactAll();
    expect(await rows(ACTUAL_ROLLUP)).toEqual(await rows(EXPECTED_ROLLUP));
    expect(await rollupMismatches()).toEqual([]);
  });

  it('treats the same large report parsed either way as the same content', async () => {
    process.env.ATLAS_STREAM_THRESHOLD_BYTES = '1';
    const xml = syntheticReportXml({ records: 2_000, seed: 14, domain: 'big.example', reportId: 'either-way', begin: D0 + 3 * 86_400, dmarcbis: true });
    expect((await ingestBuffer({ bytes: xml, name: 'streamed.xml', source: 'cli' })).reports[0].outcome).toBe('ingested');
    delete process.env.ATLAS_STREAM_THRESHOLD_BYTES;
    // Other bytes (so the same-bytes shortcut does not apply), same content.
    const reformatted = Buffer.from(xml.toString('utf8').replace(/\n {2}<record>/g, '\n<record>'), 'utf8');
    expect((await ingestBuffer({ bytes: reformatted, name: 'parsed.xml', source: 'cli' })).reports[0].outcome).toBe('duplicate');
  });

  it('stores the same rows whether records go through COPY or the one-statement insert of small reports', async () => {
    const make = (id: string) => syntheticReportXml({ records: 1_500, seed: 15, domain: 'big.example', reportId: id, begin: D0 + 5 * 86_400, ipv6Share: 0.2 });
    process.env.ATLAS_STREAM_THRESHOLD_BYTES = '1';
    expect((await ingestBuffer({ bytes: make('via-copy'), name: 'via-copy.xml', source: 'cli' })).reports[0].outcome).toBe('ingested');
    delete process.env.ATLAS_STREAM_THRESHOLD_BYTES;
    expect((await ingestBuffer({ bytes: make('via-insert'), name: 'via-insert.xml', source: 'cli' })).reports[0].outcome).toBe('ingested');
    const rowsOf = (id: string) =>
      rows(
        `SELECT x.source_ip::text, x.source_ip_text, x.count::text, x.disposition, x.policy_dkim, x.policy_spf, x.reasons::text,
                x.header_from, x.envelope_from, x.envelope_to, x.dkim::text, x.spf::text
         FROM report_record x JOIN report r ON r.id = x.report_id WHERE r.report_id = $1 ORDER BY x.ord`,
        [id],
      );
    const viaCopy = await rowsOf('via-copy');
    expect(viaCopy).toHaveLength(1_500);
    expect(await rowsOf('via-insert')).toEqual(viaCopy);
    expect(await rollupMismatches()).toEqual([]);
  });

  it('stores auth results and reasons with quotes, backslashes, control characters and non-ASCII text exactly, through COPY too', async () => {
    // Every JSON field with characters that must be escaped, not only at its start.
    const hostile = (id: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<feedback>
  <report_metadata><org_name>Odd Reporter</org_name><email>dmarc@odd.example</email><report_id>${id}</report_id>
    <date_range><begin>${D0 + 6 * 86_400}</begin><end>${D0 + 7 * 86_400 - 1}</end></date_range></report_metadata>
  <policy_published><domain>big.example</domain><p>none</p></policy_published>
  <record>
    <row><source_ip>192.0.2.7</source_ip><count>3</count>
      <policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>fail</spf>
        <reason><type>local_policy</type><comment>said "no"	tab \\ back, and é ✓ 😀</comment></reason></policy_evaluated></row>
    <identifiers><header_from>big.example</header_from></identifiers>
    <auth_results>
      <dkim><domain>bücher.example</domain><selector>s"1\\x</selector><result>fail</result><human_result>bad &quot;sig&quot; – body hash</human_result></dkim>
      <spf><domain>mail.big.example</domain><result>softfail</result><human_result>line one
line two</human_result></spf>
    </auth_results>
  </record>
</feedback>
`, 'utf8');
    process.env.ATLAS_STREAM_THRESHOLD_BYTES = '1';
    expect((await ingestBuffer({ bytes: hostile('odd-via-copy'), name: 'odd-via-copy.xml', source: 'cli' })).reports[0].outcome).toBe('ingested');
    delete process.env.ATLAS_STREAM_THRESHOLD_BYTES;
    expect((await ingestBuffer({ bytes: hostile('odd-via-insert'), name: 'odd-via-insert.xml', source: 'cli' })).reports[0].outcome).toBe('ingested');
    const stored = (id: string) =>
      one<{ reasons: unknown; dkim: unknown; spf: unknown }>(
        'SELECT x.reasons, x.dkim, x.spf FROM report_record x JOIN report r ON r.id = x.report_id WHERE r.report_id = $1',
        [id],
      );
    const viaCopy = await stored('odd-via-copy');
    expect(viaCopy).toEqual({
      reasons: [{ type: 'local_policy', comment: 'said "no"\ttab \\ back, and é ✓ 😀' }],
      dkim: [{ domain: 'bücher.example', selector: 's"1\\x', result: 'fail', human_result: 'bad "sig" – body hash' }],
      spf: [{ domain: 'mail.big.example', scope: null, result: 'softfail', human_result: 'line one\nline two' }],
    });
    expect(await stored('odd-via-insert')).toEqual(viaCopy);
  });
  it('reads the rollup of a pending report exactly, whatever its addresses, counts and text, before and after compaction', async () => {
    const records: Array<[string, string, string, string]> = [
      ['255.255.255.255', '7', 'big.example', 'a.example'],
      ['128.0.0.1', '4611686018427387904', 'mail.big.example', 'b.example'],
      ['2001:db8::1', '2', 'big.example', 'bücher.example'],
      ['::ffff:192.0.2.1', '3', 'ü.big.example', 'c.example'],
      ['::', '1', 'big.example', ''],
      ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '5', 'BIG.example', 'd.example'],
      ['fe80::1:2', '0', 'big.example', 'e.example'],
      ['not-an-ip', '6', 'big.example', 'f.example'],
      ['', '8', 'big.example', 'g.example'],
      ['192.0.2.300', '9', 'elsewhere.example', 'h.example'],
    ];
    const xml = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<feedback>
  <report_metadata><org_name>Reporter ü “quoted”</org_name><email>dmarc@odd.example</email><report_id>contrib-odd</report_id>
    <date_range><begin>${D0 + 8 * 86_400}</begin><end>${D0 + 9 * 86_400 - 1}</end></date_range></report_metadata>
  <policy_published><domain>big.example</domain><p>none</p></policy_published>
${records
  .map(
    ([ip, count, from, dkim], i) => `  <record>
    <row><source_ip>${ip}</source_ip><count>${count}</count>
      <policy_evaluated><disposition>${['none', 'quarantine', 'reject'][i % 3]}</disposition><dkim>${i % 2 ? 'pass' : 'fail'}</dkim><spf>${i % 3 ? 'fail' : 'pass'}</spf>${i % 4 === 0 ? '<reason><type>forwarded</type></reason>' : ''}</policy_evaluated></row>
    <identifiers><header_from>${from}</header_from></identifiers>
    <auth_results>${dkim ? `<dkim><domain>${dkim}</domain><result>pass</result></dkim>` : ''}<spf><domain>spf.ü.example</domain><result>softfail</result></spf></auth_results>
  </record>`,
  )
  .join('\n')}
</feedback>
`, 'utf8');
    await settleCompactions();
    expect(await storeStreamed(xml)).toMatchObject({ outcome: 'ingested', records: records.length });
    expect(await pendingOf('contrib-odd')).toHaveLength(1);
    expect(await rows(ACTUAL_ROLLUP)).toEqual(await rows(EXPECTED_ROLLUP));
    expect(await rollupMismatches()).toEqual([]);
    await compactAll();
    expect(await pendingOf('contrib-odd')).toEqual([]);
    expect(await rows(ACTUAL_ROLLUP)).toEqual(await rows(EXPECTED_ROLLUP));
    expect(await rollupMismatches()).toEqual([]);
  });

  it('gives the rows of a pending report ids at compaction, so the enrichment scan finds its addresses', async () => {
    await settleCompactions();
    const ips = ['8.8.4.4', '9.9.9.9', '1.0.0.1'];
    const begin = D0 + 12 * 86_400;
    const xml = xmlReport({ reportId: 'pending-senders', domain: 'big.example', begin, end: begin + 86_400, records: ips.map((ip) => ({ ip, count: 2 })) });
    expect(await storeStreamed(xml)).toMatchObject({ outcome: 'ingested', records: 3 });
    const known = () => rows<{ ip: string }>('SELECT host(ip) AS ip FROM ip_enrichment WHERE host(ip) = ANY($1) ORDER BY 1', [ips]);
    // Pending: its rows have no id yet, and the scan by id neither sees them nor moves past them.
    expect(await one('SELECT count(*)::int AS n FROM daily_rollup WHERE id IS NULL AND host(source_ip) = ANY($1)', [ips])).toEqual({ n: 3 });
    await scanNewSenders();
    expect(await known()).toEqual([]);
    await compactAll();
    await scanNewSenders();
    expect((await known()).map((r) => r.ip)).toEqual([...ips].sort());
  });
});
