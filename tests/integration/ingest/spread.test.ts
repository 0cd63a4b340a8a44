import { beforeAll, describe, expect, it } from 'vitest';
import { apportion, daySpans } from '../../../lib/ingest/store/day-spans';
import { ingestBuffer } from '../../../lib/ingest/pipeline';
import { useTestDatabase } from '../../helpers/db';
import { D0, DAY, ownDomains, rollupMismatches, rows, xmlReport } from './helpers';

// A report covering several days is spread over them in proportion to the seconds of
// [begin, end) in each UTC day, with largest-remainder rounding: totals stay exact.

describe('day spans and apportionment', () => {
  it('puts the usual one-day ranges on one day', () => {
    expect(daySpans(D0, D0 + DAY - 1).days).toEqual(['2025-03-01']); // Google: 00:00–23:59:59
    expect(daySpans(D0, D0 + DAY).days).toEqual(['2025-03-01']); // Amazon: 00:00–next 00:00
    expect(daySpans(D0 + 3600, D0 + 3600).days).toEqual(['2025-03-01']); // end = begin
    expect(daySpans(D0 + 3600, D0 - 10 * DAY).days).toEqual(['2025-03-01']); // end before begin
  });

  it('weighs each day by its seconds', () => {
    expect(daySpans(D0 + DAY / 2, D0 + 3 * DAY)).toEqual({
      days: ['2025-03-01', '2025-03-02', '2025-03-03'],
      seconds: [DAY / 2, DAY, DAY],
      total: 2.5 * DAY,
    });
  });

  it('keeps a nonsense range of months on one day', () => {
    expect(daySpans(0, D0).days).toEqual(['2025-02-28']);
  });

  it('apportions exactly, remainders to the largest fractions (earlier day on ties)', () => {
    expect(apportion(10n, [1, 1, 1])).toEqual([4n, 3n, 3n]);
    expect(apportion(7n, [1, 2, 2])).toEqual([1n, 3n, 3n]);
    expect(apportion(1n, [1, 2])).toEqual([0n, 1n]);
    expect(apportion(0n, [5, 5])).toEqual([0n, 0n]);
    for (let total = 0n; total < 200n; total += 7n) {
      const parts = apportion(total, [43_200, 86_400, 86_400, 3_601]);
      expect(parts.reduce((a, b) => a + b, 0n)).toBe(total);
    }
  });
});

describe('multi-day reports in the rollups', () => {
  let domainId = 0;
  beforeAll(async () => {
    await useTestDatabase();
    domainId = (await ownDomains('Spread Co', ['spread.example'])).get('spread.example') as number;
  });

  const records = [
    { ip: '192.0.2.1', count: 7 },
    { ip: '192.0.2.2', count: 10, dkim: 'fail', spf: 'fail', disposition: 'reject' },
    { ip: '192.0.2.3', count: 1 },
    { ip: '192.0.2.1', count: 1000003, headerFrom: 'news.spread.example' },
  ];
  const begin = D0 + DAY / 2;
  const end = D0 + 3 * DAY;

  it('spreads each source over the days in proportion, with exact totals', async () => {
    const o = await ingestBuffer({ bytes: xmlReport({ reportId: 'multi', domain: 'spread.example', begin, end, records }), name: 'multi.xml', source: 'cli' });
    expect(o.reports[0].outcome).toBe('ingested');
    const spans = daySpans(begin, end);
    const got = await rows<{ ip: string; header_from: string; day: string; messages: string }>(
      'SELECT host(source_ip) AS ip, header_from, day::text, messages FROM daily_rollup WHERE domain_id = $1 ORDER BY ip, header_from, day',
      [domainId],
    );
    const expected = records
      .flatMap((r) => apportion(BigInt(r.count), spans.seconds).map((m, i) => ({ ip: r.ip, header_from: r.headerFrom ?? 'spread.example', day: spans.days[i], messages: String(m) })))
      .filter((r) => r.messages !== '0')
      .sort((a, b) => `${a.ip} ${a.header_from} ${a.day}`.localeCompare(`${b.ip} ${b.header_from} ${b.day}`));
    expect(got).toEqual(expected);
    // 1,000,003 over 0.5 + 1 + 1 days: 200,000.6 → 200,001 / 400,001 / 400,001 (exact sum).
    expect(got.filter((r) => r.header_from === 'news.spread.example').map((r) => r.messages)).toEqual(['200001', '400001', '400001']);
    const daily = await rows<{ day: string; messages: string; rejected: string; reports: number }>(
      'SELECT day::text, messages, rejected, reports FROM domain_daily WHERE domain_id = $1 ORDER BY day',
      [domainId],
    );
    expect(daily.map((d) => d.reports)).toEqual([1, 1, 1]);
    expect(daily.reduce((a, d) => a + Number(d.messages), 0)).toBe(1000021);
    expect(daily.reduce((a, d) => a + Number(d.rejected), 0)).toBe(10);
    expect(await rollupMismatches()).toEqual([]);
  });

  it('takes back exactly that contribution when the report is replaced', async () => {
    // Five records (one more than stored), so the corrected copy ranks first; one source, 5 messages.
    const corrected = Array.from({ length: 5 }, () => ({ ip: '198.51.100.1', count: 1 }));
    const o = await ingestBuffer({
      bytes: xmlReport({ reportId: 'multi', domain: 'spread.example', begin, end, records: corrected }),
      name: 'multi-corrected.xml',
      source: 'cli',
    });
    expect(o.reports[0].outcome).toBe('replaced');
    expect(await rows('SELECT host(source_ip) AS ip, day::text, messages FROM daily_rollup WHERE domain_id = $1 ORDER BY day', [domainId])).toEqual([
      { ip: '198.51.100.1', day: '2025-03-01', messages: '1' },
      { ip: '198.51.100.1', day: '2025-03-02', messages: '2' },
      { ip: '198.51.100.1', day: '2025-03-03', messages: '2' },
    ]);
    expect(await rows('SELECT day::text, messages, reports FROM domain_daily WHERE domain_id = $1 ORDER BY day', [domainId])).toEqual([
      { day: '2025-03-01', messages: '1', reports: 1 },
      { day: '2025-03-02', messages: '2', reports: 1 },
      { day: '2025-03-03', messages: '2', reports: 1 },
    ]);
  });

  it('puts a report whose range is empty or reversed on its begin day', async () => {
    await ingestBuffer({ bytes: xmlReport({ reportId: 'instant', domain: 'spread.example', begin: D0 + 20 * DAY + 5, end: D0 + 20 * DAY + 5, records: [{ count: 3 }] }), name: 'i.xml', source: 'cli' });
    await ingestBuffer({ bytes: xmlReport({ reportId: 'reversed', domain: 'spread.example', begin: D0 + 30 * DAY + 5, end: D0 + 29 * DAY, records: [{ count: 4 }] }), name: 'r.xml', source: 'cli' });
    expect(await rows("SELECT day::text, messages FROM domain_daily WHERE domain_id = $1 AND day > '2025-03-10' ORDER BY day", [domainId])).toEqual([
      { day: '2025-03-21', messages: '3' },
      { day: '2025-03-31', messages: '4' },
    ]);
  });
});
