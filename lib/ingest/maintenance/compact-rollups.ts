import { getPool } from '@/lib/platform/db';
import { log } from '@/lib/platform/log';
import { pendingRecords, ROLLUP_DIMENSIONS } from '@/lib/ingest/store/rollup';
import { withTransaction } from '@/lib/ingest/store/transaction';

const KEY = `domain_id, day, source_ip, org_name, header_from, disposition, dkim_aligned, spf_aligned,
  dkim_domain, dkim_result, spf_domain, spf_result, override_reason`;

// Moves a domain's contributions into the compacted store in one statement: whatever a
// reader sees (the view daily_rollup) is the same before and after, since both stores are
// summed per key. Its pending reports (rollup_pending) are folded in with them, their records
// grouped here as the view groups them; keys they alone bring get new ids, as a contribution
// row's id would have been. Rows are upserted in key order (no two compactions of a domain run
// at once; the order keeps any other writer of these rows, like the view's insert trigger,
// from deadlocking with it). A key whose contributions add up to 0 changes nothing; one that a
// taken-back contribution brings to 0 is deleted by the next statement, as the old upsert did.
const MOVE = `
  WITH moved AS (
    DELETE FROM rollup_contrib WHERE domain_id = $1 RETURNING *
  ), pending AS (
    DELETE FROM rollup_pending WHERE domain_id = $1 RETURNING *
  ), summed AS (
    SELECT coalesce(min(id), nextval('daily_rollup_compacted_id_seq')) AS id, ${KEY}, sum(messages) AS messages
      FROM (
        SELECT id, ${KEY}, messages FROM moved
        UNION ALL
        SELECT NULL::bigint, ${KEY}, messages FROM (
          SELECT p.domain_id, p.day, p.org_name, ${ROLLUP_DIMENSIONS}, r.count AS messages
            FROM ${pendingRecords('pending')}
        ) x
      ) u
     GROUP BY ${KEY}
  ), upserted AS (
    INSERT INTO daily_rollup_compacted AS r (id, ${KEY}, messages)
    SELECT id, ${KEY}, messages FROM summed WHERE messages <> 0
    ORDER BY ${KEY}
    ON CONFLICT (${KEY}) DO UPDATE SET messages = r.messages + excluded.messages
    RETURNING r.day, r.messages
  )
  SELECT (SELECT count(*) FROM moved)::int AS moved, (SELECT count(*) FROM pending)::int AS reports,
         coalesce((SELECT array_agg(DISTINCT day::text) FROM upserted WHERE messages <= 0), '{}') AS emptied`;

export interface TCompaction {
  domains: number;
  /** Contribution rows moved. */
  rows: number;
  /** Pending reports whose records were folded in. */
  reports: number;
}

/**
 * Folds one domain's rollup contributions and pending reports into daily_rollup_compacted, in
 * one transaction under the domain's compaction lock. Ingest never waits for it (it only
 * appends); readers see exact figures before, during and after.
 */
export async function compactDomain(domainId: number): Promise<Omit<TCompaction, 'domains'>> {
  return withTransaction(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`compact:${domainId}`]);
    // Grouping a large report's records: in memory, not on disk.
    await client.query("SET LOCAL work_mem = '64MB'");
    // Moving contributions changes no figure: the query snapshots stay valid (the rollup
    // triggers of migration query_snapshots skip this transaction).
    await client.query("SET LOCAL atlas.compacting = 'on'");
    const res = await client.query<{ moved: number; reports: number; emptied: string[] }>({ name: 'atlas_compact_domain', text: MOVE, values: [domainId] });
    const { moved, reports, emptied } = res.rows[0];
    if (emptied.length > 0) {
      await client.query('DELETE FROM daily_rollup_compacted WHERE domain_id = $1 AND day = ANY($2::date[]) AND messages <= 0', [domainId, emptied]);
    }
    return { rows: moved, reports };
  });
}

/** Every domain with contributions or pending reports, one transaction each (the worker's job). */
export async function compactAll(): Promise<TCompaction> {
  const domains = await getPool().query<{ domain_id: number }>(
    'SELECT domain_id FROM rollup_contrib UNION SELECT domain_id FROM rollup_pending ORDER BY domain_id',
  );
  const done: TCompaction = { domains: 0, rows: 0, reports: 0 };
  for (const { domain_id: id } of domains.rows) {
    const one = await compactDomain(id);
    done.rows += one.rows;
    done.reports += one.reports;
    done.domains++;
  }
  return done;
}

// Compaction requested by this process (after a large ingest), one at a time in the
// background: the ingest's caller does not wait for it, and a process that exits can wait
// for what it started (settleCompactions).
const wanted = new Set<number>();
let running: Promise<void> | null = null;

/** Compacts these domains soon, in the background (after a large report was committed). */
export function requestCompaction(domainIds: Iterable<number>): void {
  for (const id of domainIds) wanted.add(id);
  running ??= (async () => {
    while (wanted.size > 0) {
      const [id] = wanted;
      wanted.delete(id);
      try {
        await compactDomain(id);
      } catch (err) {
        // The worker's job compacts whatever is left; the figures are exact either way.
        log.warn({ err, domainId: id }, 'rollup compaction after ingest failed');
      }
    }
  })().finally(() => {
    running = null;
  });
}

/** Waits for the compactions this process requested (before it closes its database pool). */
export async function settleCompactions(): Promise<void> {
  while (running) await running;
}
