import type pg from 'pg';
import type { IngestSource } from '@/lib/platform/db';
import type { BlobSource } from './blob';
import type { InputLocks, OpenedIngestFile } from './ingest-file-row';

/** A small input of a batch: its bytes' sha256 (among the batch's blobs) and its row's fields. */
export interface BatchFile {
  sha256: string;
  name: string;
  source: IngestSource;
  mailboxId: number | null;
}

export interface OpenedBatch {
  /** Per file, in order; null when its bytes were committed by another transaction meanwhile (open it alone). */
  files: Array<OpenedIngestFile | null>;
  /** raw_blob id of every blob stored or found, by sha256. */
  blobIds: Map<string, bigint>;
}

// openIngestFile's WITH_BLOB for many inputs: the batch's blobs (the inputs' bytes and the XML
// of the reports inside them, each once), one ingest_file row per input (or its earlier
// attempt's) and the advisory locks of the batch's reports, in the order given.
const OPEN_FILES = `
  WITH locks AS (
    SELECT count(pg_advisory_xact_lock(hashtextextended(l.r, 0))) + count(pg_advisory_xact_lock_shared(hashtextextended(l.d, 0))) AS n
    FROM unnest($9::text[], $10::text[]) AS l(r, d)
  ),
  ins AS (
    INSERT INTO raw_blob (sha256, size, compressed_size, bytes)
    SELECT b.sha256, b.size, b.compressed_size, substring($4::bytea FROM b.at::int FOR b.compressed_size::int)
    FROM unnest($1::text[], $2::bigint[], $3::bigint[], $11::bigint[]) AS b(sha256, size, compressed_size, at)
    -- Bytes dropped by retention are stored again when they arrive again.
    ON CONFLICT (sha256) DO UPDATE SET bytes = excluded.bytes, compressed_size = excluded.compressed_size, dropped_at = NULL
      WHERE raw_blob.dropped_at IS NOT NULL
    RETURNING sha256, id
  ),
  blobs AS (
    SELECT DISTINCT ON (sha256) sha256, id FROM (SELECT sha256, id FROM ins UNION ALL SELECT sha256, id FROM raw_blob WHERE sha256 = ANY($1::text[])) a
  ),
  joined AS (
    SELECT i.*, b.id AS blob_id
    FROM unnest($5::text[], $6::text[], $7::text[], $8::int[]) WITH ORDINALITY AS i(sha256, name, source, mailbox_id, ord)
    JOIN blobs b ON b.sha256 = i.sha256
  ),
  earlier AS (
    SELECT j.ord, e.id, e.status FROM joined j
    CROSS JOIN LATERAL (SELECT f.id, f.status FROM ingest_file f WHERE f.blob_id = j.blob_id AND f.name = j.name ORDER BY f.id DESC LIMIT 1) e
  ),
  created AS (
    INSERT INTO ingest_file (source, name, blob_id, mailbox_id, status)
    SELECT j.source::"IngestSource", j.name, j.blob_id, j.mailbox_id, 'pending' FROM joined j
    WHERE NOT EXISTS (SELECT 1 FROM earlier e WHERE e.ord = j.ord)
    ORDER BY j.ord
    RETURNING id, blob_id, name
  )
  SELECT j.ord, j.blob_id, coalesce(e.id, c.id) AS file_id, e.status AS earlier_status,
         (SELECT n FROM locks) AS locked, (SELECT json_object_agg(sha256, id::text) FROM blobs) AS blob_ids
  FROM joined j
  LEFT JOIN earlier e ON e.ord = j.ord
  LEFT JOIN created c ON c.blob_id = j.blob_id AND c.name = j.name`;

/**
 * openIngestFile for many small inputs in one statement. The caller passes each blob once,
 * each (bytes, name) pair once (a second attempt at the same input must see the first's row:
 * open it alone, afterwards), and the locks sorted.
 */
export async function openIngestFiles(client: pg.ClientBase, blobs: BlobSource[], files: BatchFile[], locks: InputLocks[]): Promise<OpenedBatch> {
  const gz = await Promise.all(blobs.map((b) => b.compressed()));
  // All the bytes in one binary parameter, each blob cut out by position: an array of bytea
  // would go as hex text, which both sides spend far more time writing and reading.
  const at: number[] = [];
  let pos = 1;
  for (const g of gz) {
    at.push(pos);
    pos += g.length;
  }
  type Row = { ord: string; blob_id: string; file_id: string; earlier_status: OpenedIngestFile['earlier']; blob_ids: Record<string, string> | null };
  const res = await client.query<Row>(OPEN_FILES, [
    blobs.map((b) => b.sha256), blobs.map((b) => b.size), gz.map((g) => g.length), Buffer.concat(gz),
    files.map((f) => f.sha256), files.map((f) => f.name), files.map((f) => f.source), files.map((f) => f.mailboxId),
    locks.map((l) => l.report), locks.map((l) => l.domain), at,
  ]);
  const opened: Array<OpenedIngestFile | null> = files.map(() => null);
  for (const r of res.rows) opened[Number(r.ord) - 1] = { blobId: BigInt(r.blob_id), fileId: BigInt(r.file_id), earlier: r.earlier_status };
  const blobIds = new Map(Object.entries(res.rows[0]?.blob_ids ?? {}).map(([sha, id]) => [sha, BigInt(id)]));
  return { files: opened, blobIds };
}
