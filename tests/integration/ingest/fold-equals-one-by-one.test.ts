import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticReportXml } from '../../../lib/demo/synthetic';
import { ingestBuffer } from '../../../lib/ingest/pipeline';
import { ingestMany } from '../../../lib/ingest/ingest-many';
import { closePool } from '../../../lib/platform/db/pool';
import { useTestDatabase } from '../../helpers/db';
import { reportMail } from '../../helpers/report-mail';
import { makeZip } from '../../unit/fixtures/zip-writer';
import { D0, DAY, ownDomains, rollupMismatches, rows, xmlReport } from './helpers';

// ingestMany stores a batch's plain inputs in a few statements for the whole batch
// (lib/ingest/fold-inputs.ts). What it stores must be exactly what ingesting the same inputs
// one by one stores: every row of every table, compared by what identifies it (surrogate ids
// are allocated in another order and are left out; the rows they link are compared instead).

const SNAPSHOT: Record<string, string> = {
  report: `SELECT org_name, report_id, policy_domain, begin_at, end_at, (SELECT name FROM domain d WHERE d.id = domain_id) AS domain,
      reporter_email, extra_contact_info, adkim, aspf, p, sp, np, pct, fo, testing, discovery_method, namespace, version, generator,
      errors, warnings, extensions, record_count, message_count, dmarc_pass, dkim_aligned_pass, spf_aligned_pass, source_ip_count,
      content_hash, replacements, replaced_at IS NOT NULL AS replaced, verified_by, auth_note,
      (SELECT sha256 FROM raw_blob b WHERE b.id = xml_blob_id) AS xml_sha256, (SELECT name FROM ingest_file f WHERE f.id = ingest_file_id) AS file
    FROM report ORDER BY org_name, report_id, policy_domain, begin_at`,
  report_record: `SELECT r.org_name, r.report_id, r.policy_domain, x.ord, x.report_day, x.domain_id IS NOT NULL AS routed, x.source_ip, x.source_ip_text, x.count,
      x.disposition, x.policy_dkim, x.policy_spf, x.reasons, x.header_from, x.envelope_from, x.envelope_to, x.dkim, x.spf, x.header_from_foreign
    FROM report_record x JOIN report r ON r.id = x.report_id ORDER BY 1, 2, 3, 4`,
  rollup_contrib: `SELECT r.org_name AS reporter, r.report_id, c.day, c.source_ip, c.org_name, c.header_from, c.disposition, c.dkim_aligned, c.spf_aligned,
      c.dkim_domain, c.dkim_result, c.spf_domain, c.spf_result, c.override_reason, c.messages
    FROM rollup_contrib c JOIN report r ON r.id = c.report_id ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15`,
  daily_rollup: `SELECT day, source_ip, org_name, header_from, disposition, dkim_aligned, spf_aligned, dkim_domain, dkim_result, spf_domain,
      spf_result, override_reason, messages FROM daily_rollup ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13`,
  domain_daily: `SELECT day, messages, dmarc_pass, dkim_aligned_pass, spf_aligned_pass, quarantined, rejected, reports, reports_started
    FROM domain_daily ORDER BY day`,
  ingest_file: `SELECT f.name, f.source, f.status, f.error, f.error_code, f.reports, f.duplicates, f.replaced, f.set_aside, f.failed_parts, f.failures,
      f.attempts, b.sha256 FROM ingest_file f JOIN raw_blob b ON b.id = f.blob_id ORDER BY f.name, f.id`,
  raw_blob: 'SELECT sha256, size, compressed_size, md5(bytes) AS bytes, dropped_at FROM raw_blob ORDER BY sha256',
  audit_log: `SELECT action, target_type, details - 'ingest_file_id' AS details FROM audit_log ORDER BY details->>'report_id'`,
};

async function snapshot(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, sql] of Object.entries(SNAPSHOT)) out[table] = await rows(sql);
  return out;
}

