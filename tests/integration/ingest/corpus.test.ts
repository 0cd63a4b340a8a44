import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestFile, type IngestOutcome } from '../../../lib/ingest/pipeline';
import { isWithinDomain } from '../../../lib/platform/net';
import { useTestDatabase } from '../../helpers/db';
import {
  corpusDir, corpusFile, haveCorpus, manifest, normalisedDomain, one, ownDomains, rollupMismatches, rows, storedCounts,
  type ManifestReport,
} from './helpers';

// Every corpus file through the whole pipeline into Postgres: the stored figures of every
// report (and those recomputed from its stored records) must be the manifest's, the
// rollups must add up to the reports, and ingesting everything again must change nothing.

interface StoredFigures {
  record_count: number;
  message_count: string;
  dmarc_pass: string;
  dkim_aligned_pass: string;
  spf_aligned_pass: string;
  source_ip_count: number;
  p: string | null;
  sp: string | null;
  pct: string | null;
  namespace: string | null;
  version: string | null;
  domain_id: number | null;
  records: string;
  messages: string | null;
  rec_dmarc: string | null;
  rec_dkim: string | null;
  rec_spf: string | null;
  rec_ips: string;
}

async function storedFigures(r: ManifestReport): Promise<StoredFigures | undefined> {
  return one<StoredFigures>(
    `SELECT r.record_count, r.message_count, r.dmarc_pass, r.dkim_aligned_pass, r.spf_aligned_pass, r.source_ip_count,
            r.p, r.sp, r.pct, r.namespace, r.version, r.domain_id,
            (SELECT count(*) FROM report_record x WHERE x.report_id = r.id) AS records,
            (SELECT sum(count) FROM report_record x WHERE x.report_id = r.id) AS messages,
            (SELECT sum(count) FILTER (WHERE policy_dkim = 'pass' OR policy_spf = 'pass') FROM report_record x WHERE x.report_id = r.id) AS rec_dmarc,
            (SELECT sum(count) FILTER (WHERE policy_dkim = 'pass') FROM report_record x WHERE x.report_id = r.id) AS rec_dkim,
            (SELECT sum(count) FILTER (WHERE policy_spf = 'pass') FROM report_record x WHERE x.report_id = r.id) AS rec_spf,
            (SELECT count(DISTINCT coalesce(host(source_ip), source_ip_text)) FROM report_record x WHERE x.report_id = r.id) AS rec_ips
     FROM report r
     WHERE r.org_name = $1 AND r.report_id = $2 AND r.policy_domain = $3 AND r.begin_at = to_timestamp($4) AND r.end_at = to_timestamp($5)`,
    [r.org_name, r.report_id, normalisedDomain(r.domain), r.begin, r.end],
  );
}

