import { beforeAll, describe, expect, it } from 'vitest';
import { ingestBuffer } from '../../../lib/ingest/pipeline';
import { useTestDatabase } from '../../helpers/db';
import { D0, DAY, one, ownDomains, rollupMismatches, rows, storedCounts, xmlReport } from './helpers';

// Dedupe on (org_name, report_id, policy_domain, begin, end): same content is a duplicate,
// a copy with other content replaces the stored report in place when it ranks first
// (choose-kept-report.ts), and concurrent ingests store it once.

describe('dedupe and replacement', () => {
  beforeAll(async () => {
    await useTestDatabase();
    await ownDomains('Dedupe Inc', ['dedupe.example']);
  });

  const base = { reportId: 'dup-1', domain: 'dedupe.example', begin: D0, end: D0 + DAY - 1 };

  it('stores a report once and calls the same report a duplicate', async () => {
    const xml = xmlReport({ ...base, records: [{ count: 5 }, { count: 7, dkim: 'fail', spf: 'fail', disposition: 'quarantine' }] });
    const first = await ingestBuffer({ bytes: xml, name: 'first.xml', source: 'cli' });
    expect(first.status).toBe('ingested');
    expect(first.reports[0]).toMatchObject({ outcome: 'ingested', reportId: 'dup-1', domain: 'dedupe.example', records: 2 });
    const before = await storedCounts();
    const again = await ingestBuffer({ bytes: xml, name: 'copy-of-first.xml', source: 'upload' });
    expect(again.status).toBe('duplicate');
    expect(again.reports[0].outcome).toBe('duplicate');
    expect(again.reports[0].reportRowId).toBe(first.reports[0].reportRowId);
    // A new input row (another name), the same blob; no report data changed.
    const after = await storedCounts();
    expect({ ...after, ingest_files: before.ingest_files }).toEqual(before);
  });

  it('treats the same content in other bytes (whitespace, formatting) as a duplicate', async () => {
    const xml = xmlReport({ ...base, padding: '\n    ', records: [{ count: 5 }, { count: 7, dkim: 'fail', spf: 'fail', disposition: 'quarantine' }] });
    const o = await ingestBuffer({ bytes: xml, name: 'reformatted.xml', source: 'cli' });
    expect(o.reports[0].outcome).toBe('duplicate');
  });

  it('replaces a re-sent report with new content in place, rollups included', async () => {
    const before = await one<{ id: string }>("SELECT id FROM report WHERE report_id = 'dup-1'");
    // A completed re-send: more records than the stored copy, so it ranks first (choose-kept-report.ts).
    const ips = ['198.51.100.9', '198.51.100.10', '198.51.100.11'];
    const xml = xmlReport({ ...base, records: ips.map((ip) => ({ count: 9, ip })) });
    const o = await ingestBuffer({ bytes: xml, name: 'corrected.xml', source: 'cli' });
    expect(o.status).toBe('ingested');
    expect(o.reports[0]).toMatchObject({ outcome: 'replaced', records: 3, reportRowId: before.id });
    const r = await one<{ id: string; replacements: number; record_count: number; message_count: string; dkim_aligned_pass: string }>(
      "SELECT id, replacements, record_count, message_count, dkim_aligned_pass FROM report WHERE report_id = 'dup-1'",
    );
    expect(r).toEqual({ id: before.id, replacements: 1, record_count: 3, message_count: '27', dkim_aligned_pass: '27' });
    expect(await rows("SELECT host(source_ip) AS ip, count FROM report_record WHERE report_id = $1 ORDER BY source_ip", [r.id])).toEqual(
      ips.map((ip) => ({ ip, count: '9' })),
    );
    // The old sources are gone from the rollups, not left behind with zero messages.
    expect(await rows('SELECT host(source_ip) AS ip, messages FROM daily_rollup ORDER BY source_ip')).toEqual(ips.map((ip) => ({ ip, messages: '9' })));
    expect(await rows('SELECT messages, dmarc_pass, quarantined, reports FROM domain_daily')).toEqual([
      { messages: '27', dmarc_pass: '27', quarantined: '0', reports: 1 },
    ]);
    expect(await rollupMismatches()).toEqual([]);
  });

  it('keeps the stored copy when a re-sent one ranks below it (fewer records), whatever the order', async () => {
    const xml = xmlReport({ ...base, records: [{ count: 50, ip: '198.51.100.9' }] });
    const o = await ingestBuffer({ bytes: xml, name: 'fewer.xml', source: 'cli' });
    expect(o.reports[0].outcome).toBe('duplicate');
    expect(await one("SELECT record_count, message_count FROM report WHERE report_id = 'dup-1'")).toEqual({ record_count: 3, message_count: '27' });
  });

  it('keeps reports apart that share an id but not the range, reporter or domain', async () => {
    const other = [
      xmlReport({ ...base, begin: D0 + DAY, end: D0 + 2 * DAY - 1, records: [{ count: 1 }] }),
      xmlReport({ ...base, org: 'other-reporter.example', records: [{ count: 1 }] }),
      xmlReport({ ...base, domain: 'unowned.example', records: [{ count: 1 }] }),
    ];
    const outcomes = [];
    for (const [i, xml] of other.entries()) outcomes.push((await ingestBuffer({ bytes: xml, name: `same-id-${i}.xml`, source: 'cli' })).reports[0].outcome);
    expect(outcomes).toEqual(['ingested', 'ingested', 'set_aside']);
    expect(Number((await one<{ n: string }>("SELECT count(*) AS n FROM report WHERE report_id = 'dup-1'")).n)).toBe(4);
  });

  it('stores a report once when several ingests of it run at the same time', async () => {
    const xml = xmlReport({ reportId: 'race-1', domain: 'dedupe.example', begin: D0 + 5 * DAY, end: D0 + 6 * DAY - 1, records: [{ count: 3 }, { count: 4 }] });
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => ingestBuffer({ bytes: xml, name: i % 2 ? 'race.xml' : `race-${i}.xml`, source: 'api' })),
    );
    const outcomes = results.map((r) => r.reports[0].outcome).sort();
    expect(outcomes).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'ingested']);
    expect(await rows("SELECT record_count FROM report WHERE report_id = 'race-1'")).toEqual([{ record_count: 2 }]);
    expect(await one("SELECT count(*)::int AS n FROM raw_blob WHERE size = $1", [xml.length])).toEqual({ n: 1 });
    expect(await rollupMismatches()).toEqual([]);
  });

  it('stores concurrent different versions of a report as one report holding one of them', async () => {
    const key = { reportId: 'race-2', domain: 'dedupe.example', begin: D0 + 7 * DAY, end: D0 + 8 * DAY - 1 };
    const versions = [1, 2, 3, 4].map((n) => xmlReport({ ...key, records: [{ count: n }, { count: n * 10, ip: '203.0.113.7' }] }));
    await Promise.all(versions.map((xml, i) => ingestBuffer({ bytes: xml, name: `v${i}.xml`, source: 'api' })));
    const stored = await rows<{ message_count: string; replacements: number }>("SELECT message_count, replacements FROM report WHERE report_id = 'race-2'");
    expect(stored).toHaveLength(1);
    // Whichever commits first, the rule keeps the same one: the most messages.
    expect(stored[0].message_count).toBe('44');
    expect(await rollupMismatches()).toEqual([]);
  });
});