const report = (id: string, day: number, counts: number[], extra: Partial<Parameters<typeof xmlReport>[0]> = {}) =>
  xmlReport({ reportId: id, domain: 'fold.example', begin: D0 + day * DAY, end: D0 + (day + 1) * DAY - 1, records: counts.map((count) => ({ count })), ...extra });

/** Inputs meeting every rule the folded path must keep (and some it leaves to processInput). */
async function inputs(): Promise<Array<{ bytes: Buffer; name: string; source: 'cli' | 'imap' }>> {
  const plain = Array.from({ length: 12 }, (_, i) => ({ bytes: report(`fold-${i}`, i % 4, [i + 1, 2 * i + 1, 3]), name: `plain/${i}.xml`, source: 'cli' as const }));
  return [
    ...plain,
    // The same input again under another name, and again under its own name: a duplicate, and a second attempt.
    { bytes: plain[0].bytes, name: 'again/0.xml', source: 'cli' },
    { bytes: plain[1].bytes, name: plain[1].name, source: 'cli' },
    // Same report, other bytes, same content: a duplicate by content hash; then a corrected copy replaces it.
    { bytes: report('fold-2', 2, [3, 5, 3], { padding: ' ' }), name: 'copy/2.xml', source: 'cli' },
    { bytes: report('fold-3', 3, [40, 7, 3]), name: 'corrected/3.xml', source: 'cli' },
    // Spread over three days (apportioned), set aside (nobody owns the domain), header_from outside the domain.
    { bytes: xmlReport({ reportId: 'fold-spread', domain: 'fold.example', begin: D0 + 5 * DAY + 3_600, end: D0 + 7 * DAY + 7_200, records: [{ count: 1000 }, { count: 7 }] }), name: 'spread.xml', source: 'cli' },
    ...[7, 13, 101].map((n, i) => ({
      bytes: xmlReport({ reportId: `fold-spread-${i}`, domain: 'fold.example', begin: D0 + i * DAY + 7_000 * (i + 1), end: D0 + (i + 2) * DAY + 999 * i, records: [{ count: n }, { count: n * 3, disposition: 'reject' }, { count: 1 }] }),
      name: `spread-${i}.xml`, source: 'cli' as const,
    })),
    // Two equal halves of two days: an odd count's leftover message goes to the earlier day.
    { bytes: xmlReport({ reportId: 'fold-halves', domain: 'fold.example', begin: D0 + 3 * DAY + DAY / 2, end: D0 + 4 * DAY + DAY / 2, records: [{ count: 5 }, { count: 7 }] }), name: 'halves.xml', source: 'cli' },
    { bytes: xmlReport({ reportId: 'fold-backwards', domain: 'fold.example', begin: D0 + DAY, end: D0, records: [{ count: 2 }] }), name: 'backwards.xml', source: 'cli' },
    { bytes: xmlReport({ reportId: 'fold-season', domain: 'fold.example', begin: D0, end: D0 + 90 * DAY, records: [{ count: 8 }] }), name: 'season.xml', source: 'cli' },
    { bytes: report('fold-aside', 1, [9], { domain: 'nobody.example' }), name: 'aside.xml', source: 'cli' },
    { bytes: xmlReport({ reportId: 'fold-foreign', domain: 'fold.example', begin: D0, end: D0 + DAY - 1, records: [{ count: 5, headerFrom: 'other.example' }, { count: 6 }] }), name: 'foreign.xml', source: 'cli' },
    // Containers: gzip, zip with two reports (processInput's own path), mails (authenticity recorded).
    { bytes: gzipSync(report('fold-gz', 2, [11, 12])), name: 'gz.xml.gz', source: 'cli' },
    { bytes: makeZip([{ name: 'a.xml', data: report('fold-zip-a', 1, [1]) }, { name: 'b.xml', data: report('fold-zip-b', 1, [2]) }]), name: 'two.zip', source: 'cli' },
    { bytes: await reportMail('m.xml', report('fold-mail', 3, [21, 22])), name: 'imap/1', source: 'imap' },
    { bytes: await reportMail('m.xml.gz', gzipSync(report('fold-mail-gz', 0, [23]))), name: 'imap/2', source: 'imap' },
    // Broken and refused reports fail alone, bytes and reason kept.
    { bytes: Buffer.from('<feedback><report_metadata>not a report'), name: 'broken.xml', source: 'cli' },
    { bytes: report('fold-too-big', 0, [0], { records: [{ count: '18446744073709551615' }] }), name: 'too-big.xml', source: 'cli' },
    { bytes: syntheticReportXml({ records: 40, seed: 7, domain: 'fold.example', reportId: 'fold-synthetic', begin: D0 + 2 * DAY }), name: 'synthetic.xml', source: 'cli' },
  ];
}

