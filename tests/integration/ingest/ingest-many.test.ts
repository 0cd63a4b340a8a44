import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { syntheticReportXml } from '../../../lib/demo/synthetic';
import { ingestMany } from '../../../lib/ingest/ingest-many';
import { useTestDatabase } from '../../helpers/db';
import { D0, DAY, one, ownDomains, rollupMismatches, rows, storedCounts, xmlReport } from './helpers';

// Many small inputs (a mailbox backlog, a folder, an upload of many files) are committed
// several per transaction. One bad report still fails alone, with its bytes and reason kept;
// nothing else is lost; concurrent batches over the same days neither deadlock nor miscount.

const report = (n: number, extra: Partial<Parameters<typeof xmlReport>[0]> = {}) =>
  xmlReport({ reportId: `many-${n}`, domain: 'many.example', begin: D0 + (n % 3) * DAY, end: D0 + (n % 3) * DAY + DAY, records: [{ count: n + 1 }], ...extra });

describe('ingestMany: small inputs several per transaction', () => {
  beforeAll(async () => {
    await useTestDatabase();
    await ownDomains('Many Org', ['many.example']);
  });
  afterEach(() => {
    delete process.env.ATLAS_STREAM_THRESHOLD_BYTES;
  });

  it('stores every input of a batch, fails the bad ones alone with their reason, and loses nothing', async () => {
    const inputs = [
      report(1),
      report(2),
      Buffer.from('<feedback><report_metadata>not a report'),
      report(3),
      // A count that fits DMARC's 64 bits but not Postgres' bigint: refused when stored.
      xmlReport({ reportId: 'too-big', domain: 'many.example', begin: D0, end: D0 + DAY, records: [{ count: '18446744073709551615' }] }),
      report(4),
      report(1),
      report(2, { records: [{ count: 99 }] }),
    ].map((bytes, i) => ({ bytes, name: `batch/${i}.xml`, source: 'cli' as const }));
    const results = await ingestMany(inputs);
    const outcomes = results.map((r) => ('outcome' in r ? r.outcome.status : 'error'));
    // The same report twice in one batch: stored once, then a duplicate; a corrected copy replaces it.
    expect(outcomes).toEqual(['ingested', 'ingested', 'failed', 'ingested', 'failed', 'ingested', 'duplicate', 'ingested']);
    const tooBig = results[4] as { outcome: { reports: Array<{ errorCode?: string }> } };
    expect(tooBig.outcome.reports[0].errorCode).toBe('report.count_too_large');
    expect(await rows("SELECT name, status, error IS NOT NULL AS has_error FROM ingest_file WHERE status = 'failed' ORDER BY name")).toEqual([
      { name: 'batch/2.xml', status: 'failed', has_error: true },
      { name: 'batch/4.xml', status: 'failed', has_error: true },
    ]);
    expect(await rows("SELECT report_id, message_count::int AS m, replacements FROM report WHERE report_id LIKE 'many-%' ORDER BY report_id")).toEqual([
      { report_id: 'many-1', m: 2, replacements: 0 },
      { report_id: 'many-2', m: 99, replacements: 1 },
      { report_id: 'many-3', m: 4, replacements: 0 },
      { report_id: 'many-4', m: 5, replacements: 0 },
    ]);
    // Each stored report holds its records once: no savepoint retry or replacement left a copy behind.
    expect(
      await rows(`SELECT r.report_id, r.record_count AS declared, count(x.report_id)::int AS stored, coalesce(sum(x.count), 0)::int AS m
                    FROM report r LEFT JOIN report_record x ON x.report_id = r.id WHERE r.report_id LIKE 'many-%' GROUP BY r.id ORDER BY r.report_id`),
    ).toEqual([
      { report_id: 'many-1', declared: 1, stored: 1, m: 2 },
      { report_id: 'many-2', declared: 1, stored: 1, m: 99 },
      { report_id: 'many-3', declared: 1, stored: 1, m: 4 },
      { report_id: 'many-4', declared: 1, stored: 1, m: 5 },
    ]);
    expect(await one('SELECT sum(reports)::int AS reports, sum(reports_started)::int AS started, sum(messages)::int AS m FROM domain_daily')).toEqual({
      reports: 4, started: 4, m: 110,
    });
    expect(await rollupMismatches()).toEqual([]);
  });

  it('stores a large input of the batch on its own, streamed', async () => {
    process.env.ATLAS_STREAM_THRESHOLD_BYTES = '64KiB';
    const big = syntheticReportXml({ records: 2_000, seed: 3, domain: 'many.example', reportId: 'many-big', begin: D0 + 10 * DAY });
    const results = await ingestMany([report(20), { bytes: big }, report(21)].map((x, i) => ({ bytes: 'bytes' in x ? x.bytes : x, name: `mixed/${i}.xml`, source: 'cli' as const })));
    expect(results.map((r) => ('outcome' in r ? r.outcome.reports[0].records : 'error'))).toEqual([1, 2_000, 1]);
    expect(await rollupMismatches()).toEqual([]);
  });

  it('runs concurrent batches over the same days without deadlocks or miscounts', async () => {
    const before = await storedCounts();
    const lanes = [0, 1, 2].map((lane) =>
      ingestMany(Array.from({ length: 150 }, (_, i) => ({ bytes: report(1000 + lane * 1000 + i), name: `lane${lane}/${i}.xml`, source: 'cli' as const }))),
    );
    const done = (await Promise.all(lanes)).flat();
    expect(done.filter((r) => !('outcome' in r) || r.outcome.status !== 'ingested')).toEqual([]);
    const after = await storedCounts();
    expect(Number(after.reports) - Number(before.reports)).toBe(450);
    expect(Number(after.daily_reports) - Number(before.daily_reports)).toBe(450);
    expect(Number(after.records) - Number(before.records)).toBe(450);
    // Report i of lane l holds 1000 + 1000 l + i + 1 messages: every one counted exactly once.
    const expected = [0, 1, 2].reduce((sum, lane) => sum + Array.from({ length: 150 }, (_, i) => 1000 + lane * 1000 + i + 1).reduce((a, b) => a + b, 0), 0);
    expect(Number(after.messages) - Number(before.messages)).toBe(expected);
    expect(Number(after.daily_messages) - Number(before.daily_messages)).toBe(expected);
    expect(await rollupMismatches()).toEqual([]);
  });
});
