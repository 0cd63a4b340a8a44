import { getPool } from '@/lib/platform/db';

export interface DatabaseHealth {
  up: boolean;
  version?: string;
  latencyMs?: number;
  migrations?: number;
  /** Worker processes that refreshed their heartbeat in the last 30 s (lib/worker/heartbeat.ts). */
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
              (SELECT count(*) FROM worker_heartbeat WHERE seen_at > now() - interval '30 seconds')::int AS workers`,
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
