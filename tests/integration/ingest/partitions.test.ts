import { beforeAll, describe, expect, it } from 'vitest';
import { ingestBuffer } from '../../../lib/ingest/pipeline';
import { applyRetention } from '../../../lib/ingest/maintenance/apply-retention';
import { ensureRecordPartitions } from '../../../lib/ingest/maintenance/record-partitions';
import { retentionDays } from '../../../lib/ingest/maintenance/retention-config';
import { useTestDatabase } from '../../helpers/db';
import { DAY, one, ownDomains, rows, storeStreamed, xmlReport } from './helpers';

// report_record is partitioned by the month of the report's begin day. The worker creates
// months ahead and gives stray months (rows that landed in the default partition) their own;
// ATLAS_RETENTION_DAYS drops whole months of records and the bytes nobody needs, never a
// figure: report rows and rollups stay.

const unix = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 1000;

async function partitionOf(reportId: string): Promise<string[]> {
  const r = await rows<{ part: string }>(
    'SELECT DISTINCT x.tableoid::regclass::text AS part FROM report_record x JOIN report r ON r.id = x.report_id WHERE r.report_id = $1',
    [reportId],
  );
  return r.map((x) => x.part);
}

async function figures(): Promise<unknown> {
  return {
    rollup: await rows('SELECT domain_id, day::text, host(source_ip) AS ip, messages::text FROM daily_rollup ORDER BY 1, 2, 3'),
    daily: await rows('SELECT domain_id, day::text, messages::text, reports, reports_started FROM domain_daily ORDER BY 1, 2'),
    reports: await rows('SELECT report_id, record_count, message_count::text FROM report ORDER BY report_id'),
  };
}

