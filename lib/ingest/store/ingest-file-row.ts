import type pg from 'pg';
import type { IngestSource, IngestStatus } from '@/lib/platform/db';
import { INLINE_INSERT_MAX, storeBlob, type BlobSource, type PendingBlobs } from './blob';

/** One part of an input that failed, as kept in ingest_file.failures and shown to people. */
export interface PartFailure {
  path: string;
  code: string;
  error: string;
}

export interface IngestFileSummary {
  status: IngestStatus;
  reports: number;
  duplicates: number;
  replaced: number;
  setAside: number;
  failures: PartFailure[];
}

export interface OpenedIngestFile {
  blobId: bigint;
  fileId: bigint;
  /** Status of the earlier attempt at the same input (same name, same bytes), if any. */
  earlier: IngestStatus | null;
}

// The attempt's row: the row of an earlier attempt at the same input (same name, same bytes) —
// ingesting a file again, or a mailbox message re-delivered after a crash, is another attempt
// on that row, so re-ingesting changes no counts — or a new one. The statement also takes the
// advisory locks of the input's only report when given (null: none), saving a round trip.
function openFileSql(p: { name: string; source: string; mailbox: string; reportLock: string; domainLock: string }): string {
  return `
  earlier AS (
    SELECT f.id, f.status FROM ingest_file f
    WHERE f.blob_id = (SELECT id FROM blob) AND f.name = ${p.name} ORDER BY f.id DESC LIMIT 1
  ),
  created AS (
    INSERT INTO ingest_file (source, name, blob_id, mailbox_id, status)
    SELECT ${p.source}::"IngestSource", ${p.name}, b.id, ${p.mailbox}, 'pending' FROM blob b WHERE NOT EXISTS (SELECT 1 FROM earlier)
    RETURNING id
  )
  SELECT b.id AS blob_id, coalesce((SELECT id FROM earlier), (SELECT id FROM created)) AS file_id,
         (SELECT status FROM earlier) AS earlier_status,
         pg_advisory_xact_lock(hashtextextended(${p.reportLock}::text, 0)) AS report_locked,
         pg_advisory_xact_lock_shared(hashtextextended(${p.domainLock}::text, 0)) AS domain_locked
  FROM blob b`;
}

// Small inputs: the blob and the row in one round trip ($1–$4 the blob).
const WITH_BLOB = `
  WITH ins AS (
    INSERT INTO raw_blob (sha256, size, compressed_size, bytes) VALUES ($1, $2, $3, $4)
    -- Bytes dropped by retention are stored again when they arrive again.
    ON CONFLICT (sha256) DO UPDATE SET bytes = excluded.bytes, compressed_size = excluded.compressed_size, dropped_at = NULL
      WHERE raw_blob.dropped_at IS NOT NULL
    RETURNING id
  ),
  blob AS (SELECT id FROM ins UNION ALL SELECT id FROM raw_blob WHERE sha256 = $1 LIMIT 1),
  ${openFileSql({ name: '$5', source: '$6', mailbox: '$7', reportLock: '$8', domainLock: '$9' })}`;

// Large inputs: the blob is stored first (storeBlob, which may compress in the background).
const WITHOUT_BLOB = `
  WITH blob AS (SELECT $1::bigint AS id),
  ${openFileSql({ name: '$2', source: '$3', mailbox: '$4', reportLock: '$5', domainLock: '$6' })}`;

/** Advisory-lock names to take with the row (report-key.ts), for an input holding one report. */
export interface InputLocks {
  report: string;
  domain: string;
}

