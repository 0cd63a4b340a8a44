import type pg from 'pg';
import { getPool } from '@/lib/platform/db';
import { log } from '@/lib/platform/log';
import { sqlState, withTransaction } from '@/lib/ingest/store/transaction';

/** Months created ahead of time, after the current one. */
const MONTHS_AHEAD = 2;
/**
 * Partition changes lock report_record (ATTACH: SHARE UPDATE EXCLUSIVE, DROP: ACCESS
 * EXCLUSIVE). A long ingest holds a conflicting lock; waiting behind it would queue every
 * other ingest behind this job, so the job gives up after this long and tries again later.
 */
const LOCK_TIMEOUT = '5s';

/** First day (YYYY-MM-DD) of the UTC month `offset` months after the one of `at`. */
export function monthStart(at: Date, offset = 0): string {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + offset, 1)).toISOString().slice(0, 10);
}

async function withLockTimeout<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T | null> {
  try {
    return await withTransaction(async (client) => {
      await client.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
      return fn(client);
    });
  } catch (err) {
    if (sqlState(err) !== '55P03') throw err;
    log.warn('report_record is busy (a long ingest?): partition maintenance tries again at its next run');
    return null;
  }
}

/**
 * Creates the partitions of this month and the next ones, and of any month whose rows landed
 * in the default partition (a report from long ago, or a month the job had not created yet),
 * moving those rows out of it — except months that retention drops anyway. Returns the
 * months created.
 */
export async function ensureRecordPartitions(now = new Date(), keepFrom: string | null = null): Promise<string[]> {
  const months = new Set<string>();
  for (let i = 0; i <= MONTHS_AHEAD; i++) months.add(monthStart(now, i));
  const stray = await getPool().query<{ m: string }>(
    "SELECT DISTINCT to_char(date_trunc('month', report_day), 'YYYY-MM-DD') AS m FROM report_record_default",
  );
  for (const { m } of stray.rows) if (keepFrom === null || m >= keepFrom) months.add(m);
  const created: string[] = [];
  for (const m of [...months].sort()) {
    const made = await withLockTimeout(async (client) => (await client.query<{ made: boolean }>('SELECT atlas_ensure_record_month($1::date) AS made', [m])).rows[0].made);
    if (made) created.push(m);
  }
  if (created.length > 0) log.info({ months: created }, 'report_record partitions created');
  return created;
}

/** The monthly partitions of report_record, by first day. */
export async function recordPartitions(): Promise<{ name: string; month: string }[]> {
  const res = await getPool().query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'report_record'::regclass AND c.relname ~ '^report_record_[0-9]{4}_[0-9]{2}$' ORDER BY 1`,
  );
  return res.rows.map((r) => ({ name: r.name, month: `${r.name.slice(14, 18)}-${r.name.slice(19, 21)}-01` }));
}

export { withLockTimeout };
