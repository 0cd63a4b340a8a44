import { getPool } from '@/lib/platform/db';
import { appendPending } from '@/lib/ingest/store/rollup';
import { log } from '@/lib/platform/log';
import { monthStart, recordPartitions, withLockTimeout } from './record-partitions';

export interface TRetention {
  /** Records older than this day (YYYY-MM-DD) are gone: whole months only. */
  keepFrom: string;
  partitionsDropped: string[];
  defaultRowsDeleted: number;
  reportsMarked: number;
  blobsDropped: number;
}

/** The first day of records kept: the month that holds the day `days` days ago (whole months go). */
export function retentionStart(days: number, now = new Date()): string {
  return monthStart(new Date(now.getTime() - days * 86_400_000));
}

/**
 * ATLAS_RETENTION_DAYS: drops the raw records of whole months older than the retention
 * (DROP of their partition: no row-by-row delete, no bloat), the stray rows of those months
 * in the default partition, and the stored bytes of reports and inputs nobody needs any more
 * (failed inputs are kept: they can be reprocessed). Report rows, their figures and every
 * rollup stay: the pages' figures do not change (a report still pending on its records has its
 * contribution appended first). Reports whose records are gone are marked
 * (records_dropped_at): a different copy of one arriving later cannot replace it, since what
 * it contributed can no longer be taken back exactly.
 */
export async function applyRetention(days: number, now = new Date()): Promise<TRetention> {
  const keepFrom = retentionStart(days, now);
  const out: TRetention = { keepFrom, partitionsDropped: [], defaultRowsDeleted: 0, reportsMarked: 0, blobsDropped: 0 };
  for (const p of await recordPartitions()) {
    if (p.month >= keepFrom) continue;
    const next = monthStart(new Date(`${p.month}T00:00:00Z`), 1);
    const done = await withLockTimeout(async (client) => {
      // No ingest writes to the month meanwhile, so no report of it is left pending on records that are gone.
      await client.query(`LOCK TABLE "${p.name}" IN ACCESS EXCLUSIVE MODE`);
      await appendPending(client, p.month, next);
      const marked = await client.query(
        `UPDATE report SET records_dropped_at = now()
          WHERE begin_at >= $1::date AT TIME ZONE 'UTC' AND begin_at < $2::date AT TIME ZONE 'UTC' AND records_dropped_at IS NULL`,
        [p.month, next],
      );
      await client.query(`DROP TABLE "${p.name}"`);
      return marked.rowCount ?? 0;
    });
    if (done === null) continue;
    out.partitionsDropped.push(p.month);
    out.reportsMarked += done;
  }
  const deleted = await withLockTimeout(async (client) => {
    await client.query('LOCK TABLE report_record_default IN SHARE ROW EXCLUSIVE MODE');
    await appendPending(client, null, keepFrom);
    const rows = await client.query('DELETE FROM report_record_default WHERE report_day < $1::date', [keepFrom]);
    const marked = await client.query(
      "UPDATE report SET records_dropped_at = now() WHERE begin_at < $1::date AT TIME ZONE 'UTC' AND records_dropped_at IS NULL",
      [keepFrom],
    );
    return { rows: rows.rowCount ?? 0, marked: marked.rowCount ?? 0 };
  });
  if (deleted) {
    out.defaultRowsDeleted = deleted.rows;
    out.reportsMarked += deleted.marked;
  }
  // Bytes nobody needs: the XML of reports whose records are gone and inputs older than the
  // retention that were stored without failure — unless a kept report or input uses them too.
  const blobs = await getPool().query(
    `UPDATE raw_blob b SET bytes = '\\x'::bytea, compressed_size = 0, dropped_at = now()
      WHERE b.dropped_at IS NULL
        AND b.id IN (SELECT xml_blob_id FROM report WHERE records_dropped_at IS NOT NULL
                     UNION SELECT blob_id FROM ingest_file WHERE created_at < $1::date AT TIME ZONE 'UTC' AND status IN ('ingested', 'duplicate', 'set_aside'))
        AND NOT EXISTS (SELECT 1 FROM report r WHERE r.xml_blob_id = b.id AND r.records_dropped_at IS NULL)
        AND NOT EXISTS (SELECT 1 FROM ingest_file f WHERE f.blob_id = b.id
                         AND (f.created_at >= $1::date AT TIME ZONE 'UTC' OR f.status NOT IN ('ingested', 'duplicate', 'set_aside')))`,
    [keepFrom],
  );
  out.blobsDropped = blobs.rowCount ?? 0;
  if (out.partitionsDropped.length || out.defaultRowsDeleted || out.blobsDropped) log.info({ retention: out }, 'retention applied');
  return out;
}