describe('ingestMany stores a batch exactly as ingesting its inputs one by one does', () => {
  const dbs: string[] = [];
  beforeAll(async () => {
    dbs.push(await useTestDatabase(), await useTestDatabase(), await useTestDatabase(), await useTestDatabase());
  });

  async function switchTo(url: string): Promise<void> {
    await closePool();
    process.env.DATABASE_URL = url;
    await ownDomains('Fold Org', ['fold.example']);
  }

  /** The same inputs one by one into one database and as one batch into another: outcomes and snapshots. */
  async function bothWays(all: Array<{ bytes: Buffer; name: string; source: 'cli' | 'imap' }>, first: number) {
    await switchTo(dbs[first]);
    const one: string[] = [];
    for (const input of all) one.push((await ingestBuffer(input)).status);
    const expected = await snapshot();

    await switchTo(dbs[first + 1]);
    const results = await ingestMany(all);
    const batched = results.map((r) => ('outcome' in r ? r.outcome.status : 'error'));
    const actual = await snapshot();
    return { one, expected, results, batched, actual };
  }

  it('row for row, in every table', async () => {
    const { one, expected, batched, actual } = await bothWays(await inputs(), 0);

    expect(batched).toEqual(one);
    expect(one).toContain('duplicate');
    expect(one).toContain('failed');
    expect(expected.report.length).toBeGreaterThan(15);
    expect((expected.audit_log as unknown[]).length).toBe(1);
    for (const table of Object.keys(SNAPSHOT)) expect({ table, rows: actual[table] }).toEqual({ table, rows: expected[table] });
    expect(await rollupMismatches()).toEqual([]);
  });

  it('when Postgres refuses a value of one report in a statement of the whole batch, fails that one alone and stores the rest the same', async () => {
    // A begin far past year 294276: a safe integer to the parser, out of range to Postgres, so
    // the batch's look-up statement fails without naming a report (the batch runs again, one by one).
    const all = [
      { bytes: report('fold-before', 1, [4, 5]), name: 'before.xml', source: 'cli' as const },
      { bytes: xmlReport({ reportId: 'fold-far', domain: 'fold.example', begin: 99_999_999_999_999, end: 99_999_999_999_999 + DAY, records: [{ count: 3 }] }), name: 'far.xml', source: 'cli' as const },
      { bytes: report('fold-after', 2, [6]), name: 'after.xml', source: 'cli' as const },
    ];
    const { one, expected, results, batched, actual } = await bothWays(all, 2);
    expect(batched).toEqual(['ingested', 'failed', 'ingested']);
    expect(batched).toEqual(one);
    const far = results[1] as { outcome: { reports: Array<{ errorCode?: string }> } };
    expect(far.outcome.reports[0].errorCode).toBe('store.rejected');
    for (const table of Object.keys(SNAPSHOT)) expect({ table, rows: actual[table] }).toEqual({ table, rows: expected[table] });
    expect(await rollupMismatches()).toEqual([]);
  });
});
