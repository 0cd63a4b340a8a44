import type pg from 'pg';
import type { TReportHeader } from '@/lib/ingest/parse/schema';
import type { ReportFigures } from '@/lib/ingest/parse/summary';
import type { DedupeKey } from './report-key';

/** Everything a report row holds besides its id and bookkeeping. */
export interface ReportRowValues {
  key: DedupeKey;
  header: TReportHeader;
  warnings: string[];
  figures: ReportFigures | null;
  contentHash: string;
  domainId: number | null;
  xmlBlobId: bigint;
  ingestFileId: bigint | null;
}

const COLUMNS = [
  'domain_id', 'org_name', 'reporter_email', 'extra_contact_info', 'report_id', 'begin_at', 'end_at', 'policy_domain',
  'adkim', 'aspf', 'p', 'sp', 'np', 'pct', 'fo', 'testing', 'discovery_method', 'namespace', 'version', 'generator',
  'errors', 'warnings', 'extensions', 'record_count', 'message_count', 'dmarc_pass', 'dkim_aligned_pass',
  'spf_aligned_pass', 'source_ip_count', 'content_hash', 'xml_blob_id', 'ingest_file_id',
] as const;

// $1 is the id; values follow in COLUMNS order; begin/end are Unix seconds.
const VALUES = COLUMNS.map((c, i) => (c === 'begin_at' || c === 'end_at' ? `to_timestamp($${i + 2})` : `$${i + 2}`));
/** $1 the id, $2–$33 the values (reportRowParams). */
export const INSERT_REPORT_SQL = `INSERT INTO report (id, ${COLUMNS.join(', ')}) VALUES ($1, ${VALUES.join(', ')})`;
const SET_ALL = `(${COLUMNS.join(', ')}) = (${VALUES.map((v, i) => (COLUMNS[i] === 'ingest_file_id' ? `coalesce(${v}, ingest_file_id)` : v)).join(', ')})`;
const REPLACE = `UPDATE report SET ${SET_ALL}, replacements = replacements + 1, replaced_at = now() WHERE id = $1`;
const UPDATE = `UPDATE report SET ${SET_ALL} WHERE id = $1`;

/** The parameters of the report statements: the id, then the values in column order. */
export function reportRowParams(id: bigint, v: ReportRowValues): unknown[] {
  const m = v.header.metadata;
  const p = v.header.policy_published;
  const f = v.figures;
  return [
    id.toString(), v.domainId, v.key.orgName, m.email, m.extra_contact_info, v.key.reportId, v.key.begin, v.key.end,
    v.key.policyDomain, p.adkim, p.aspf, p.p, p.sp, p.np, p.pct, p.fo, p.testing, p.discovery_method,
    v.header.namespace, v.header.version, m.generator, JSON.stringify(m.errors), JSON.stringify(v.warnings),
    v.header.extensions === null ? null : JSON.stringify(v.header.extensions),
    f?.records ?? 0, String(f?.messages ?? 0), String(f?.dmarc_pass ?? 0), String(f?.dkim_aligned_pass ?? 0),
    String(f?.spf_aligned_pass ?? 0), f?.source_ips ?? 0, v.contentHash, v.xmlBlobId.toString(), v.ingestFileId?.toString() ?? null,
  ];
}

export async function insertReportRow(client: pg.ClientBase, id: bigint, v: ReportRowValues): Promise<void> {
  await client.query({ name: 'atlas_insert_report', text: INSERT_REPORT_SQL, values: reportRowParams(id, v) });
}

/** A re-sent report with new content: same row, new values, one more replacement. */
export async function replaceReportRow(client: pg.ClientBase, id: bigint, v: ReportRowValues): Promise<void> {
  await client.query(REPLACE, reportRowParams(id, v));
}

/** Final values of a row written before its records streamed in (figures known only at the end). */
export async function updateReportRow(client: pg.ClientBase, id: bigint, v: ReportRowValues): Promise<void> {
  await client.query(UPDATE, reportRowParams(id, v));
}

/** Many new report rows in one statement (a batch of small reports): the values insertReportRow writes. */
export async function insertReportRows(client: pg.ClientBase, rows: Array<{ id: bigint; values: ReportRowValues }>): Promise<void> {
  if (rows.length === 0) return;
  const width = COLUMNS.length + 1;
  const tuples = rows.map((_, r) => {
    const at = (i: number) => `$${r * width + i + 1}`;
    return `(${at(0)}, ${COLUMNS.map((c, i) => (c === 'begin_at' || c === 'end_at' ? `to_timestamp(${at(i + 1)})` : at(i + 1))).join(', ')})`;
  });
  await client.query(`INSERT INTO report (id, ${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`, rows.flatMap((r) => reportRowParams(r.id, r.values)));
}
