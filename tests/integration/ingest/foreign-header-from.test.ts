import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ingestBuffer } from '../../../lib/ingest/pipeline';
import { getReport } from '../../../lib/queries/reports/get-report';
import { useTestDatabase } from '../../helpers/db';
import { D0, DAY, one, ownDomains, rollupMismatches, rows, xmlReport, type Rec } from './helpers';

// Anyone can mail a report to the rua address, listing any From domain. Rows whose
// header_from is neither the policy domain nor one of its subdomains are kept and flagged,
// and left out of that domain's figures (rollups, domain_daily); the report's own figures
// stay what the reporter said.

const RECORDS: Rec[] = [
  { ip: '192.0.2.1', count: 10, headerFrom: 'own.example' },
  { ip: '192.0.2.2', count: 20, headerFrom: 'news.own.example' },
  { ip: '192.0.2.3', count: 400, headerFrom: 'victim.test' },
  { ip: '192.0.2.4', count: 5000, headerFrom: 'notown.example' },
  { ip: '192.0.2.5', count: 60000, headerFrom: '' },
];

describe('rows whose header_from is outside the policy domain', () => {
  let domainId = 0;
  beforeAll(async () => {
    await useTestDatabase();
    domainId = (await ownDomains('Own Org', ['own.example'])).get('own.example')!;
  });
  afterEach(() => {
    delete process.env.ATLAS_STREAM_THRESHOLD_BYTES;
  });

  for (const [path, threshold] of [['one-statement insert', undefined], ['COPY stream', '1']] as const) {
    it(`are flagged and kept out of the domain's figures (${path})`, async () => {
      if (threshold) process.env.ATLAS_STREAM_THRESHOLD_BYTES = threshold;
      const reportId = `mixed-${path}`;
      const begin = D0 + (threshold ? 2 : 0) * DAY;
      const o = await ingestBuffer({ bytes: xmlReport({ reportId, domain: 'own.example', begin, end: begin + DAY, records: RECORDS }), name: `${reportId}.xml`, source: 'cli' });
      expect(o.reports[0].outcome).toBe('ingested');
      expect(
        await rows('SELECT x.header_from, x.header_from_foreign AS foreign FROM report_record x JOIN report r ON r.id = x.report_id WHERE r.report_id = $1 ORDER BY x.ord', [reportId]),
      ).toEqual([
        { header_from: 'own.example', foreign: false },
        { header_from: 'news.own.example', foreign: false },
        { header_from: 'victim.test', foreign: true },
        { header_from: 'notown.example', foreign: true },
        { header_from: '', foreign: true },
      ]);
      const day = new Date(begin * 1000).toISOString().slice(0, 10);
      expect(await one('SELECT message_count::int AS m FROM report WHERE report_id = $1', [reportId])).toEqual({ m: 65430 });
      expect(await one('SELECT messages::int AS m, reports FROM domain_daily WHERE domain_id = $1 AND day = $2', [domainId, day])).toEqual({ m: 30, reports: 1 });
      expect(await rows('SELECT header_from, messages::int FROM daily_rollup WHERE domain_id = $1 AND day = $2 ORDER BY 1', [domainId, day])).toEqual([
        { header_from: 'news.own.example', messages: 20 },
        { header_from: 'own.example', messages: 10 },
      ]);
      expect(await rollupMismatches()).toEqual([]);

      const report = await getReport({ organizationIds: [], domainIds: [domainId] }, BigInt(o.reports[0].reportRowId!));
      expect(report?.records.filter((r) => r.headerFromForeign).map((r) => r.headerFrom)).toEqual(['', 'notown.example', 'victim.test']);
    });
  }
});