describe('monthly partitions of report_record and retention', () => {
  beforeAll(async () => {
    await useTestDatabase();
    await ownDomains('Archive Org', ['archive.example']);
  });

  it('keeps a report of a month without a partition in the default one until the maintenance gives it its month', async () => {
    const begin = unix('2019-05-03');
    await ingestBuffer({ bytes: xmlReport({ reportId: 'may-2019', domain: 'archive.example', begin, end: begin + DAY, records: [{ count: 4 }, { count: 6 }] }), name: 'm.xml', source: 'cli' });
    expect(await partitionOf('may-2019')).toEqual(['report_record_default']);
    const before = await figures();
    const created = await ensureRecordPartitions(new Date('2031-06-15T12:00:00Z'));
    expect(created).toEqual(['2019-05-01', '2031-06-01', '2031-07-01', '2031-08-01']);
    // Real partitions of report_record, each bounded by its month.
    expect(
      await rows(`SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                   WHERE i.inhparent = 'report_record'::regclass AND c.relname IN ('report_record_2019_05', 'report_record_2031_08') ORDER BY 1`),
    ).toEqual([
      { name: 'report_record_2019_05', bound: "FOR VALUES FROM ('2019-05-01') TO ('2019-06-01')" },
      { name: 'report_record_2031_08', bound: "FOR VALUES FROM ('2031-08-01') TO ('2031-09-01')" },
    ]);
    expect(await partitionOf('may-2019')).toEqual(['report_record_2019_05']);
    expect(await one('SELECT count(*)::int AS n FROM report_record_default')).toEqual({ n: 0 });
    expect(await figures()).toEqual(before);
    expect(await ensureRecordPartitions(new Date('2031-06-15T12:00:00Z'))).toEqual([]);
  });

  it('reads ATLAS_RETENTION_DAYS: unset keeps everything, a bad value is refused', () => {
    expect(retentionDays({})).toBeNull();
    expect(retentionDays({ ATLAS_RETENTION_DAYS: '' })).toBeNull();
    expect(retentionDays({ ATLAS_RETENTION_DAYS: '400' })).toBe(400);
    expect(() => retentionDays({ ATLAS_RETENTION_DAYS: 'forever' })).toThrow(/ATLAS_RETENTION_DAYS/);
  });

  it('drops whole months of records past the retention, and the bytes nobody needs, but no figure', async () => {
    // "Now" is a year ahead, so the inputs stored today count as old.
    const now = new Date(Date.now() + 400 * 86_400_000);
    const keepMonth = new Date(now.getTime() - 30 * 86_400_000);
    const kept = unix(new Date(Date.UTC(keepMonth.getUTCFullYear(), keepMonth.getUTCMonth(), 5)).toISOString().slice(0, 10));
    await ingestBuffer({ bytes: xmlReport({ reportId: 'kept', domain: 'archive.example', begin: kept, end: kept + DAY, records: [{ count: 3 }] }), name: 'k.xml', source: 'cli' });
    // Two streamed (large) reports, stored pending: the view reads their records until
    // compaction, so retention must fold them in before it drops those records.
    const stray = unix('2018-01-10');
    await storeStreamed(xmlReport({ reportId: 'stray-2018', domain: 'archive.example', begin: stray, end: stray + DAY, records: [{ count: 2 }] }));
    const lateMay = unix('2019-05-20');
    await storeStreamed(xmlReport({ reportId: 'may-2019-large', domain: 'archive.example', begin: lateMay, end: lateMay + DAY, records: [{ count: 5 }, { count: 7, ip: '192.0.2.99' }] }));
    await ensureRecordPartitions(now, '2030-01-01');
    expect(await partitionOf('stray-2018')).toEqual(['report_record_default']);
    expect(await one('SELECT count(*)::int AS n FROM rollup_pending')).toEqual({ n: 2 });
    const before = await figures();

    const done = await applyRetention(30, now);
    expect(done.partitionsDropped).toContain('2019-05-01');
    expect(done.defaultRowsDeleted).toBe(1);
    expect(await figures()).toEqual(before);
    expect(await one('SELECT count(*)::int AS n FROM rollup_pending')).toEqual({ n: 0 });
    expect(await partitionOf('may-2019')).toEqual([]);
    expect(await partitionOf('stray-2018')).toEqual([]);
    expect(await partitionOf('kept')).toHaveLength(1);
    expect(await rows('SELECT report_id, records_dropped_at IS NOT NULL AS dropped FROM report ORDER BY report_id')).toEqual([
      { report_id: 'kept', dropped: false },
      { report_id: 'may-2019', dropped: true },
      { report_id: 'may-2019-large', dropped: true },
      { report_id: 'stray-2018', dropped: true },
    ]);
    expect(
      await rows(`SELECT r.report_id, b.dropped_at IS NOT NULL AS dropped, length(b.bytes) > 0 AS has_bytes
                    FROM report r JOIN raw_blob b ON b.id = r.xml_blob_id ORDER BY r.report_id`),
    ).toEqual([
      { report_id: 'kept', dropped: false, has_bytes: true },
      { report_id: 'may-2019', dropped: true, has_bytes: false },
      { report_id: 'may-2019-large', dropped: true, has_bytes: false },
      { report_id: 'stray-2018', dropped: true, has_bytes: false },
    ]);
  });

  it('refuses to replace a report whose records are gone (its contribution cannot be taken back), and stores its bytes again when they come again', async () => {
    const begin = unix('2019-05-03');
    const spec = { reportId: 'may-2019', domain: 'archive.example', begin, end: begin + DAY };
    const before = await figures();
    // More records than the stored copy: the replacement rule would keep this one.
    const corrected = await ingestBuffer({ bytes: xmlReport({ ...spec, records: [{ count: 4 }, { count: 6 }, { count: 40 }] }), name: 'm2.xml', source: 'cli' });
    expect(corrected.reports[0]).toMatchObject({ outcome: 'failed', errorCode: 'report.records_dropped' });
    expect(await figures()).toEqual(before);

    const same = await ingestBuffer({ bytes: xmlReport({ ...spec, records: [{ count: 4 }, { count: 6 }] }), name: 'm3.xml', source: 'cli' });
    expect(same.reports[0].outcome).toBe('duplicate');
    expect(await one('SELECT b.dropped_at IS NULL AS kept, length(b.bytes) > 0 AS has_bytes FROM ingest_file f JOIN raw_blob b ON b.id = f.blob_id WHERE f.id = $1', [same.ingestFileId.toString()])).toEqual({
      kept: true, has_bytes: true,
    });
  });
});