describe.skipIf(!haveCorpus)('ingesting the corpus of real reports', () => {
  const entries = haveCorpus ? manifest() : [];
  const outcomes = new Map<string, IngestOutcome>();

  beforeAll(async () => {
    await useTestDatabase();
    const domains = [...new Set(entries.flatMap((e) => e.reports.map((r) => normalisedDomain(r.domain))))];
    await ownDomains('Corpus Owners', domains);
    for (const e of entries) outcomes.set(e.file, await ingestFile(corpusFile(e.file), 'cli'));
  });

  it('covers every file in the corpus folder', () => {
    expect(entries.map((e) => e.file).sort()).toEqual(readdirSync(path.join(corpusDir, 'reports')).sort());
  });

  it('stores every readable report, and fails exactly the files the manifest rejects, with a reason', () => {
    for (const e of entries) {
      const o = outcomes.get(e.file) as IngestOutcome;
      const stored = o.reports.filter((r) => r.outcome === 'ingested');
      const failed = o.reports.filter((r) => r.outcome === 'failed');
      expect(stored.length, e.file).toBe(e.reports.length);
      if (e.malformed && !e.recoverable) {
        expect(o.status, e.file).toBe('failed');
        expect(o.error, e.file).toBeTruthy();
        expect(failed[0]?.errorCode, e.file).toMatch(/\w/);
      } else {
        expect(failed, e.file).toEqual([]);
        expect(o.status, e.file).toBe('ingested');
      }
    }
  });

  it('keeps the figures of every report, as stored and as recomputed from its records', async () => {
    for (const e of entries) {
      for (const r of e.reports) {
        const s = await storedFigures(r);
        const label = `${e.file} ${r.report_id}`;
        expect(s, label).toBeDefined();
        const f = s as StoredFigures;
        expect(
          {
            records: f.record_count, messages: Number(f.message_count), dmarc_pass: Number(f.dmarc_pass),
            dkim_aligned_pass: Number(f.dkim_aligned_pass), spf_aligned_pass: Number(f.spf_aligned_pass), source_ips: f.source_ip_count,
            p: f.p, sp: f.sp, pct: f.pct, namespace: f.namespace, version: f.version,
          },
          label,
        ).toEqual({
          records: r.records, messages: r.messages, dmarc_pass: r.dmarc_pass, dkim_aligned_pass: r.dkim_aligned_pass,
          spf_aligned_pass: r.spf_aligned_pass, source_ips: r.source_ips, p: r.p, sp: r.sp, pct: r.pct, namespace: r.namespace, version: r.version,
        });
        expect(
          {
            records: Number(f.records), messages: Number(f.messages ?? 0), dmarc_pass: Number(f.rec_dmarc ?? 0),
            dkim_aligned_pass: Number(f.rec_dkim ?? 0), spf_aligned_pass: Number(f.rec_spf ?? 0), source_ips: Number(f.rec_ips),
          },
          `${label} (from records)`,
        ).toEqual({
          records: r.records, messages: r.messages, dmarc_pass: r.dmarc_pass, dkim_aligned_pass: r.dkim_aligned_pass,
          spf_aligned_pass: r.spf_aligned_pass, source_ips: r.source_ips,
        });
        expect(f.domain_id, label).not.toBeNull();
      }
    }
  });

  it('keeps the raw bytes of every input, failed ones included', async () => {
    const files = await rows<{ name: string; status: string; error: string | null; size: string }>(
      'SELECT f.name, f.status, f.error, b.size FROM ingest_file f JOIN raw_blob b ON b.id = f.blob_id',
    );
    expect(files).toHaveLength(entries.length);
    for (const f of files.filter((x) => x.status === 'failed')) expect(f.error).toBeTruthy();
  });

  it('flags exactly the rows whose header_from is outside the policy domain', async () => {
    const stored = await rows<{ header_from: string; policy_domain: string; foreign: boolean }>(
      'SELECT x.header_from, r.policy_domain, x.header_from_foreign AS foreign FROM report_record x JOIN report r ON r.id = x.report_id',
    );
    expect(stored.filter((x) => x.foreign !== !isWithinDomain(x.header_from, x.policy_domain))).toEqual([]);
    // The anonymised corpus has a few (example.net rows in a goldbar.net report, empty ones).
    expect(stored.filter((x) => x.foreign).length).toBeGreaterThan(0);
  });

  it('rolls up exactly the messages of the reports, less the rows outside their domain', async () => {
    expect(await rollupMismatches()).toEqual([]);
    const totals = await one<{ reports: string; messages: string; rollup: string; foreign: string }>(
      `SELECT (SELECT count(*) FROM report) AS reports, (SELECT sum(message_count) FROM report) AS messages, (SELECT sum(messages) FROM daily_rollup) AS rollup,
              (SELECT coalesce(sum(count), 0) FROM report_record WHERE header_from_foreign) AS foreign`,
    );
    const expected = entries.flatMap((e) => e.reports);
    expect(Number(totals.reports)).toBe(expected.length);
    expect(Number(totals.messages)).toBe(expected.reduce((a, r) => a + r.messages, 0));
    expect(Number(totals.rollup)).toBe(expected.reduce((a, r) => a + r.messages, 0) - Number(totals.foreign));
  });

  it('changes nothing when everything is ingested again', async () => {
    const before = await storedCounts();
    for (const e of entries) {
      const o = await ingestFile(corpusFile(e.file), 'cli');
      for (const r of o.reports) expect(r.outcome, e.file).toBe(e.malformed && !e.recoverable ? 'failed' : 'duplicate');
      expect(o.ingestFileId, e.file).toBe(outcomes.get(e.file)?.ingestFileId);
    }
    expect(await storedCounts()).toEqual(before);
    const statuses = await rows<{ status: string; n: string }>('SELECT status, count(*) AS n FROM ingest_file GROUP BY status ORDER BY status');
    expect(statuses.find((s) => s.status === 'duplicate')).toBeUndefined();
  });
});
