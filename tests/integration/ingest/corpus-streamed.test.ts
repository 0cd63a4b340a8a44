import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile, type IngestOutcome } from '../../../lib/ingest/pipeline';
import { useTestDatabase } from '../../helpers/db';
import { corpusFile, haveCorpus, manifest, normalisedDomain, one, ownDomains, rollupMismatches } from './helpers';

// The corpus again, every report taken by the large-report path (streamed, COPYed, rolled up
// in batches) however small: the real reports' odd values must store there exactly as they do
// through the one-statement insert (corpus.test.ts), which small reports take.

describe.skipIf(!haveCorpus)('the corpus of real reports through the large-report path', () => {
  const entries = haveCorpus ? manifest() : [];
  const outcomes = new Map<string, IngestOutcome>();

  beforeAll(async () => {
    await useTestDatabase();
    await ownDomains('Corpus Owners', [...new Set(entries.flatMap((e) => e.reports.map((r) => normalisedDomain(r.domain))))]);
    process.env.ATLAS_STREAM_THRESHOLD_BYTES = '1';
    for (const e of entries) outcomes.set(e.file, await ingestFile(corpusFile(e.file), 'cli'));
  });
  afterAll(() => {
    delete process.env.ATLAS_STREAM_THRESHOLD_BYTES;
  });

  it('stores every readable report, and fails exactly the files the manifest rejects', () => {
    for (const e of entries) {
      const o = outcomes.get(e.file) as IngestOutcome;
      expect(o.reports.filter((r) => r.outcome === 'ingested').length, e.file).toBe(e.reports.length);
      expect(o.status, e.file).toBe(e.malformed && !e.recoverable ? 'failed' : 'ingested');
    }
  });

  it('keeps every report\'s records and figures as the manifest states them, and rolls them up exactly', async () => {
    for (const e of entries) {
      for (const r of e.reports) {
        const f = await one<{ records: string; messages: string | null; dmarc: string | null }>(
          `SELECT count(x.*) AS records, sum(x.count) AS messages, sum(x.count) FILTER (WHERE x.policy_dkim = 'pass' OR x.policy_spf = 'pass') AS dmarc
           FROM report r LEFT JOIN report_record x ON x.report_id = r.id
           WHERE r.org_name = $1 AND r.report_id = $2 AND r.policy_domain = $3 AND r.begin_at = to_timestamp($4) AND r.end_at = to_timestamp($5)`,
          [r.org_name, r.report_id, normalisedDomain(r.domain), r.begin, r.end],
        );
        expect({ records: Number(f.records), messages: Number(f.messages ?? 0), dmarc_pass: Number(f.dmarc ?? 0) }, `${e.file} ${r.report_id}`).toEqual({
          records: r.records, messages: r.messages, dmarc_pass: r.dmarc_pass,
        });
      }
    }
    expect(await rollupMismatches()).toEqual([]);
  });
});
