import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { getPool } from '../../../lib/platform/db/pool';
import { streamReport } from '../../../lib/ingest/parse/parse-report';
import type { ReportFigures } from '../../../lib/ingest/parse/summary';
import { storeReport, type StoredReport } from '../../../lib/ingest/store/store-report';
import { withTransaction } from '../../../lib/ingest/store/transaction';

export const corpusDir = path.resolve(import.meta.dirname, '../../..', '../shared/corpus');
export const haveCorpus = existsSync(path.join(corpusDir, 'manifest.json'));

/** A report's figures as corpus/manifest.json states them: plain numbers, and always an org_name. */
export type ManifestReport = { [K in Exclude<keyof ReportFigures, 'org_name'>]: Exclude<ReportFigures[K], bigint> } & { org_name: string };

export interface ManifestEntry {
  file: string;
  reports: ManifestReport[];
  malformed: string | null;
  recoverable: boolean | null;
}

export function manifest(): ManifestEntry[] {
  return JSON.parse(readFileSync(path.join(corpusDir, 'manifest.json'), 'utf8')) as ManifestEntry[];
}

export function corpusFile(name: string): string {
  return path.join(corpusDir, 'reports', name);
}

export function normalisedDomain(d: string): string {
  return d.trim().toLowerCase().replace(/\.+$/, '');
}

/** Rows of a query on the test database, bigint/numeric columns as strings. */
export async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await getPool().query(sql, params)).rows as T[];
}

export async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  const r = await rows<T>(sql, params);
  return r[0];
}

/** An organisation owning these domains (inserted directly: test names need not be real). */
export async function ownDomains(org: string, domains: string[]): Promise<Map<string, number>> {
  const o = await one<{ id: number }>(
    `INSERT INTO organization (name, slug) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id`,
    [org, org.toLowerCase().replace(/[^a-z0-9]+/g, '-')],
  );
  const ids = new Map<string, number>();
  for (const d of domains) {
    const r = await one<{ id: number }>(
      `INSERT INTO domain (organization_id, name) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id`,
      [o.id, d],
    );
    ids.set(d, r.id);
  }
  return ids;
}

/** Everything that ingesting must not change when it only meets duplicates. */
export async function storedCounts(): Promise<Record<string, string>> {
  return one<Record<string, string>>(`
    SELECT (SELECT count(*) FROM report) AS reports, (SELECT count(*) FROM report_record) AS records,
           (SELECT coalesce(sum(count), 0) FROM report_record) AS messages,
           (SELECT count(*) FROM raw_blob) AS blobs, (SELECT count(*) FROM ingest_file) AS ingest_files,
           (SELECT count(*) FROM ingest_file WHERE status = 'failed') AS failed,
           (SELECT count(*) FROM daily_rollup) AS rollup_rows, (SELECT coalesce(sum(messages), 0) FROM daily_rollup) AS rollup_messages,
           (SELECT coalesce(sum(messages), 0) FROM domain_daily) AS daily_messages,
           (SELECT coalesce(sum(reports), 0) FROM domain_daily) AS daily_reports,
           (SELECT coalesce(sum(replacements), 0) FROM report) AS replacements`);
}

/**
 * Per domain: report totals against rollup totals (daily_rollup messages; domain_daily
 * messages, passes, dispositions), which must be equal whatever the apportionment. Rows
 * whose header_from is not within the policy domain are no part of the domain's figures.
 */
