import { gunzipSync } from 'node:zlib';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ingestBuffer } from '../../../lib/ingest/pipeline';
import { reprocessFailed } from '../../../lib/ingest/reprocess';
import { makeZip } from '../../unit/fixtures/zip-writer';
import { useTestDatabase } from '../../helpers/db';
import { D0, DAY, one, ownDomains, rollupMismatches, rows, storedCounts, xmlReport } from './helpers';

// Bad input loses nothing: the raw bytes are kept, the input is marked failed with the
// precise reason, a bad part never blocks the others, nothing half-stored remains, and a
// failed input can be re-run from its stored bytes once the cause is fixed.

const report = (id: string, day: number, counts: Array<number | string>) =>
  xmlReport({ reportId: id, domain: 'fail.example', begin: D0 + day * DAY, end: D0 + (day + 1) * DAY - 1, records: counts.map((count, i) => ({ count, ip: `192.0.2.${i + 1}` })) });

describe('failed inputs', () => {
  beforeAll(async () => {
    await useTestDatabase();
    await ownDomains('Failing Corp', ['fail.example']);
  });
  afterEach(() => {
    delete process.env.ATLAS_MAX_RECORDS_PER_REPORT;
    delete process.env.ATLAS_STREAM_THRESHOLD_BYTES;
  });

  it('keeps an empty file, failed with its reason', async () => {
    const o = await ingestBuffer({ bytes: Buffer.alloc(0), name: 'empty.xml', source: 'upload' });
    expect(o.status).toBe('failed');
    expect(o.reports).toEqual([{ path: 'empty.xml', outcome: 'failed', error: 'empty.xml: empty file (0 bytes).', errorCode: 'input.empty' }]);
    const f = await one<{ status: string; error_code: string; error: string; size: string; failures: unknown }>(
      'SELECT f.status, f.error_code, f.error, b.size, f.failures FROM ingest_file f JOIN raw_blob b ON b.id = f.blob_id WHERE f.id = $1',
      [o.ingestFileId.toString()],
    );
    expect(f).toEqual({ status: 'failed', error_code: 'input.empty', error: 'empty.xml: empty file (0 bytes).', size: '0', failures: [{ path: 'empty.xml', code: 'input.empty', error: 'empty.xml: empty file (0 bytes).' }] });
  });

  it('fails a report over a limit, naming the limit, and stores it once the limit is raised', async () => {
    process.env.ATLAS_MAX_RECORDS_PER_REPORT = '2';
    const xml = report('limited', 0, [1, 2, 3]);
    const o = await ingestBuffer({ bytes: xml, name: 'limited.xml', source: 'cli' });
    expect(o.status).toBe('failed');
    expect(o.reports[0].errorCode).toBe('limit.records');
    expect(o.error).toContain('ATLAS_MAX_RECORDS_PER_REPORT');
    const blob = await one<{ bytes: Buffer }>('SELECT b.bytes FROM ingest_file f JOIN raw_blob b ON b.id = f.blob_id WHERE f.id = $1', [o.ingestFileId.toString()]);
    expect(gunzipSync(blob.bytes).equals(xml)).toBe(true);

    // Still too low: the re-run fails again, on the same row.
    let rerun = await reprocessFailed();
    expect(rerun.map((r) => [r.ingestFileId, r.outcome.status])).toContainEqual([o.ingestFileId, 'failed']);

    delete process.env.ATLAS_MAX_RECORDS_PER_REPORT;
    rerun = await reprocessFailed();
    const mine = rerun.find((r) => r.ingestFileId === o.ingestFileId);
    expect(mine?.previousStatus).toBe('failed');
    expect(mine?.outcome.status).toBe('ingested');
    expect(mine?.outcome.reports[0]).toMatchObject({ outcome: 'ingested', records: 3 });
    expect(await one('SELECT status, error, attempts FROM ingest_file WHERE id = $1', [o.ingestFileId.toString()])).toEqual({ status: 'ingested', error: null, attempts: 3 });
    expect(await one("SELECT record_count, message_count FROM report WHERE report_id = 'limited'")).toEqual({ record_count: 3, message_count: '6' });

    // Idempotent: nothing failed is left (but the empty file, which stays failed).
    const before = await storedCounts();
    rerun = await reprocessFailed();
    expect(rerun.map((r) => r.name)).toEqual(['empty.xml']);
    expect(await storedCounts()).toEqual(before);
  });

  it('stores the good parts of an archive when another part is bad (partial)', async () => {
    const zip = makeZip([
      { name: 'good.xml', data: report('zip-good', 1, [5, 6]) },
      { name: 'bad.xml', data: report('zip-bad', 2, [5, 'lots']) },
      { name: 'broken.xml', data: Buffer.from('<feedback><report_metadata>') },
    ]);
    const o = await ingestBuffer({ bytes: zip, name: 'mixed.zip', source: 'upload' });
    expect(o.status).toBe('partial');
    expect(o.reports.map((r) => [r.path, r.outcome, r.errorCode])).toEqual([
      ['mixed.zip › good.xml', 'ingested', undefined],
      ['mixed.zip › bad.xml', 'failed', 'report.count_invalid'],
      ['mixed.zip › broken.xml', 'failed', 'xml.malformed'],
    ]);
    const f = await one<{ status: string; reports: number; failed_parts: number; error_code: string; failures: Array<{ path: string }> }>(
      'SELECT status, reports, failed_parts, error_code, failures FROM ingest_file WHERE id = $1',
      [o.ingestFileId.toString()],
    );
    expect(f).toMatchObject({ status: 'partial', reports: 1, failed_parts: 2, error_code: 'report.count_invalid' });
    expect(f.failures.map((x) => x.path)).toEqual(['mixed.zip › bad.xml', 'mixed.zip › broken.xml']);
    // The good report's own XML is kept as its own blob.
    const xml = await one<{ bytes: Buffer }>("SELECT b.bytes FROM report r JOIN raw_blob b ON b.id = r.xml_blob_id WHERE r.report_id = 'zip-good'");
    expect(gunzipSync(xml.bytes).toString()).toContain('<report_id>zip-good</report_id>');
  });

  it('leaves nothing of a large report that fails half-way through streaming, and stores its siblings', async () => {
    process.env.ATLAS_STREAM_THRESHOLD_BYTES = '1024';
    const counts: Array<number | string> = Array.from({ length: 12000 }, (_, i) => (i === 11000 ? '-1' : 1));
    const before = await storedCounts();
    const zip = makeZip([
      { name: 'big-bad.xml', data: report('stream-bad', 3, counts) },
      { name: 'big-good.xml', data: report('stream-good', 4, Array.from({ length: 3000 }, () => 2)) },
    ]);
    const o = await ingestBuffer({ bytes: zip, name: 'streams.zip', source: 'cli' });
    expect(o.reports.map((r) => [r.outcome, r.errorCode])).toEqual([['failed', 'report.count_invalid'], ['ingested', undefined]]);
    expect(o.reports[0].error).toContain('record 11001');
    expect(await rows("SELECT report_id FROM report WHERE report_id LIKE 'stream-%'")).toEqual([{ report_id: 'stream-good' }]);
    const after = await storedCounts();
    expect(Number(after.records) - Number(before.records)).toBe(3000);
    expect(await rollupMismatches()).toEqual([]);
  });

  it('refuses counts Postgres cannot hold, as a failed report', async () => {
    const o = await ingestBuffer({ bytes: report('huge-count', 5, ['18000000000000000000']), name: 'huge.xml', source: 'cli' });
    expect(o.reports[0]).toMatchObject({ outcome: 'failed', errorCode: 'report.count_too_large' });
    const sum = await ingestBuffer({ bytes: report('huge-sum', 6, ['9000000000000000000', '9000000000000000000']), name: 'huge-sum.xml', source: 'cli' });
    expect(sum.reports[0]).toMatchObject({ outcome: 'failed', errorCode: 'report.count_too_large' });
    expect(await rows("SELECT id FROM report WHERE report_id LIKE 'huge-%'")).toEqual([]);
  });
});
