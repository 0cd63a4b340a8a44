import { getPool, type Prisma } from '@/lib/platform/db';

/**
 * Runs one sender-map statement with nested loops off (and more sort memory): its CTEs carry
 * no statistics, so the planner guesses 200 rows for each and picks nested loops that are
 * quadratic on a domain with many addresses. SET LOCAL needs a transaction; it is a pg one on a
 * pooled client rather than a Prisma interactive transaction, whose 2 s maxWait failed pages
 * (P2028) when many were in flight: here a request waits in the pool's queue instead.
 * Results come back as node-postgres types (dates as text: select them with to_char).
 */
export async function hashJoinQuery<T>(sql: Prisma.Sql): Promise<T[]> {
  const client = await getPool().connect();
  try {
    await client.query("BEGIN; SET LOCAL enable_nestloop = off; SET LOCAL work_mem = '64MB'");
    const res = await client.query<T & object>(sql.text, sql.values);
    await client.query('COMMIT');
    client.release();
    return res.rows;
  } catch (err) {
    // A client whose transaction could not be rolled back is closed, not reused.
    const rolledBack = await client.query('ROLLBACK').then(() => true, () => false);
    client.release(!rolledBack);
    throw err;
  }
}