export async function rollupMismatches(): Promise<unknown[]> {
  return rows(`
    WITH r AS (
      SELECT r.domain_id, sum(rr.count) AS messages,
             sum(rr.count) FILTER (WHERE rr.policy_dkim = 'pass' OR rr.policy_spf = 'pass') AS dmarc_pass,
             sum(rr.count) FILTER (WHERE rr.policy_dkim = 'pass') AS dkim_pass,
             sum(rr.count) FILTER (WHERE rr.policy_spf = 'pass') AS spf_pass,
             sum(rr.count) FILTER (WHERE rr.disposition = 'quarantine') AS quarantined,
             sum(rr.count) FILTER (WHERE rr.disposition = 'reject') AS rejected
      FROM report r JOIN report_record rr ON rr.report_id = r.id
      WHERE r.domain_id IS NOT NULL AND NOT rr.header_from_foreign GROUP BY r.domain_id
    ),
    dr AS (SELECT domain_id, sum(messages) AS messages FROM daily_rollup GROUP BY domain_id),
    dd AS (
      SELECT domain_id, sum(messages) AS messages, sum(dmarc_pass) AS dmarc_pass, sum(dkim_aligned_pass) AS dkim_pass,
             sum(spf_aligned_pass) AS spf_pass, sum(quarantined) AS quarantined, sum(rejected) AS rejected
      FROM domain_daily GROUP BY domain_id
    )
    SELECT coalesce(r.domain_id, dr.domain_id, dd.domain_id) AS domain_id, r.messages, dr.messages AS rollup, dd.messages AS daily
    FROM r FULL JOIN dr ON dr.domain_id = r.domain_id FULL JOIN dd ON dd.domain_id = coalesce(r.domain_id, dr.domain_id)
    WHERE coalesce(r.messages, 0) <> coalesce(dr.messages, 0) OR coalesce(r.messages, 0) <> coalesce(dd.messages, 0)
       OR coalesce(r.dmarc_pass, 0) <> coalesce(dd.dmarc_pass, 0) OR coalesce(r.dkim_pass, 0) <> coalesce(dd.dkim_pass, 0)
       OR coalesce(r.spf_pass, 0) <> coalesce(dd.spf_pass, 0) OR coalesce(r.quarantined, 0) <> coalesce(dd.quarantined, 0)
       OR coalesce(r.rejected, 0) <> coalesce(dd.rejected, 0)`);
}

export interface Rec {
  ip?: string;
  count?: number | string;
  disposition?: string;
  dkim?: string;
  spf?: string;
  headerFrom?: string;
  dkimDomain?: string;
  dkimResult?: string;
  spfDomain?: string;
  spfResult?: string;
  reason?: string;
}

export interface ReportSpec {
  org?: string;
  reportId: string;
  domain?: string;
  begin: number;
  end: number;
  records: Rec[];
  /** Extra text between elements, to make bytes differ without changing content. */
  padding?: string;
}

/** A hand-made aggregate report (RFC 7489 format). */
export function xmlReport(s: ReportSpec): Buffer {
  const pad = s.padding ?? '';
  const records = s.records.map((r, i) => {
    const dkim = r.dkimDomain === undefined ? '' : `<dkim><domain>${r.dkimDomain}</domain><selector>s1</selector><result>${r.dkimResult ?? 'pass'}</result></dkim>`;
    const reason = r.reason ? `<reason><type>${r.reason}</type></reason>` : '';
    return `<record>${pad}<row><source_ip>${r.ip ?? `192.0.2.${i + 1}`}</source_ip><count>${r.count ?? 1}</count>` +
      `<policy_evaluated><disposition>${r.disposition ?? 'none'}</disposition><dkim>${r.dkim ?? 'pass'}</dkim><spf>${r.spf ?? 'pass'}</spf>${reason}</policy_evaluated></row>` +
      `<identifiers><header_from>${r.headerFrom ?? s.domain ?? 'example.com'}</header_from></identifiers>` +
      `<auth_results>${dkim}<spf><domain>${r.spfDomain ?? s.domain ?? 'example.com'}</domain><scope>mfrom</scope><result>${r.spfResult ?? 'pass'}</result></spf></auth_results></record>`;
  });
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<feedback>${pad}<version>1.0</version>` +
      `<report_metadata><org_name>${s.org ?? 'reporter.example'}</org_name><email>dmarc@reporter.example</email>` +
      `<report_id>${s.reportId}</report_id><date_range><begin>${s.begin}</begin><end>${s.end}</end></date_range></report_metadata>` +
      `<policy_published><domain>${s.domain ?? 'example.com'}</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp><pct>100</pct></policy_published>\n` +
      `${records.join(`\n${pad}`)}\n</feedback>\n`,
    'utf8',
  );
}

export const DAY = 86_400;
/** 2025-03-01T00:00:00Z */
export const D0 = 1_740_787_200;

/**
 * Stores a report the way a large one is stored (streamed, COPY, a one-day report left
 * pending), in a transaction of its own — without the compaction an ingest requests after its
 * commit, so that a test sees the pending state for as long as it likes.
 */
export async function storeStreamed(xml: Buffer): Promise<StoredReport> {
  const sha256 = createHash('sha256').update(xml).digest('hex');
  return withTransaction((client) =>
    storeReport(
      client,
      { kind: 'stream', events: (sink) => streamReport(xml, { rows: sink })[Symbol.asyncIterator]() },
      { sha256, blobId: null, blob: { sha256, size: xml.length, compressed: async () => gzipSync(xml) } },
      { ingestFileId: null, trustSameBytes: true },
    ),
  );
}
