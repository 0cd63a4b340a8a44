import type pg from 'pg';
import type { IngestSource, IngestStatus } from '../generated/prisma/client';

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

export async function insertIngestFile(
  client: pg.ClientBase,
  row: { source: IngestSource; name: string; blobId: bigint; mailboxId: number | null },
): Promise<bigint> {
  const res = await client.query<{ id: string }>(
    `INSERT INTO ingest_file (source, name, blob_id, mailbox_id, status) VALUES ($1, $2, $3, $4, 'pending') RETURNING id`,
    [row.source, row.name, row.blobId.toString(), row.mailboxId],
  );
  return BigInt(res.rows[0].id);
}

/**
 * The row of an earlier attempt at the same input (same name, same bytes): ingesting a file
 * again, or a mailbox message re-delivered after a crash, is another attempt on that row, so
 * re-ingesting changes no counts.
 */
export async function findIngestFile(client: pg.ClientBase, blobId: bigint, name: string): Promise<{ id: bigint; status: IngestStatus } | null> {
  const res = await client.query<{ id: string; status: IngestStatus }>(
    'SELECT id, status FROM ingest_file WHERE blob_id = $1 AND name = $2 ORDER BY id DESC LIMIT 1',
    [blobId.toString(), name],
  );
  const row = res.rows[0];
  return row ? { id: BigInt(row.id), status: row.status } : null;
}

/**
 * The outcome of an attempt. A repeated attempt (re-processing, or the same input ingested
 * again) counts one more attempt on the same row; when it only finds duplicates of what an
 * earlier successful attempt stored, the row keeps that attempt's status and counters.
 */
export async function finishIngestFile(
  client: pg.ClientBase,
  id: bigint,
  summary: IngestFileSummary,
  opts: { newAttempt: boolean; keepOutcome?: boolean },
): Promise<void> {
  if (opts.keepOutcome) {
    await client.query('UPDATE ingest_file SET attempts = attempts + 1, updated_at = now() WHERE id = $1', [id.toString()]);
    return;
  }
  const first = summary.failures[0];
  await client.query(
    `UPDATE ingest_file SET status = $2, error = $3, error_code = $4, reports = $5, duplicates = $6, replaced = $7,
       set_aside = $8, failed_parts = $9, failures = $10, attempts = attempts + $11, updated_at = now()
     WHERE id = $1`,
    [
      id.toString(), summary.status, first?.error ?? null, first?.code ?? null, summary.reports, summary.duplicates,
      summary.replaced, summary.setAside, summary.failures.length, JSON.stringify(summary.failures), opts.newAttempt ? 1 : 0,
    ],
  );
}
