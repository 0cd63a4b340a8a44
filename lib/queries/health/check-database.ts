import { getPool } from '@/lib/platform/db';
import { WORKER_APPLICATION_NAME } from '@/lib/platform/jobs';

export interface DatabaseHealth {
  up: boolean;
  version?: string;
  latencyMs?: number;
  migrations?: number;
  /** Worker processes whose heartbeat session ran in the last 30 s (lib/worker/heartbeat.ts). */
  workersAlive?: number;
  error?: string;
}

interface Row {
  version: string;
  migrations: number;
  workers: number;
}

/** One round trip: server version, applied migrations and live workers. */
export async function checkDatabase(): Promise<DatabaseHealth> {
  const started = performance.now();
  try {
    const { rows } = await getPool().query<Row>(
      `SELECT current_setting('server_version') AS version,
              (SELECT count(*) FROM "_prisma_migrations" WHERE finished_at IS NOT NULL)::int AS migrations,
              (SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND application_name = $1
                  AND state_change > now() - interval '30 seconds')::int AS workers`,
      [WORKER_APPLICATION_NAME],
    );
    const row = rows[0];
    return {
      up: true,
      version: `PostgreSQL ${row?.version ?? 'unknown'}`,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
      migrations: row?.migrations ?? 0,
      workersAlive: row?.workers ?? 0,
    };
  } catch (error) {
    return { up: false, error: (error as Error).message };
  }
}
