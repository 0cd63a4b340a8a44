import type pg from 'pg';
import { getPool } from '@/lib/platform/db';
import { log } from '@/lib/platform/log';

const RETRYABLE = new Set(['40P01', '40001']); // deadlock detected, serialization failure
const MAX_ATTEMPTS = 5;

export function sqlState(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

/**
 * Runs `fn` in one transaction on a pooled client. Deadlocks between concurrent ingests
 * (two inputs holding the same reports or rollup rows in opposite orders) are expected now
 * and then: Postgres aborts one, and it is run again from the start, so `fn` must be
 * re-runnable.
 */
export async function withTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await getPool().connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true;
      }
      const state = sqlState(err);
      if (state === null || !RETRYABLE.has(state) || attempt >= MAX_ATTEMPTS) throw err;
      log.warn({ attempt, sqlState: state }, 'ingest transaction aborted by Postgres; retrying');
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
    } finally {
      client.release(broken);
    }
  }
}
