import { getPool } from '@/lib/db/pool';

export interface DatabaseHealth {
  up: boolean;
  version?: string;
  latencyMs?: number;
  migrations?: number;
  error?: string;
}

export async function checkDatabase(): Promise<DatabaseHealth> {
  const started = performance.now();
  try {
    const version = await getPool().query<{ version: string }>("SELECT current_setting('server_version') AS version");
    const migrations = await getPool().query<{ n: string }>(
      'SELECT count(*)::text AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL',
    );
    return {
      up: true,
      version: `PostgreSQL ${version.rows[0]?.version ?? 'unknown'}`,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
      migrations: Number(migrations.rows[0]?.n ?? 0),
    };
  } catch (error) {
    return { up: false, error: (error as Error).message };
  }
}
