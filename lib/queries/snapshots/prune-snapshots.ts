import { getPool } from '@/lib/platform/db';

export interface TPruneResult {
  snapshots: number;
}

// Snapshots of an older version of their domain's figures are never read again (each read
// compares versions); snapshots not recomputed for two days are windows nobody looks at.
const DROP_SNAPSHOTS = `
  DELETE FROM query_snapshot s
   WHERE s.computed_at < now() - interval '2 days'
      OR s.data_version <> coalesce((SELECT sum(n) FROM snapshot_change c WHERE c.domain_id = s.domain_id), 0)`;

// The version is a sum: folding a domain's rows into one keeps it and keeps the lookup short.
// Rows of deleted domains go. Rows appended by transactions still running are not visible here,
// so they are neither deleted nor counted: they add to the sum when they commit.
const FOLD_CHANGES = `
  WITH gone AS (DELETE FROM snapshot_change RETURNING domain_id, n)
  INSERT INTO snapshot_change (domain_id, n)
  SELECT g.domain_id, sum(g.n) FROM gone g
   WHERE g.domain_id IS NULL OR EXISTS (SELECT 1 FROM domain d WHERE d.id = g.domain_id)
   GROUP BY g.domain_id`;

/** Drops stale snapshots and folds the change counters (the snapshot job, after refreshing). */
export async function pruneSnapshots(): Promise<TPruneResult> {
  await getPool().query(FOLD_CHANGES);
  const dropped = await getPool().query(DROP_SNAPSHOTS);
  return { snapshots: dropped.rowCount ?? 0 };
}