/** Stores the input's bytes (once per sha256) and opens the row of this attempt. */
export async function openIngestFile(
  client: pg.ClientBase,
  blob: BlobSource,
  pending: PendingBlobs,
  row: { source: IngestSource; name: string; mailboxId: number | null },
  locks: InputLocks | null = null,
): Promise<OpenedIngestFile> {
  type Row = { blob_id: string; file_id: string; earlier_status: IngestStatus | null };
  const lockValues = [locks?.report ?? null, locks?.domain ?? null];
  let res: pg.QueryResult<Row> | null = null;
  if (blob.size <= INLINE_INSERT_MAX) {
    const gz = await blob.compressed();
    res = await client.query<Row>({
      name: 'atlas_open_file_blob',
      text: WITH_BLOB,
      values: [blob.sha256, blob.size, gz.length, gz, row.name, row.source, row.mailboxId, ...lockValues],
    });
  }
  // Large, or a concurrent insert of the same bytes committed after the statement began.
  if (!res?.rows[0]) {
    const blobId = await storeBlob(client, blob, pending);
    res = await client.query<Row>(WITHOUT_BLOB, [blobId.toString(), row.name, row.source, row.mailboxId, ...lockValues]);
  }
  const r = res.rows[0];
  return { blobId: BigInt(r.blob_id), fileId: BigInt(r.file_id), earlier: r.earlier_status };
}

/** The outcome of one attempt at an input: what its row is set to. */
export interface FinishedIngestFile {
  id: bigint;
  summary: IngestFileSummary;
  /** Counts one more attempt on the row (re-processing, or the same input ingested again). */
  newAttempt: boolean;
  /** Only duplicates of what an earlier successful attempt stored: the row keeps that attempt's status and counters. */
  keepOutcome: boolean;
}

/**
 * The outcome of an attempt. A repeated attempt (re-processing, or the same input ingested
 * again) counts one more attempt on the same row; when it only finds duplicates of what an
 * earlier successful attempt stored, the row keeps that attempt's status and counters.
 */
export async function finishIngestFile(client: pg.ClientBase, row: FinishedIngestFile): Promise<void> {
  await finishIngestFiles(client, [row]);
}

/** finishIngestFile for many rows (a batch of small inputs) in one statement. */
export async function finishIngestFiles(client: pg.ClientBase, rows: FinishedIngestFile[]): Promise<void> {
  if (rows.length === 0) return;
  const json = rows.map(({ id, summary: s, newAttempt, keepOutcome }) => ({
    id: id.toString(), keep: keepOutcome, status: s.status, error: s.failures[0]?.error ?? null, error_code: s.failures[0]?.code ?? null,
    reports: s.reports, duplicates: s.duplicates, replaced: s.replaced, set_aside: s.setAside, failed_parts: s.failures.length,
    failures: s.failures, add: newAttempt ? 1 : 0,
  }));
  // A kept outcome only counts the attempt.
  await client.query({
    name: 'atlas_finish_files',
    text: `UPDATE ingest_file f SET
       status = CASE WHEN u.keep THEN f.status ELSE u.status::"IngestStatus" END,
       error = CASE WHEN u.keep THEN f.error ELSE u.error END,
       error_code = CASE WHEN u.keep THEN f.error_code ELSE u.error_code END,
       reports = CASE WHEN u.keep THEN f.reports ELSE u.reports END,
       duplicates = CASE WHEN u.keep THEN f.duplicates ELSE u.duplicates END,
       replaced = CASE WHEN u.keep THEN f.replaced ELSE u.replaced END,
       set_aside = CASE WHEN u.keep THEN f.set_aside ELSE u.set_aside END,
       failed_parts = CASE WHEN u.keep THEN f.failed_parts ELSE u.failed_parts END,
       failures = CASE WHEN u.keep THEN f.failures ELSE u.failures END,
       attempts = f.attempts + CASE WHEN u.keep THEN 1 ELSE u.add END,
       updated_at = now()
     FROM jsonb_to_recordset($1::jsonb) AS u(id bigint, keep boolean, status text, error text, error_code text, reports int, duplicates int,
       replaced int, set_aside int, failed_parts int, failures jsonb, add int)
     WHERE f.id = u.id`,
    values: [JSON.stringify(json)],
  });
}
